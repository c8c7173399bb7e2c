//! The middleware on every route: spends from the request's budget, answers 429 when it is
//! empty, and tells the client where it stands in the `RateLimit-Policy` and `RateLimit`
//! fields of the IETF draft (draft-ietf-httpapi-ratelimit-headers-10), on every answer.
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, Error, ResponseError};

use crate::auth::jwt::JwtKeys;
use crate::db::api_keys::ApiKey;
use crate::db::Db;
use crate::http::error::ApiError;
use crate::http::EdgeDb;
use crate::limits::Client;
use crate::limits::Limiters;
use crate::limits::{Allowance, BudgetKind};

const POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");
const STATE: HeaderName = HeaderName::from_static("ratelimit");

/// Liveness does no work at all, and an orchestrator that got 429 from it would restart a
/// healthy instance.
const UNLIMITED: &[&str] = &["/health/live"];

/// What the rate limiter reads, registered as its own `web::Data`: the budgets, the keys
/// that tell a user's token, and the database (to learn valid API keys).
pub struct RateLimitState {
    pub limits: std::sync::Arc<Limiters>,
    pub jwt: std::sync::Arc<JwtKeys>,
    pub db: Db,
}

pub async fn guard(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let Some(state) = request.app_data::<web::Data<RateLimitState>>().cloned() else {
        return Ok(next.call(request).await?.map_into_left_body());
    };
    if !state.limits.settings().enabled {
        return Ok(next.call(request).await?.map_into_left_body());
    }
    let pattern = request.match_pattern().unwrap_or_default();
    if UNLIMITED.contains(&pattern.as_str()) {
        return Ok(next.call(request).await?.map_into_left_body());
    }
    let kind = BudgetKind::of(request.method(), &pattern);
    let client = Client::of(&request, kind, &state.limits, &state.jwt);
    let allowance = state.limits.spend(kind, &client);
    if !allowance.allowed {
        metrics::counter!("terril_rate_limited_total", "budget" => kind.name()).increment(1);
        let mut response =
            ApiError::RateLimited(whole_seconds(allowance.reset).max(1)).error_response();
        describe(response.headers_mut(), &allowance);
        return Ok(request.into_response(response).map_into_right_body());
    }
    if let Some(key_hash) = super::client::unknown_api_key(&request, &state.limits) {
        learn_api_key(&state, key_hash).await;
    }
    let mut response = next.call(request).await?;
    describe(response.headers_mut(), &allowance);
    Ok(response.map_into_left_body())
}

/// Looks up a key not yet known (this request was charged to its IP, which bounds how
/// often a caller trying random keys makes Terril look): a valid key gets budgets of its
/// own from its next request on. Failing to look is no reason to fail the request.
async fn learn_api_key(state: &RateLimitState, key_hash: String) {
    let lookup = key_hash.clone();
    match state
        .db
        .read(move |conn| Ok(ApiKey::find_active_by_hash(conn, &lookup)?))
        .await
    {
        Ok(Some(_)) => state.limits.vouch_for_api_key(&key_hash),
        Ok(None) => {}
        Err(e) => tracing::debug!(error = %e, "could not look up an API key for its budget"),
    }
}

/// `RateLimit-Policy: "write";q=30;w=30` and `RateLimit: "write";r=29;t=1`: the bucket
/// holds q requests and fills in w seconds; r are left, and it is full again in t seconds
/// (on a 429: the next request is allowed in t seconds, as `Retry-After` says).
fn describe(headers: &mut HeaderMap, allowance: &Allowance) {
    let name = allowance.kind.name();
    let policy = format!(
        "\"{name}\";q={};w={}",
        allowance.quota,
        whole_seconds(allowance.window).max(1)
    );
    let state = format!(
        "\"{name}\";r={};t={}",
        allowance.remaining,
        whole_seconds(allowance.reset)
    );
    for (header, value) in [(POLICY, policy), (STATE, state)] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(header, value);
        }
    }
}

fn whole_seconds(duration: std::time::Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}
