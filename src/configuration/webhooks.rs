//! `[webhooks]`: delivery to integrators' endpoints.
use serde::Deserialize;

/// `[webhooks]` in the settings (`TERRIL_WEBHOOKS__<NAME>`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct WebhookSettings {
    /// Hosts that may receive webhooks although they are not public (tests, closed
    /// networks): `TERRIL_WEBHOOKS__ALLOWED_PRIVATE_HOSTS=[hooks.internal]`.
    pub allowed_private_hosts: Vec<String>,
    /// How long an attempt may take, connection included.
    pub timeout_secs: u64,
    /// The wait after the first failed attempt; each next wait is 4 times longer, up to
    /// `retry_max_secs`, each drawn between 90 % and all of it.
    pub retry_base_secs: u64,
    pub retry_max_secs: u64,
    /// Attempts per delivery, the first included (the defaults span about 27 hours).
    pub max_attempts: i32,
    /// An endpoint whose every attempt failed for this long is disabled (5 days).
    pub disable_after_secs: i64,
    /// Deliveries claimed at a time by one instance.
    pub batch_size: i64,
    /// Endpoints sent to at once by one instance, and requests at once to one endpoint.
    pub endpoints_in_flight: usize,
    pub requests_per_endpoint: usize,
    pub poll_interval_ms: u64,
    /// Deliveries and their attempts are kept this long, then forgotten.
    pub kept_days: i64,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            allowed_private_hosts: Vec::new(),
            timeout_secs: 10,
            retry_base_secs: 5,
            retry_max_secs: 36_000,
            max_attempts: 10,
            disable_after_secs: 5 * 86_400,
            batch_size: 200,
            endpoints_in_flight: 16,
            requests_per_endpoint: 8,
            poll_interval_ms: 250,
            kept_days: 30,
        }
    }
}
