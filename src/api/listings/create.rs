//! POST /api/v1/listings: a new listing of the caller's organisation, as a draft or
//! published at once (`?publish=true`).
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::api::posts::answer;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::posts::listing::ListingInput;

#[derive(Deserialize)]
pub struct PublishQuery {
    #[serde(default)]
    pub publish: bool,
}

#[tracing::instrument(skip_all)]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PublishQuery>,
    body: Json<ListingInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let row = state
        .posts()
        .create(caller.actor(), input, query.publish)
        .await?;
    Ok(answer(&req, &state, row, StatusCode::CREATED))
}
