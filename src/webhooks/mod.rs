//! Webhooks to integrators (issue 11, under way): the organisations' endpoints
//! (`endpoints.rs`), the Standard Webhooks signature (`signature.rs`) and the rules of
//! where a webhook may be sent (`target.rs`). Delivery on the job queue, retries, the
//! attempt log and the test event are to come.
pub mod endpoints;
pub mod signature;
pub mod target;

use serde::Deserialize;

/// `[webhooks]` in the settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct WebhookSettings {
    /// Hosts that may receive webhooks although they are not public (tests, closed
    /// networks): `TERRIL_WEBHOOKS__ALLOWED_PRIVATE_HOSTS=[hooks.internal]`.
    pub allowed_private_hosts: Vec<String>,
}
