//! GET /api/v1/me: who the caller is, for a user or an API key.
use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::db::organisations::Organisation;
use crate::db::users::User;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::http::{Caller, Principal};
use crate::views::accounts::{OrganisationView, UserView};

#[derive(Serialize)]
struct Me {
    organisation: OrganisationView,
    user: Option<UserView>,
    auth: &'static str,
    scopes: Vec<&'static str>,
}

#[tracing::instrument(skip_all)]
pub async fn me(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let me = state
        .db
        .read(move |conn| {
            let organisation = Organisation::find(conn, &caller.organisation_id)?.into();
            Ok(match &caller.principal {
                Principal::User { user_id, .. } => Me {
                    organisation,
                    user: Some(User::find(conn, user_id)?.into()),
                    auth: "user",
                    scopes: vec!["read", "write"],
                },
                Principal::ApiKey { scopes, .. } => Me {
                    organisation,
                    user: None,
                    auth: "api_key",
                    scopes: scopes.iter().map(|s| s.as_str()).collect(),
                },
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}
