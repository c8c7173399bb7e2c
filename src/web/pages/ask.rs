//! POST /listings/{id}/ask: the listing page's "Réserver" and "Écrire au détenteur" forms.
//! Both make the one call the API makes (`matching::direct::ask`), then lead to the match
//! page, where the exchange goes on as for any match; a refusal shows the listing again
//! with the form as typed and what was wrong beside it.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::domain::ListingId;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::matching::direct::{self, Ask};
use crate::web::flash::Flash;
use crate::web::forms::{conflict_text, field_errors};
use crate::web::pages::listings::ListingPage;
use crate::web::Visitor;

#[derive(Deserialize, Serialize, Default)]
pub struct AskForm {
    #[serde(default, skip_serializing)]
    pub csrf: String,
    /// `reserve` (a quantity, and a message if written) or `write` (a message only).
    pub action: String,
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub body: String,
}

pub async fn ask(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ListingId>,
    form: web::Form<AskForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&form.csrf)?;
    let caller = visitor.caller()?;
    let id = id.into_inner();
    let parsed = parse(&form);
    let outcome = match parsed {
        Ok(ask) => direct::ask(&state.exchange(), caller.actor(), id.clone(), ask)
            .await
            .map_err(ApiError::from),
        Err(error) => Err(error),
    };
    match outcome {
        Ok(asked) if form.action == "write" => Ok(visitor.see_other_with(
            &format!("/matches/{}#messages", asked.match_id),
            Flash::new("flash-message-sent"),
        )),
        Ok(asked) => Ok(visitor.see_other_with(
            &format!("/matches/{}", asked.match_id),
            Flash::new("flash-reserved"),
        )),
        Err(error @ (ApiError::Validation(_) | ApiError::Conflict(_))) => {
            let status = match &error {
                ApiError::Conflict(_) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let problem = match &error {
                ApiError::Validation(fields) => field_errors(visitor.lang, fields, &[])
                    .into_values()
                    .collect::<Vec<_>>()
                    .join(" "),
                ApiError::Conflict(conflict) => conflict_text(visitor.lang, conflict),
                other => other.to_string(),
            };
            let page = ListingPage {
                status: Some(status),
                ask_problem: Some(problem),
                ask_form: Some(form),
                ..ListingPage::default()
            };
            page.render(&state, &visitor, id).await
        }
        Err(other) => Err(other),
    }
}

/// The form as the operation takes it: a quantity as people type it (`5`, `2,5`).
fn parse(form: &AskForm) -> Result<Ask, ApiError> {
    let message = Some(form.body.clone()).filter(|b| !b.trim().is_empty());
    let quantity = match form.action.as_str() {
        "write" => {
            if message.is_none() {
                return Err(ApiError::field("body", "required", "write a message"));
            }
            None
        }
        "reserve" => {
            let typed = form
                .quantity
                .trim()
                .replace([' ', '\u{a0}', '\u{202f}'], "");
            let quantity = typed.replace(',', ".").parse::<f64>().ok();
            match quantity.filter(|q| q.is_finite() && *q > 0.0) {
                Some(q) => Some(q),
                None => {
                    let text = "a quantity is a number above 0";
                    return Err(ApiError::field("quantity", "range", text));
                }
            }
        }
        _ => return Err(ApiError::BadRequest("unknown action".into())),
    };
    Ok(Ask {
        quantity,
        message,
        position: None,
    })
}
