//! A form refused for too many requests is not lost: the pages' middleware keeps the body
//! of a small form before the rate limiter sees it, and the 429 page offers it again, as
//! hidden fields behind a "send again" button, saying how long to wait. Passwords are
//! never written back into a page: the person types them again.
use actix_web::dev::{Payload, ServiceRequest};
use actix_web::error::PayloadError;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::http::Method;
use actix_web::web::{Bytes, BytesMut};
use actix_web::HttpMessage;
use futures_util::StreamExt;
use serde::Serialize;

/// Forms larger than this (photos, imports) are passed on without being kept.
const MAX_KEPT_BYTES: usize = 64 * 1024;

/// A form as it was sent, to be offered again.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KeptForm {
    pub action: String,
    pub fields: Vec<(String, String)>,
}

/// Keeps the body of a small urlencoded POST and puts it back for the handler; None for
/// any other request, which is passed on untouched.
pub async fn keep(request: &mut ServiceRequest) -> Option<KeptForm> {
    if request.method() != Method::POST || !is_small_form(request) {
        return None;
    }
    let mut payload = request.take_payload();
    let mut body = BytesMut::new();
    let mut failed = None;
    while let Some(chunk) = payload.next().await {
        match chunk {
            Ok(chunk) if body.len() + chunk.len() <= MAX_KEPT_BYTES => {
                body.extend_from_slice(&chunk)
            }
            Ok(_) => {
                failed = Some(PayloadError::Overflow);
                break;
            }
            Err(error) => {
                failed = Some(error);
                break;
            }
        }
    }
    let body = body.freeze();
    let action = request.uri().path().to_owned();
    request.set_payload(replay(body.clone(), failed));
    let fields = url::form_urlencoded::parse(&body)
        .filter(|(name, _)| !name.contains("password"))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    Some(KeptForm { action, fields })
}

/// A declared length within bounds and a urlencoded body: what the pages' forms send.
fn is_small_form(request: &ServiceRequest) -> bool {
    let headers = request.headers();
    let urlencoded = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let length = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    urlencoded && length.is_some_and(|n| n <= MAX_KEPT_BYTES)
}

/// The body again, as the handler's payload; a read that failed fails the same way there.
fn replay(body: Bytes, failed: Option<PayloadError>) -> Payload {
    let Some(error) = failed else {
        return Payload::from(body);
    };
    let items = vec![Ok(body), Err(error)];
    let stream: std::pin::Pin<Box<dyn futures_util::Stream<Item = _>>> =
        Box::pin(futures_util::stream::iter(items));
    Payload::from(stream)
}
