//! The budgets: how many requests of each kind one client may make, configurable under
//! `[rate_limit]` (`TERRIL_RATE_LIMIT__WRITE__REQUESTS=60`, `…__PER=minute`, `…__BURST=30`).
use std::net::IpAddr;
use std::time::Duration;

use ipnet::IpNet;
use serde::Deserialize;

/// A sustained rate (`requests` per `per`) and how many may come at once (`burst`).
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub requests: u32,
    pub per: Period,
    pub burst: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Second,
    Minute,
    Hour,
}

impl Period {
    fn duration(self) -> Duration {
        Duration::from_secs(match self {
            Period::Second => 1,
            Period::Minute => 60,
            Period::Hour => 3_600,
        })
    }
}

impl Budget {
    pub const fn new(requests: u32, per: Period, burst: u32) -> Self {
        Self {
            requests,
            per,
            burst,
        }
    }

    /// The time one request's allowance takes to come back.
    pub fn replenish_interval(&self) -> Option<Duration> {
        if self.requests == 0 || self.burst == 0 {
            return None;
        }
        Some(self.per.duration() / self.requests).filter(|d| !d.is_zero())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(from = "RateLimitInput")]
pub struct RateLimitSettings {
    /// Off only for benchmarks and closed networks: every request is then let through.
    pub enabled: bool,
    /// Sign-in, registration, password reset, email verification, refresh, sign-out and
    /// accepting an invitation: always per client IP, credentials or not.
    pub auth: Budget,
    /// `GET /api/v1/listings` and `GET /api/v1/wanted`.
    pub search: Budget,
    /// Every other GET.
    pub read: Budget,
    /// Every other POST, PUT and DELETE.
    pub write: Budget,
    /// Sending invitations.
    pub invitation: Budget,
    /// Creating API keys.
    pub api_key: Budget,
    /// Creating saved searches.
    pub saved_search: Budget,
    /// Reverse proxies whose `X-Forwarded-For` is believed (addresses or networks, such as
    /// `10.0.0.0/8`); from any other peer the header is ignored.
    pub trusted_proxies: Vec<IpNet>,
}

/// One entry of `trusted_proxies` as written: a network (`10.0.0.0/8`) or a bare address
/// (`192.0.2.7`, which is its own /32 or /128). `IpNet` alone refuses the bare address.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(try_from = "String")]
struct ProxyInput(IpNet);

impl TryFrom<String> for ProxyInput {
    type Error = String;

    fn try_from(written: String) -> Result<Self, Self::Error> {
        let written = written.trim();
        written
            .parse::<IpNet>()
            .or_else(|_| written.parse::<IpAddr>().map(IpNet::from))
            .map(ProxyInput)
            .map_err(|_| {
                format!(
                    "`{written}` in rate_limit.trusted_proxies is neither an IP address \
                     (192.0.2.7, 2001:db8::7) nor a network (10.0.0.0/8, 2001:db8::/32)"
                )
            })
    }
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            auth: Budget::new(10, Period::Minute, 5),
            search: Budget::new(300, Period::Minute, 60),
            read: Budget::new(600, Period::Minute, 120),
            write: Budget::new(60, Period::Minute, 30),
            invitation: Budget::new(20, Period::Hour, 10),
            api_key: Budget::new(10, Period::Hour, 5),
            saved_search: Budget::new(30, Period::Hour, 10),
            trusted_proxies: Vec::new(),
        }
    }
}

impl RateLimitSettings {
    /// Every budget, with its name, to check them all at start-up.
    pub fn budgets(&self) -> [(&'static str, Budget); 7] {
        [
            ("auth", self.auth),
            ("search", self.search),
            ("read", self.read),
            ("write", self.write),
            ("invitation", self.invitation),
            ("api_key", self.api_key),
            ("saved_search", self.saved_search),
        ]
    }
}

/// A budget as configured: a part left out keeps its kind's default, so that
/// `TERRIL_RATE_LIMIT__WRITE__REQUESTS=120` alone is a whole setting.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct BudgetInput {
    requests: Option<u32>,
    per: Option<Period>,
    burst: Option<u32>,
}

impl BudgetInput {
    fn over(self, default: Budget) -> Budget {
        Budget {
            requests: self.requests.unwrap_or(default.requests),
            per: self.per.unwrap_or(default.per),
            burst: self.burst.unwrap_or(default.burst),
        }
    }
}

/// `[rate_limit]` as configured, every part optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RateLimitInput {
    enabled: Option<bool>,
    auth: BudgetInput,
    search: BudgetInput,
    read: BudgetInput,
    write: BudgetInput,
    invitation: BudgetInput,
    api_key: BudgetInput,
    saved_search: BudgetInput,
    trusted_proxies: Option<Vec<ProxyInput>>,
}

impl From<RateLimitInput> for RateLimitSettings {
    fn from(input: RateLimitInput) -> Self {
        let default = RateLimitSettings::default();
        Self {
            enabled: input.enabled.unwrap_or(default.enabled),
            auth: input.auth.over(default.auth),
            search: input.search.over(default.search),
            read: input.read.over(default.read),
            write: input.write.over(default.write),
            invitation: input.invitation.over(default.invitation),
            api_key: input.api_key.over(default.api_key),
            saved_search: input.saved_search.over(default.saved_search),
            trusted_proxies: input
                .trusted_proxies
                .map(|proxies| proxies.into_iter().map(|p| p.0).collect())
                .unwrap_or(default.trusted_proxies),
        }
    }
}
