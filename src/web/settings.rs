//! `[web]`: the sessions of people signed in to the pages.
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct WebSettings {
    /// A session ends this many days after sign-in, used or not.
    pub session_days: i64,
    /// A session unused for this many hours ends.
    pub session_idle_hours: i64,
}

impl Default for WebSettings {
    fn default() -> Self {
        Self {
            session_days: 30,
            session_idle_hours: 7 * 24,
        }
    }
}

impl WebSettings {
    pub fn lifetime(&self) -> crate::accounts::web_sessions::SessionLifetime {
        crate::accounts::web_sessions::SessionLifetime {
            max: chrono::Duration::days(self.session_days),
            idle: chrono::Duration::hours(self.session_idle_hours),
        }
    }
}
