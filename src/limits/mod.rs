//! Rate limits on every endpoint: each request spends from one budget (searches, reads,
//! writes, invitations, API keys, saved searches, sign-in) of one client (its API key, its
//! user, or for anonymous calls its IP address), so that one client cannot slow down or
//! flood everyone else.
//!
//! Budgets are token buckets (GCRA, the `governor` crate) held in each instance's memory:
//! behind a load balancer spreading calls over N instances, a client may spend up to N
//! times a budget. What an organisation may hold at once is limited separately, in the
//! database, by quotas (`configuration::QuotaSettings`).

use std::collections::HashSet;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use actix_web::http::Method;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::domain::UserId;

/// Whose budget a request spends (resolved from a request by `http::client`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Client {
    /// An anonymous caller, or one whose credential is not (yet) known to be valid. IPv6
    /// addresses count by their /56, the block one customer is usually given.
    Ip(IpAddr),
    User(UserId),
    /// By the hash of the key, as it is stored.
    ApiKey(String),
}

pub use crate::configuration::rate_limit::{Budget, Period, RateLimitSettings};

/// The kinds of request that spend from separate budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetKind {
    Auth,
    Search,
    Read,
    Write,
    Invitation,
    ApiKey,
    SavedSearch,
}

impl BudgetKind {
    /// Every kind, to show each one's refusals (none yet) from the start.
    pub const ALL: [BudgetKind; 7] = [
        BudgetKind::Auth,
        BudgetKind::Search,
        BudgetKind::Read,
        BudgetKind::Write,
        BudgetKind::Invitation,
        BudgetKind::ApiKey,
        BudgetKind::SavedSearch,
    ];

    /// Which budget a request to a route pattern spends from. A path no route matches
    /// (pattern `""`) spends as any other: reads for GET and HEAD, writes otherwise.
    pub fn of(method: &Method, pattern: &str) -> Self {
        let reading = matches!(*method, Method::GET | Method::HEAD);
        match pattern {
            p if p.starts_with("/api/v1/auth/") || p == "/api/v1/invitations/accept" => {
                BudgetKind::Auth
            }
            // The pages' counterparts: the verification link's GET uses its token up.
            "/verify-email" => BudgetKind::Auth,
            "/sign-in" | "/register" | "/forgot-password" | "/reset-password"
            | "/accept-invitation"
                if !reading =>
            {
                BudgetKind::Auth
            }
            "/api/v1/listings" | "/api/v1/wanted" if reading => BudgetKind::Search,
            _ if reading => BudgetKind::Read,
            "/api/v1/organisations/{id}/invitations" => BudgetKind::Invitation,
            "/api/v1/api-keys" => BudgetKind::ApiKey,
            "/api/v1/saved-searches" => BudgetKind::SavedSearch,
            _ => BudgetKind::Write,
        }
    }

    /// The policy's name in the `RateLimit` headers.
    pub fn name(self) -> &'static str {
        match self {
            BudgetKind::Auth => "auth",
            BudgetKind::Search => "search",
            BudgetKind::Read => "read",
            BudgetKind::Write => "write",
            BudgetKind::Invitation => "invitation",
            BudgetKind::ApiKey => "api_key",
            BudgetKind::SavedSearch => "saved_search",
        }
    }

    fn budget(self, settings: &RateLimitSettings) -> Budget {
        match self {
            BudgetKind::Auth => settings.auth,
            BudgetKind::Search => settings.search,
            BudgetKind::Read => settings.read,
            BudgetKind::Write => settings.write,
            BudgetKind::Invitation => settings.invitation,
            BudgetKind::ApiKey => settings.api_key,
            BudgetKind::SavedSearch => settings.saved_search,
        }
    }
}

type Limiter =
    RateLimiter<Client, DefaultKeyedStateStore<Client>, DefaultClock, StateInformationMiddleware>;

/// What a request may know of its budget after spending from it.
#[derive(Debug, Clone, Copy)]
pub struct Allowance {
    pub kind: BudgetKind,
    /// The bucket's size and the time it takes to fill from empty.
    pub quota: u32,
    pub window: Duration,
    /// Requests left now, and the time until the bucket is full again (refused: until the
    /// next request is allowed).
    pub remaining: u32,
    pub reset: Duration,
    pub allowed: bool,
}

/// API keys known to be valid have budgets of their own; any other key spends from its
/// IP's, or random keys would each bring a fresh budget.
const KNOWN_KEYS_MAX: usize = 100_000;

pub struct Limiters {
    settings: RateLimitSettings,
    buckets: Vec<(BudgetKind, Limiter)>,
    known_api_keys: Mutex<HashSet<String>>,
}

impl Limiters {
    pub fn new(settings: &RateLimitSettings) -> anyhow::Result<Self> {
        let buckets = BudgetKind::ALL
            .into_iter()
            .map(|kind| Ok((kind, limiter(kind, kind.budget(settings))?)))
            .collect::<anyhow::Result<_>>()?;
        Ok(Self {
            settings: settings.clone(),
            buckets,
            known_api_keys: Mutex::new(HashSet::new()),
        })
    }

    pub fn settings(&self) -> &RateLimitSettings {
        &self.settings
    }

    /// Spends one request of `kind` from `client`'s budget.
    pub fn spend(&self, kind: BudgetKind, client: &Client) -> Allowance {
        let limiter = self.limiter(kind);
        let budget = kind.budget(&self.settings);
        let interval = budget
            .replenish_interval()
            .unwrap_or(Duration::from_secs(1));
        let quota = budget.burst;
        let window = interval * quota;
        match limiter.check_key(client) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                Allowance {
                    kind,
                    quota,
                    window,
                    remaining,
                    reset: interval * quota.saturating_sub(remaining),
                    allowed: true,
                }
            }
            Err(not_until) => Allowance {
                kind,
                quota,
                window,
                remaining: 0,
                reset: not_until.wait_time_from(DefaultClock::default().now()),
                allowed: false,
            },
        }
    }

    fn limiter(&self, kind: BudgetKind) -> &Limiter {
        let (_, limiter) = self
            .buckets
            .iter()
            .find(|(k, _)| *k == kind)
            .expect("every budget kind has a limiter");
        limiter
    }

    /// Called once an API key has authenticated a request (by the hash of the key).
    pub fn vouch_for_api_key(&self, key_hash: &str) {
        let mut known = self
            .known_api_keys
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if known.len() >= KNOWN_KEYS_MAX {
            known.clear();
        }
        known.insert(key_hash.to_owned());
    }

    pub(crate) fn knows_api_key(&self, key_hash: &str) -> bool {
        let known = self
            .known_api_keys
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        known.contains(key_hash)
    }

    /// Forgets the clients whose buckets are full again, so memory follows recent clients.
    pub fn forget_idle_clients(&self) {
        for (_, limiter) in &self.buckets {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

fn limiter(kind: BudgetKind, budget: Budget) -> anyhow::Result<Limiter> {
    let invalid = || {
        anyhow::anyhow!(
            "rate_limit.{}: requests and burst must be at least 1, and at most one request \
             a nanosecond",
            kind.name()
        )
    };
    let interval = budget.replenish_interval().ok_or_else(invalid)?;
    let burst = NonZeroU32::new(budget.burst).ok_or_else(invalid)?;
    let quota = Quota::with_period(interval)
        .ok_or_else(invalid)?
        .allow_burst(burst);
    Ok(RateLimiter::dashmap(quota).with_middleware::<StateInformationMiddleware>())
}

#[cfg(test)]
mod tests;
