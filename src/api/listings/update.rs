//! PUT /api/v1/listings/{id}: the owner replaces a draft's, a published or an expired
//! listing's details. What reservations took or hold stays theirs: only the rest of the new
//! quantity is available, and a quantity below what they hold is refused. With `If-Match`,
//! only the version named is replaced (412 otherwise).
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::api::posts::answer;
use crate::api::versions::precondition;
use crate::domain::ListingId;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::posts::listing::ListingInput;

#[tracing::instrument(skip_all)]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ListingId>,
    body: Json<ListingInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let row = state
        .posts()
        .update(caller.actor(), id, input, precondition(&req))
        .await?;
    Ok(answer(&req, &state, row, StatusCode::OK))
}
