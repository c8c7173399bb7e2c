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

fn request_from(peer: &str, forwarded: Option<&str>) -> actix_web::dev::ServiceRequest {
    let mut request = actix_web::test::TestRequest::default().peer_addr(peer.parse().unwrap());
    if let Some(value) = forwarded {
        request = request.insert_header(("x-forwarded-for", value));
    }
    request.to_srv_request()
}

#[test]
fn forwarded_addresses_are_believed_from_listed_proxies_only() {
    let proxies: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
    let ip = |peer, header| client::client_ip(&request_from(peer, header), &proxies).to_string();
    // From a listed proxy: the nearest address that is not a proxy.
    assert_eq!(ip("10.0.0.2:1", Some("203.0.113.9")), "203.0.113.9");
    assert_eq!(
        ip("10.0.0.2:1", Some("198.51.100.1, 203.0.113.9, 10.0.0.7")),
        "203.0.113.9"
    );
    // From anyone else the header is the client's own claim, and ignored.
    assert_eq!(ip("192.0.2.5:1", Some("203.0.113.9")), "192.0.2.5");
    // A proxy that forwards nothing, or rubbish: the proxy, or the last believable hop.
    assert_eq!(ip("10.0.0.2:1", None), "10.0.0.2");
    assert_eq!(ip("10.0.0.2:1", Some("not-an-ip, 10.0.0.3")), "10.0.0.3");
    // IPv6 clients count by their /56.
    assert_eq!(ip("[2001:db8:1:2:3:4:5:6]:1", None), "2001:db8:1::");
}

#[test]
fn trusted_proxies_take_addresses_and_networks_as_documented() {
    // The value as the environment gives it (`TERRIL_RATE_LIMIT__TRUSTED_PROXIES=...`),
    // parsed as figment parses every variable, and as the file gives it.
    let from_env = |written: &str| {
        let value: figment::value::Value = written.parse().unwrap();
        figment::Figment::new()
            .merge(("trusted_proxies", value))
            .extract::<RateLimitSettings>()
            .map_err(|e| e.to_string())
    };
    let settings = from_env("[10.0.0.0/8, 192.0.2.7, 2001:db8::/32, ::1]").unwrap();
    let written: Vec<String> = settings
        .trusted_proxies
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        written,
        ["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "::1/128"]
    );
    use figment::providers::{Format, Toml};
    let file: RateLimitSettings = figment::Figment::from(Toml::string(
        "trusted_proxies = ['10.0.0.0/8', '192.0.2.7']",
    ))
    .extract()
    .unwrap();
    assert_eq!(file.trusted_proxies, settings.trusted_proxies[..2]);
    // A bare address is that address alone.
    let ip = |peer| {
        client::client_ip(
            &request_from(peer, Some("203.0.113.9")),
            &file.trusted_proxies,
        )
    };
    assert_eq!(ip("192.0.2.7:1").to_string(), "203.0.113.9");
    assert_eq!(ip("192.0.2.8:1").to_string(), "192.0.2.8");
    // Anything else is refused, naming the entry and the setting.
    let error = from_env("[10.0.0.0/8, proxy.internal]").unwrap_err();
    assert!(
        error.contains("`proxy.internal` in rate_limit.trusted_proxies"),
        "{error}"
    );
    assert!(from_env("[10.0.0.0/33]").is_err());
}
