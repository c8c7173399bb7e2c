//! Reviews after collection on the pages (issue 26): the block under a match's collections
//! ("Évaluer …", `templates/pages/review_form.html`, read by the match page) and its form,
//! POST /reservations/{id}/review, which writes the side's review or edits it for 14 days,
//! then goes back to the match with a flash.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};
use serde::Deserialize;

use crate::db::now;
use crate::domain::{MatchId, OrganisationId, ReservationId};
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::reviews::{self, ReviewInput};
use crate::views::reviews::ReviewView;
use crate::web::flash::Flash;
use crate::web::forms::{conflict_text, field_error_text};
use crate::web::Visitor;

#[derive(Deserialize)]
pub struct ReviewForm {
    pub csrf: String,
    /// The match page to go back to.
    #[serde(rename = "match")]
    pub match_id: MatchId,
    /// Present when the side edits the review it wrote.
    pub edit: Option<String>,
    pub rating: Option<String>,
    #[serde(default)]
    pub comment: String,
}

/// What the match page shows under its collections: the other side, and for each
/// completed reservation the organisation's review and whether it may still change it.
pub async fn for_match(
    state: &AppState,
    organisation_id: OrganisationId,
    match_id: MatchId,
) -> Result<Value, ApiError> {
    let found = state
        .db
        .read(move |conn| Ok(reviews::of_match(conn, &organisation_id, &match_id)?))
        .await?;
    let at = now();
    let items: Vec<Value> = found
        .reviews
        .into_iter()
        .map(|(reservation_id, mine)| {
            let editable = mine
                .as_ref()
                .is_none_or(|r| reviews::editable(&r.review, at));
            let review = mine.map(|r| Value::from_serialize(ReviewView::from(r)));
            context! { reservation_id, review, editable }
        })
        .collect();
    Ok(context! {
        other => context! { id => found.other.id, name => found.other.name },
        items,
    })
}

/// POST /reservations/{id}/review
pub async fn post(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ReservationId>,
    form: web::Form<ReviewForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&form.csrf)?;
    let caller = visitor.caller()?;
    let (id, editing, match_id) = (id.into_inner(), form.edit.is_some(), form.match_id.clone());
    let outcome = match input_of(&form) {
        Ok(input) => {
            let actor = caller.actor();
            state
                .db
                .write(move |conn| {
                    let at = now();
                    Ok(match editing {
                        true => reviews::edit(conn, &actor, &id, input, at)?,
                        false => reviews::write(conn, &actor, &id, input, at)?,
                    })
                })
                .await
        }
        Err(error) => Err(error),
    };
    let back = format!("/matches/{match_id}#reviews");
    match outcome {
        Ok(_) => {
            let key = if editing {
                "flash-review-edited"
            } else {
                "flash-review-posted"
            };
            Ok(visitor.see_other_with(&back, Flash::new(key)))
        }
        // A refusal the person can act on is said on the match's page.
        Err(ApiError::Validation(fields)) => {
            let problem = fields
                .iter()
                .map(|f| field_error_text(visitor.lang, &f.field, &f.code, &f.message))
                .collect::<Vec<_>>()
                .join("; ");
            refused(&state, &visitor, match_id, problem).await
        }
        Err(ApiError::Conflict(conflict)) => {
            let problem = conflict_text(visitor.lang, &conflict);
            refused(&state, &visitor, match_id, problem).await
        }
        Err(other) => Err(other),
    }
}

async fn refused(
    state: &AppState,
    visitor: &Visitor,
    match_id: MatchId,
    problem: String,
) -> Result<HttpResponse, ApiError> {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    super::matches::render(state, visitor, match_id, status, Some(problem), None).await
}

/// The form read into the operation's input: a rating must be chosen.
fn input_of(form: &ReviewForm) -> Result<ReviewInput, ApiError> {
    let rating = match form.rating.as_deref().map(str::trim) {
        None | Some("") => {
            return Err(ApiError::field("rating", "required", "choose a rating"));
        }
        Some(text) => text
            .parse::<u8>()
            .map(f64::from)
            .map_err(|_| ApiError::field("rating", "range", "choose a rating from 1 to 5"))?,
    };
    Ok(ReviewInput {
        rating,
        comment: form.comment.clone(),
    })
}
