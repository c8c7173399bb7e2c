//! GET/POST /account/notifications: for each kind of email, immediately, in the daily
//! digest, or never; the same operation as `PUT /api/v1/me/notification-preferences`
//! (`notify::preferences`).
use std::collections::HashMap;

use actix_web::{web, HttpResponse};
use minijinja::context;

use crate::domain::{NotificationKind, NotificationMode, UserId};
use crate::http::error::{ApiError, Challenge};
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::notify::preferences;
use crate::web::flash::Flash;
use crate::web::Visitor;

/// The modes in the order the page offers them.
const MODES: [NotificationMode; 3] = [
    NotificationMode::Immediate,
    NotificationMode::Digest,
    NotificationMode::Never,
];

fn user_id(visitor: &Visitor) -> Result<UserId, ApiError> {
    visitor
        .user
        .as_ref()
        .map(|u| u.id.clone())
        .ok_or(ApiError::Unauthenticated(Challenge::SignIn))
}

pub async fn show(state: web::Data<AppState>, visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let user_id = user_id(&visitor)?;
    let modes = state
        .db
        .read(move |conn| Ok(preferences::read_all(conn, &user_id)?))
        .await?;
    let kinds: Vec<_> = modes
        .iter()
        .map(|(kind, mode)| context! { kind => kind.as_str(), mode => mode.as_str() })
        .collect();
    let modes: Vec<&str> = MODES.iter().map(|m| m.as_str()).collect();
    visitor.ok("notifications.html", context! { kinds, modes })
}

/// The form: `csrf` and one `kind=mode` per kind of email. A kind or a mode the page
/// never offers is a bad request (the form was not ours).
pub async fn save(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let mut form = form.into_inner();
    visitor.check_form(&form.remove("csrf").unwrap_or_default())?;
    let user_id = user_id(&visitor)?;
    let changes = form
        .iter()
        .map(|(kind, mode)| {
            NotificationKind::parse(kind)
                .zip(NotificationMode::parse(mode))
                .ok_or_else(|| ApiError::BadRequest("unknown kind of email or mode".into()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    state
        .db
        .write(move |conn| Ok(preferences::set(conn, &user_id, &changes)?))
        .await?;
    let saved = Flash::new("flash-notifications-saved");
    Ok(visitor.see_other_with("/account/notifications", saved))
}
