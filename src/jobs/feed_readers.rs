//! The two readers of the event feed that every runner which matches also runs, each with
//! its own cursor: the notices reader writes the emails of new events (see
//! `exchange::notices`), the webhook fan-out writes their deliveries (see
//! `webhooks::fanout`).
use std::sync::Arc;

use anyhow::Context as _;

use crate::catalogue::Catalogue;
use crate::db::{now, Db};
use crate::notify::Notifier;

/// Tells the recipients of what the event feed holds since its last read.
pub struct NoticesReader {
    pub catalogue: Arc<Catalogue>,
    pub notifier: Arc<Notifier>,
}

impl NoticesReader {
    /// Reads one batch of events and writes their emails, then sends the groups of match
    /// emails that are due (at each turn of the runner, so a group leaves within a poll of
    /// its time, not at the next periodic pass); returns how many events and groups.
    pub async fn read_batch(&self, db: &Db) -> anyhow::Result<usize> {
        let (catalogue, notifier) = (self.catalogue.clone(), self.notifier.clone());
        let read = db
            .transact(move |conn| {
                let cx = crate::exchange::Context {
                    catalogue: &catalogue,
                    notifier: &notifier,
                    at: now(),
                };
                crate::exchange::notices::send_batch(conn, &cx)
            })
            .await
            .context("telling the recipients of events")?;
        let grouped = crate::notify::grouped::send_due(db, &self.notifier, now())
            .await
            .context("sending the grouped match emails")?;
        Ok(read + grouped)
    }
}

/// Writes the webhook deliveries of the events since its last read; it holds the taxonomy
/// the payloads show.
pub struct WebhookFanOut {
    pub catalogue: Arc<Catalogue>,
}

impl WebhookFanOut {
    /// Reads one batch of events and writes their deliveries; returns how many were read.
    pub async fn read_batch(&self, db: &Db) -> anyhow::Result<usize> {
        let catalogue = self.catalogue.clone();
        db.transact(move |conn| {
            crate::webhooks::fanout::fan_out_batch(conn, &catalogue.taxonomy, now())
        })
        .await
        .context("fanning events out to webhooks")
    }
}
