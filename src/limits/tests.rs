use actix_web::http::Method;

use super::*;

#[test]
fn routes_spend_from_their_own_budgets() {
    let of = |m: Method, p: &str| BudgetKind::of(&m, p);
    assert_eq!(of(Method::GET, "/api/v1/listings"), BudgetKind::Search);
    assert_eq!(of(Method::GET, "/api/v1/wanted"), BudgetKind::Search);
    assert_eq!(of(Method::POST, "/api/v1/listings"), BudgetKind::Write);
    assert_eq!(of(Method::GET, "/api/v1/listings/{id}"), BudgetKind::Read);
    assert_eq!(of(Method::POST, "/api/v1/auth/login"), BudgetKind::Auth);
    assert_eq!(
        of(Method::POST, "/api/v1/invitations/accept"),
        BudgetKind::Auth
    );
    assert_eq!(
        of(Method::POST, "/api/v1/organisations/{id}/invitations"),
        BudgetKind::Invitation
    );
    assert_eq!(of(Method::POST, "/api/v1/api-keys"), BudgetKind::ApiKey);
    assert_eq!(of(Method::GET, "/api/v1/api-keys"), BudgetKind::Read);
    assert_eq!(
        of(Method::DELETE, "/api/v1/api-keys/{id}"),
        BudgetKind::Write
    );
    assert_eq!(
        of(Method::POST, "/api/v1/saved-searches"),
        BudgetKind::SavedSearch
    );
}

#[test]
fn a_budget_refuses_past_its_burst_and_says_when_to_come_back() {
    let settings = RateLimitSettings {
        write: Budget::new(60, Period::Hour, 3),
        ..RateLimitSettings::default()
    };
    let limiters = Limiters::new(&settings).unwrap();
    let client = Client::Ip("192.0.2.1".parse().unwrap());
    let spent: Vec<Allowance> = (0..4)
        .map(|_| limiters.spend(BudgetKind::Write, &client))
        .collect();
    assert_eq!(
        spent
            .iter()
            .map(|a| (a.allowed, a.remaining))
            .collect::<Vec<_>>(),
        [(true, 2), (true, 1), (true, 0), (false, 0)]
    );
    assert_eq!(spent[0].quota, 3);
    assert_eq!(spent[0].window.as_secs(), 180);
    let wait = spent[3].reset.as_secs();
    assert!(
        (55..=60).contains(&wait),
        "one request comes back in a minute, not {wait} s"
    );
    // Another budget, and another client, are untouched.
    assert!(limiters.spend(BudgetKind::Read, &client).allowed);
    let other = Client::Ip("192.0.2.2".parse().unwrap());
    assert!(limiters.spend(BudgetKind::Write, &other).allowed);
}

#[test]
fn a_budget_of_nothing_is_refused_at_start() {
    let settings = RateLimitSettings {
        search: Budget::new(0, Period::Minute, 10),
        ..RateLimitSettings::default()
    };
    let error = Limiters::new(&settings).err().unwrap().to_string();
    assert!(error.contains("rate_limit.search"), "{error}");
}

#[test]
fn a_budget_configured_in_part_keeps_the_rest_of_its_default() {
    use figment::providers::{Format, Toml};
    let settings: RateLimitSettings = figment::Figment::from(Toml::string(
        "[write]\nrequests = 120\n[auth]\nper = 'hour'",
    ))
    .extract()
    .unwrap();
    let default = RateLimitSettings::default();
    assert_eq!(settings.write.requests, 120);
    assert_eq!(settings.write.per, default.write.per);
    assert_eq!(settings.write.burst, default.write.burst);
    assert_eq!(settings.auth.per, Period::Hour);
    assert_eq!(settings.auth.requests, default.auth.requests);
    assert_eq!(settings.search.burst, default.search.burst);
    assert!(settings.enabled);
}
