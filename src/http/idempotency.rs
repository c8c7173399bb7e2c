//! `Idempotency-Key` on POST, with the semantics of Stripe's API and of the IETF draft
//! (draft-ietf-httpapi-idempotency-key-header): the same key from the same caller with the
//! same request replays the first answer (marked `Idempotent-Replayed: true`); with
//! another request it is 422 `idempotency_key_reused`; while the first still runs, 409
//! `idempotency_key_in_use`. Keys live in the database for 24 hours, so a retry may reach
//! any instance.
//!
//! The caller is who the credentials say: a verified access token's user, or the API key
//! itself (whoever holds it is that caller). Anonymous POSTs (registration, sign-in and
//! the other token exchanges, unsubscribing) ignore the header: their answers are tokens
//! or 202s that no other anonymous client may be handed, and they are safe to retry as
//! they are. Answers that did nothing a retry should not do again (401, 403, 429, 5xx) are
//! not kept: the key is given back.
use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpResponse, ResponseError};
use chrono::Duration;
use sha2::{Digest, Sha256};

use crate::auth::jwt::JwtKeys;
use crate::auth::tokens::hash_secret;
use crate::db::idempotency_keys::{Claim, IdempotencyKey};
use crate::db::now;
use crate::db::Db;
use crate::http::caller::{credential, Credential};
use crate::http::error::{ApiError, Conflict};
use crate::http::EdgeDb;

const KEY_HEADER: &str = "idempotency-key";
const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
/// How long an answer is kept.
pub const KEPT_HOURS: i64 = 24;
/// A first request still unanswered after this long was cut short (its process died): a
/// retry then runs again. Longer than any request may take.
const ABANDONED_AFTER_SECS: i64 = 60;
const KEY_MAX_CHARS: usize = 255;

/// What the idempotency middleware reads, registered as its own `web::Data`: the database
/// that keeps answers, the keys that tell a user's token, and the body limit of most routes.
pub struct IdempotencyState {
    pub db: Db,
    pub jwt: std::sync::Arc<JwtKeys>,
    pub body_limit: usize,
}

pub async fn guard(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let key = match request.headers().get(KEY_HEADER) {
        Some(value) if request.method() == Method::POST => value.to_str().ok().map(str::to_owned),
        _ => return Ok(next.call(request).await?.map_into_boxed_body()),
    };
    let Some(caller) = caller_of(&request) else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    let Some(key) = key.filter(|k| valid_key(k)) else {
        let message = "Idempotency-Key is 1 to 255 visible ASCII characters";
        return Ok(refuse(request, ApiError::BadRequest(message.into())));
    };
    let Some(state) = request.app_data::<web::Data<IdempotencyState>>().cloned() else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    let limit = match request.path() {
        crate::imports::PATH => crate::imports::MAX_BYTES,
        p if p.starts_with("/api/v1/listings/") && p.ends_with("/photos") => {
            crate::photos::MAX_UPLOAD_BYTES
        }
        _ => state.body_limit,
    };
    let body = match read_body(&mut request, limit).await {
        Ok(body) => body,
        Err(e) => return Ok(refuse(request, e)),
    };
    let fresh = IdempotencyKey {
        caller,
        key,
        request_hash: request_hash(&request, &body),
        status: None,
        content_type: None,
        location: None,
        body: None,
        created_at: now(),
    };
    request.set_payload(actix_web::dev::Payload::from(body));
    match claim(&state, &fresh).await {
        Ok(Claim::Taken) => run_first(request, next, &state, fresh).await,
        Ok(Claim::Held(held)) => Ok(answer_held(request, &fresh, held)),
        Err(e) => Ok(refuse(request, e)),
    }
}

