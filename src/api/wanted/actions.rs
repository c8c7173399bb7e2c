//! Create and replace wanted requests (reading, publishing and withdrawing are shared
//! with listings, in `api::posts`).
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::api::listings::create::PublishQuery;
use crate::api::posts::answer;
use crate::api::versions::precondition;
use crate::domain::WantedId;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::posts::wanted::WantedInput;

#[tracing::instrument(skip_all)]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PublishQuery>,
    body: Json<WantedInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let row = state
        .posts()
        .create(caller.actor(), input, query.publish)
        .await?;
    Ok(answer(&req, &state, row, StatusCode::CREATED))
}

#[tracing::instrument(skip_all)]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<WantedId>,
    body: Json<WantedInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let row = state
        .posts()
        .update(caller.actor(), id, input, precondition(&req))
        .await?;
    Ok(answer(&req, &state, row, StatusCode::OK))
}
