//! GET /account: who is signed in, their organisation and its members.
use actix_web::{web, HttpResponse};
use minijinja::context;

use crate::db::organisations::Organisation;
use crate::db::users::User;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::web::Visitor;

/// The members shown on the page; an organisation rarely has more.
const MEMBERS_SHOWN: i64 = 100;

pub async fn show(state: web::Data<AppState>, visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let caller = visitor.caller()?;
    let id = caller.organisation_id.clone();
    let (organisation, members) = state
        .db
        .read(move |conn| {
            let organisation = Organisation::find(conn, &id)?;
            let members = User::page_of_organisation(conn, &id, None, MEMBERS_SHOWN)?;
            Ok((organisation, members))
        })
        .await?;
    let user = visitor.user.as_ref().ok_or(ApiError::Unauthenticated)?;
    let members: Vec<_> = members
        .iter()
        .map(|m| context! { name => &m.name, email => &m.email, role => m.role.as_str() })
        .collect();
    visitor.ok(
        &state,
        "account.html",
        context! {
            organisation_name => organisation.name,
            organisation_kind => organisation.kind.as_str(),
            email => &user.email,
            role => user.role.as_str(),
            members,
        },
    )
}