/// The whole body, up to `limit` bytes (the app's limit, or an import's larger one).
async fn read_body(request: &mut ServiceRequest, limit: usize) -> Result<web::Bytes, ApiError> {
    use futures_util::StreamExt;
    let mut payload = request.parts_mut().1.take();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|_| ApiError::MalformedJson("the body could not be read".into()))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn valid_key(key: &str) -> bool {
    (1..=KEY_MAX_CHARS).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Who the credentials say is calling, without the database.
fn caller_of(request: &ServiceRequest) -> Option<String> {
    let state = request.app_data::<web::Data<IdempotencyState>>()?;
    match credential(request.request())? {
        Credential::Bearer(token) => {
            let claims = state.jwt.verify(&token).ok()?;
            Some(format!("user:{}", claims.sub.as_str()))
        }
        Credential::ApiKey(key) => Some(format!("key:{}", hash_secret(&key))),
    }
}

/// The method, path with query and body: what "the same request" means.
fn request_hash(request: &ServiceRequest, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(request.method().as_str());
    hasher.update(b" ");
    hasher.update(request.uri().to_string());
    hasher.update(b"\n");
    hasher.update(body);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn claim(state: &IdempotencyState, fresh: &IdempotencyKey) -> Result<Claim, ApiError> {
    let fresh = fresh.clone();
    let at = fresh.created_at;
    state
        .db
        .write(move |conn| {
            Ok(IdempotencyKey::claim(
                conn,
                &fresh,
                at - Duration::hours(KEPT_HOURS),
                at - Duration::seconds(ABANDONED_AFTER_SECS),
            )?)
        })
        .await
}

/// Runs the request that took the key, and keeps its answer (or gives the key back).
async fn run_first(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    state: &IdempotencyState,
    fresh: IdempotencyKey,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let (caller, key) = (fresh.caller, fresh.key);
    let response = match next.call(request).await {
        Ok(response) => response,
        Err(e) => {
            give_back(state, caller, key).await;
            return Err(e);
        }
    };
    if !keeps(response.status()) {
        give_back(state, caller, key).await;
        return Ok(response.map_into_boxed_body());
    }
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let bytes = match to_bytes(body).await {
        Ok(bytes) => bytes,
        Err(_) => {
            give_back(state, caller, key).await;
            let failed = ApiError::internal(anyhow::anyhow!("an answer could not be read"));
            return Ok(ServiceResponse::new(request, failed.error_response()));
        }
    };
    let text = |name| {
        head.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let answer = (
        i32::from(head.status().as_u16()),
        text(header::CONTENT_TYPE),
        text(header::LOCATION),
        String::from_utf8_lossy(&bytes).into_owned(),
    );
    let stored = state
        .db
        .write(move |conn| Ok(IdempotencyKey::finish(conn, &caller, &key, answer)?))
        .await;
    if let Err(e) = stored {
        // The request's work is done and answered; only its replays are lost.
        tracing::warn!(error = %e, "could not keep an idempotent answer");
    }
    Ok(ServiceResponse::new(
        request,
        head.set_body(bytes).map_into_boxed_body(),
    ))
}

/// Whether an answer is kept for replays: not when nothing was done that a retry should
/// not do again.
fn keeps(status: StatusCode) -> bool {
    !(status.is_server_error()
        || status == StatusCode::UNAUTHORIZED
        || status == StatusCode::FORBIDDEN
        || status == StatusCode::TOO_MANY_REQUESTS)
}

async fn give_back(state: &IdempotencyState, caller: String, key: String) {
    let released = state
        .db
        .write(move |conn| Ok(IdempotencyKey::release(conn, &caller, &key)?))
        .await;
    if let Err(e) = released {
        tracing::warn!(error = %e, "could not give an idempotency key back");
    }
}

fn answer_held(
    request: ServiceRequest,
    fresh: &IdempotencyKey,
    held: IdempotencyKey,
) -> ServiceResponse<BoxBody> {
    let Some(status) = held
        .status
        .and_then(|s| StatusCode::from_u16(s as u16).ok())
    else {
        let mut response = ApiError::Conflict(Conflict::IdempotencyKeyInUse).error_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return request.into_response(response);
    };
    if held.request_hash != fresh.request_hash {
        return refuse(request, ApiError::IdempotencyKeyReused);
    }
    let mut replay = HttpResponse::build(status);
    if let Some(content_type) = held.content_type {
        replay.insert_header((header::CONTENT_TYPE, content_type));
    }
    if let Some(location) = held.location {
        replay.insert_header((header::LOCATION, location));
    }
    replay.insert_header((REPLAYED, HeaderValue::from_static("true")));
    request.into_response(replay.body(held.body.unwrap_or_default()))
}

fn refuse(request: ServiceRequest, error: ApiError) -> ServiceResponse<BoxBody> {
    request.into_response(error.error_response())
}
