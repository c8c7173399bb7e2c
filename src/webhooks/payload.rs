//! What a webhook carries, following the Standard Webhooks payload structure: `type`,
//! `timestamp` and `data`, where `data` is the change as the change feed shows it to the
//! endpoint's organisation (`views::changes::ChangeView`), with the match or the
//! reservation as that organisation sees it through the API. An organisation is never sent
//! anything it could not read through the API: the visibility rule is the change feed's
//! (`changes::Posts::subject_of`).
use serde::Serialize;

use crate::catalogue::taxonomy::Taxonomy;
use crate::changes::{view, Change, Posts, Subject};
use crate::db::events::Event;
use crate::db::matches::Match;
use crate::db::reservations::Reservation;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::{Language, OrganisationId, WebhookEndpointId};
use crate::views::changes::ChangeView;
use crate::views::exchange::{match_view, ReservationView};

/// The type of the message sent by "send a test event".
pub const TEST_TYPE: &str = "webhook.test";

#[derive(Serialize)]
struct Payload<D: Serialize> {
    #[serde(rename = "type")]
    kind: String,
    timestamp: String,
    data: D,
}

/// The body of the webhook of `event` for `viewer`'s endpoints; None when `viewer` may see
/// nothing of it. Reference data (class labels) is in French, the API's default language.
pub fn of_event(
    conn: &mut DbConnection,
    posts: &Posts,
    taxonomy: &Taxonomy,
    event: &Event,
    viewer: &OrganisationId,
) -> Result<Option<String>, DomainError> {
    let Some(subject) = posts.subject_of(event, Some(viewer)) else {
        return Ok(None);
    };
    let exchange = matches!(subject, Subject::Exchange);
    let change = Change {
        event: event.clone(),
        subject,
    };
    let mut data: ChangeView = view(change, taxonomy, Language::Fr, Some(viewer));
    if exchange {
        data.resource = exchange_resource(conn, event, viewer)?;
    }
    let payload = Payload {
        kind: data.kind.to_owned(),
        timestamp: data.occurred_at.clone(),
        data,
    };
    Ok(Some(
        serde_json::to_string(&payload).map_err(DomainError::internal)?,
    ))
}

/// The reservation, or else the match, an exchange event names, as `viewer` sees it.
fn exchange_resource(
    conn: &mut DbConnection,
    event: &Event,
    viewer: &OrganisationId,
) -> Result<Option<serde_json::Value>, DomainError> {
    if let Some(id) = &event.reservation_id {
        return match Reservation::find(conn, id)? {
            Some(r) => Ok(Some(to_value(ReservationView::from(r))?)),
            None => Ok(None),
        };
    }
    let Some(id) = &event.match_id else {
        return Ok(None);
    };
    let Some(m) = Match::find(conn, id)? else {
        return Ok(None);
    };
    Ok(Some(to_value(match_view(conn, m, viewer)?)?))
}

fn to_value<T: Serialize>(view: T) -> Result<serde_json::Value, DomainError> {
    serde_json::to_value(view).map_err(DomainError::internal)
}

/// The body of a test message to `endpoint`.
pub fn test_message(endpoint: &WebhookEndpointId, at: chrono::NaiveDateTime) -> String {
    #[derive(Serialize)]
    struct TestData<'a> {
        endpoint_id: &'a WebhookEndpointId,
        message: &'static str,
    }
    let payload = Payload {
        kind: TEST_TYPE.to_owned(),
        timestamp: crate::views::utc(at).to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        data: TestData {
            endpoint_id: endpoint,
            message: "A test message from Terril: this endpoint receives its webhooks.",
        },
    };
    serde_json::to_string(&payload).expect("a test message serialises")
}
