//! `[http]` and `[quotas]`: the server's limits on a request, and what one organisation
//! may hold at once.
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct HttpSettings {
    pub body_limit_bytes: usize,
    /// Empty: no cross-origin access. `["*"]`: any origin.
    pub cors_allowed_origins: Vec<String>,
    pub shutdown_timeout_secs: u64,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            body_limit_bytes: 64 * 1024,
            cors_allowed_origins: Vec::new(),
            shutdown_timeout_secs: 30,
        }
    }
}

/// What one organisation may hold at once.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(default)]
pub struct QuotaSettings {
    /// API keys not revoked.
    pub api_keys: u32,
    /// Saved searches of all its users.
    pub saved_searches: u32,
    /// Invitations sent, not yet accepted and not expired.
    pub open_invitations: u32,
    pub webhook_endpoints: u32,
}

impl Default for QuotaSettings {
    fn default() -> Self {
        Self {
            api_keys: 20,
            saved_searches: 100,
            open_invitations: 50,
            webhook_endpoints: 10,
        }
    }
}
