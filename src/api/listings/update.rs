//! PUT /api/v1/listings/{id}: the owner replaces a draft's, a published or an expired
//! listing's details. What reservations took or hold stays theirs: only the rest of the new
//! quantity is available, and a quantity below what they hold is refused. With `If-Match`,
//! only the version named is replaced (412 otherwise).
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::ListingInput;
use crate::api::posts::answer;
use crate::api::versions::Precondition;
use crate::db::listings::Listing;
use crate::domain::ListingId;
use crate::exchange::reservations;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::posts::lifecycle::{self, PostRecord};

#[tracing::instrument(skip_all)]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ListingId>,
    body: Json<ListingInput>,
) -> Result<HttpResponse, ApiError> {
    let precondition = Precondition::of(&req);
    let row = update_listing(
        &state,
        caller,
        id.into_inner(),
        body.into_inner(),
        precondition,
    )
    .await?;
    Ok(answer(&req, &state, row, StatusCode::OK))
}

/// Replaces the owner's listing's details (the API's way and the page's).
pub async fn update_listing(
    state: &web::Data<AppState>,
    caller: Caller,
    id: ListingId,
    input: ListingInput,
    precondition: Precondition,
) -> Result<Listing, ApiError> {
    let checked = input.check(&state.catalogue.taxonomy)?;
    let app = state.clone();
    let row = state
        .db
        .write(move |conn| {
            let edited = lifecycle::edit(
                conn,
                &app.context(),
                &caller.actor(),
                &id,
                |conn, row: &mut Listing| {
                    precondition.check(row.updated_at)?;
                    input.apply(checked, row);
                    reservations::requantify(conn, row)
                },
            );
            Ok(edited?)
        })
        .await?;
    row.index(&state.catalogue);
    Ok(row)
}
