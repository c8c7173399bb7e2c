//! Webhooks to integrators: the organisations' endpoints (`endpoints`), the Standard
//! Webhooks signature (`signature`), where a webhook may be sent (`target`, enforced at
//! connection by `client`), what it carries (`payload`), the fan-out of events to
//! deliveries (`fanout`), and delivery with retries on the job queue (`delivery`, with
//! its schedule in `schedule`).
pub mod client;
pub mod deliveries;
pub mod delivery;
pub mod endpoints;
pub mod fanout;
pub mod outcome;
pub mod payload;
pub mod schedule;
pub mod signature;
pub mod target;

pub use crate::configuration::webhooks::WebhookSettings;
