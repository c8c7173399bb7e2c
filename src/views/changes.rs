//! One change of the change feed as `GET /api/v1/changes` shows it, which is also the
//! `data` of a webhook; and the feed's cursor as clients read and send it. What the viewer
//! may see of an event, and the post as it sees it, are decided by the caller (`changes`).
use serde::Serialize;

use crate::db::events::{Cursor, Event};

/// One change as the feed shows it; also the `data` of a webhook.
#[derive(Serialize)]
pub struct ChangeView {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub occurred_at: String,
    pub cursor: String,
    /// `listing`, `wanted`, `match` or `reservation`.
    pub resource_type: &'static str,
    pub resource_id: String,
    pub match_id: Option<String>,
    /// The post as the caller sees it now; null for a tombstone and (in the feed) for
    /// exchanges. A webhook carries the match or reservation too.
    pub resource: Option<serde_json::Value>,
    pub deleted: bool,
}

impl ChangeView {
    /// The change of a post (`resource_type` is `listing` or `wanted`), with the post as
    /// the viewer sees it now; None: a tombstone (the viewer may no longer see it).
    pub fn of_post(
        event: &Event,
        resource_type: &'static str,
        resource_id: String,
        post: Option<serde_json::Value>,
    ) -> Self {
        let deleted = post.is_none();
        Self::new(event, resource_type, resource_id, post, deleted)
    }

    /// The change of a match or a reservation: its ids, without the resource.
    pub fn of_exchange(event: &Event) -> Self {
        let (resource_type, resource_id) = match &event.reservation_id {
            Some(id) => ("reservation", id.to_string()),
            None => (
                "match",
                event
                    .match_id
                    .as_ref()
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
            ),
        };
        Self::new(event, resource_type, resource_id, None, false)
    }

    fn new(
        event: &Event,
        resource_type: &'static str,
        resource_id: String,
        resource: Option<serde_json::Value>,
        deleted: bool,
    ) -> Self {
        ChangeView {
            id: event.id.as_ref().map(|id| id.to_string()),
            kind: event.kind.as_str(),
            occurred_at: crate::views::utc(event.occurred_at)
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            cursor: encode_cursor(event.cursor()),
            resource_type,
            resource_id,
            match_id: event.match_id.as_ref().map(|m| m.to_string()),
            resource,
            deleted,
        }
    }
}

/// `<transaction id>.<position>`: every cursor of this form is a place in the feed.
pub fn encode_cursor(cursor: Cursor) -> String {
    format!("{}.{}", cursor.transaction_id, cursor.position)
}

/// The place a cursor of the form [`encode_cursor`] writes; None for any other text.
pub fn decode_cursor(text: &str) -> Option<Cursor> {
    let (transaction, position) = text.split_once('.')?;
    let number = |t: &str| {
        (!t.is_empty() && t.len() <= 18 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<i64>().ok())?
    };
    Some(Cursor {
        transaction_id: number(transaction)?,
        position: number(position)?,
    })
}
