//! The account pages: who is signed in and their organisation's members (GET /account);
//! for owners and admins, the open invitations, a form to invite someone
//! (POST /account/invitations) and a button to withdraw an invitation
//! (POST /account/invitations/{id}/withdraw). Each calls the operation the API calls
//! (`accounts::invitations`).
use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::accounts::invitations::{
    invite_member, withdraw_invitation, InvitationRequest, InvitedRole,
};
use crate::db::now;
use crate::db::one_time_tokens::OneTimeToken;
use crate::db::organisations::Organisation;
use crate::db::users::User;
use crate::domain::InvitationId;
use crate::http::error::{ApiError, Challenge, FieldError};
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::views::accounts::InvitationView;
use crate::web::flash::Flash;
use crate::web::forms::{conflict_text, field_errors, invalid_fields};
use crate::web::visitor::see_other;
use crate::web::Visitor;

/// The members and invitations shown on the page; an organisation rarely has more.
const MEMBERS_SHOWN: i64 = 100;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct InviteForm {
    #[serde(default, skip_serializing)]
    pub csrf: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
}

#[derive(Deserialize)]
pub struct AccountQuery {
    /// Set after an invitation went out: the address it went to.
    pub invited: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, ApiError> {
    let form = InviteForm {
        role: "member".into(),
        ..InviteForm::default()
    };
    let invited = query.into_inner().invited;
    render(
        &state,
        &visitor,
        StatusCode::OK,
        &form,
        BTreeMap::new(),
        invited,
    )
    .await
}

pub async fn invite(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<InviteForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&form.csrf)?;
    let caller = visitor.caller()?;
    let outcome = match read_role(&form.role) {
        Ok(role) => {
            let request = InvitationRequest {
                email: form.email.trim().to_owned(),
                role,
            };
            let limit = state.settings.quotas.open_invitations;
            let (db, notifier, actor) = (&state.db, &state.notifier, caller.actor());
            invite_member(db, notifier, &actor, request, limit, now())
                .await
                .map_err(ApiError::from)
        }
        Err(error) => Err(ApiError::Validation(vec![error])),
    };
    match outcome {
        Ok(invitation) => {
            let email = invitation.email.unwrap_or_default();
            let query =
                serde_urlencoded::to_string([("invited", email)]).map_err(ApiError::internal)?;
            Ok(see_other(&format!("/account?{query}#invitations")))
        }
        Err(ApiError::Conflict(conflict)) => {
            let message = conflict_text(visitor.lang, &conflict);
            let errors = BTreeMap::from([("email".to_owned(), message)]);
            let status = StatusCode::CONFLICT;
            render(&state, &visitor, status, &form, errors, None).await
        }
        Err(error) => {
            let errors = field_errors(visitor.lang, &invalid_fields(error)?, &[]);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(&state, &visitor, status, &form, errors, None).await
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

pub async fn withdraw(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<InvitationId>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ApiError> {
    visitor.check_form(&form.csrf)?;
    let caller = visitor.caller()?;
    withdraw_invitation(&state.db, &caller.actor(), id.into_inner(), now()).await?;
    let flash = Flash::new("flash-invitation-withdrawn");
    Ok(visitor.see_other_with("/account#invitations", flash))
}

fn read_role(role: &str) -> Result<InvitedRole, FieldError> {
    match role {
        "admin" => Ok(InvitedRole::Admin),
        "member" => Ok(InvitedRole::Member),
        _ => Err(FieldError::new("role", "required", "choose a role")),
    }
}

/// The account page, with the invitation form as sent and its errors, if any.
async fn render(
    state: &AppState,
    visitor: &Visitor,
    status: StatusCode,
    form: &InviteForm,
    errors: BTreeMap<String, String>,
    invited: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let caller = visitor.caller()?;
    let user = visitor
        .user
        .as_ref()
        .ok_or(ApiError::Unauthenticated(Challenge::SignIn))?;
    let manager = user.role.can_manage();
    let id = caller.organisation_id.clone();
    let (organisation, members, invitations) = state
        .db
        .read(move |conn| {
            let organisation = Organisation::find(conn, &id)?;
            let members = User::page_of_organisation(conn, &id, None, MEMBERS_SHOWN)?;
            let invitations = if manager {
                OneTimeToken::page_of_open_invitations(conn, &id, now(), None, MEMBERS_SHOWN)?
            } else {
                Vec::new()
            };
            Ok((organisation, members, invitations))
        })
        .await?;
    let members: Vec<_> = members
        .iter()
        .map(|m| context! { name => &m.name, email => &m.email, role => m.role.as_str() })
        .collect();
    let invitations: Vec<_> = invitations.into_iter().map(InvitationView::from).collect();
    let vars = context! {
        organisation_name => organisation.name,
        organisation_kind => organisation.kind.as_str(),
        email => &user.email,
        role => user.role.as_str(),
        manager,
        members,
        invitations => Value::from_serialize(&invitations),
        form => Value::from_serialize(form),
        errors,
        invited,
    };
    visitor.page(status, "account.html", vars)
}
