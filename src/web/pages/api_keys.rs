//! The API keys page, for owners and admins: the organisation's keys
//! (GET /account/api-keys), a form to create one whose secret is shown once, on the answer
//! to that form (POST /account/api-keys), and revocation
//! (POST /account/api-keys/{id}/revoke). Each calls the operation the API calls
//! (`accounts::api_keys`).
use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::accounts::api_keys::{create_api_key, revoke_api_key, ApiKeyRequest};
use crate::db::api_keys::ApiKey;
use crate::db::now;
use crate::domain::{ApiKeyId, Scope};
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::views::accounts::ApiKeyView;
use crate::web::flash::Flash;
use crate::web::forms::{conflict_text, field_errors, invalid_fields};
use crate::web::pages::account::CsrfForm;
use crate::web::Visitor;

/// The keys shown; the organisation's quota keeps them fewer.
const KEYS_SHOWN: i64 = 200;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct KeyForm {
    #[serde(default, skip_serializing)]
    pub csrf: String,
    #[serde(default)]
    pub name: String,
    pub read: Option<String>,
    pub write: Option<String>,
}

impl KeyForm {
    fn scopes(&self) -> Vec<Scope> {
        let chosen = [(&self.read, Scope::Read), (&self.write, Scope::Write)];
        chosen
            .into_iter()
            .filter_map(|(ticked, scope)| ticked.is_some().then_some(scope))
            .collect()
    }
}

pub async fn list(state: web::Data<AppState>, visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let form = KeyForm {
        read: Some("on".into()),
        ..KeyForm::default()
    };
    render(
        &state,
        &visitor,
        StatusCode::OK,
        &form,
        BTreeMap::new(),
        None,
    )
    .await
}

pub async fn create(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<KeyForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&form.csrf)?;
    let caller = visitor.caller()?;
    let request = ApiKeyRequest {
        name: form.name.clone(),
        scopes: form.scopes(),
    };
    let limit = state.settings.quotas.api_keys;
    let created = create_api_key(&state.db, &caller.actor(), request, limit, now()).await;
    let (status, errors, created) = match created.map_err(ApiError::from) {
        Ok((key, secret)) => {
            let created = context! { name => key.name, secret };
            (StatusCode::OK, BTreeMap::new(), Some(created))
        }
        Err(ApiError::Conflict(conflict)) => {
            let errors =
                BTreeMap::from([("name".to_owned(), conflict_text(visitor.lang, &conflict))]);
            (StatusCode::CONFLICT, errors, None)
        }
        Err(error) => {
            let errors = field_errors(visitor.lang, &invalid_fields(error)?, &[]);
            (StatusCode::UNPROCESSABLE_ENTITY, errors, None)
        }
    };
    // After a key is made, the form starts again blank.
    let form = if created.is_some() {
        KeyForm {
            read: Some("on".into()),
            ..KeyForm::default()
        }
    } else {
        form
    };
    render(&state, &visitor, status, &form, errors, created).await
}

pub async fn revoke(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ApiKeyId>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ApiError> {
    visitor.check_form(&form.csrf)?;
    let caller = visitor.caller()?;
    revoke_api_key(&state.db, &caller.actor(), id.into_inner(), now()).await?;
    let flash = Flash::new("flash-api-key-revoked");
    Ok(visitor.see_other_with("/account/api-keys", flash))
}

async fn render(
    state: &AppState,
    visitor: &Visitor,
    status: StatusCode,
    form: &KeyForm,
    errors: BTreeMap<String, String>,
    created: Option<Value>,
) -> Result<HttpResponse, ApiError> {
    let caller = visitor.caller()?;
    caller.manager()?;
    let organisation_id = caller.organisation_id;
    let keys = state
        .db
        .read(move |conn| {
            Ok(ApiKey::page_of_organisation(
                conn,
                &organisation_id,
                None,
                KEYS_SHOWN,
            )?)
        })
        .await?;
    let keys: Vec<ApiKeyView> = keys.into_iter().map(ApiKeyView::from).collect();
    let vars = context! {
        keys => Value::from_serialize(&keys),
        form => Value::from_serialize(form),
        errors,
        created,
    };
    visitor.page(status, "api_keys.html", vars)
}
