//! Response headers every answer gets, whatever the handler: no content sniffing; no
//! storing of answers that carry a caller's data or tokens; and, on HTML, a strict content
//! security policy, no framing and no referrer (the unsubscribe page's URL holds a token).
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::Error;

/// The policy of Terril's HTML: only Terril's own style sheets, scripts and images load
/// (no inline script, no other site), forms post to Terril only.
pub const HTML_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// The reference page (`/docs`): its renderer runs Terril's own scripts, styles itself
/// inline, and reads the spec from Terril.
pub const DOCS_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
     connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; \
     form-action 'none'";

/// Paths whose answers hold tokens or secrets whoever asks (sign-in, refresh).
const TOKEN_PATHS: &[&str] = &["/api/v1/auth/"];

pub async fn security_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let private =
        carries_credentials(&request) || TOKEN_PATHS.iter().any(|p| request.path().starts_with(p));
    let policy = if request.path() == "/docs" {
        DOCS_CONTENT_SECURITY_POLICY
    } else {
        HTML_CONTENT_SECURITY_POLICY
    };
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if private {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        // The pages set their own (it names the map's tile server).
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(policy),
            );
        }
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    Ok(response)
}

/// A bearer token or an API key: the answer may be this caller's alone.
fn carries_credentials(request: &ServiceRequest) -> bool {
    let headers = request.headers();
    headers.contains_key(header::AUTHORIZATION) || headers.contains_key("x-api-key")
}
