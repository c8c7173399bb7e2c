//! Logging with tracing: human-readable by default, JSON on request. Every request gets a
//! request id, in its span (so in every log line of it) and in the `X-Request-Id` header.
//! Logged request targets are paths without their query string: tokens in email links
//! never reach the logs.
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Span};
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

use crate::configuration::LogFormat;

/// Installs the global subscriber; logs go to stderr so commands can print data on stdout.
pub fn init(format: LogFormat, filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(filter));
    let logs = tracing_subscriber::registry()
        .with(filter)
        .with(ClientFaultsAreNotErrors);
    let result = match format {
        LogFormat::Pretty => logs
            .with(fmt::layer().with_writer(std::io::stderr))
            .try_init(),
        LogFormat::Json => logs
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true)
                    .with_writer(std::io::stderr),
            )
            .try_init(),
    };
    // A second init (tests start many apps in one process) keeps the first subscriber.
    drop(result);
}

/// actix-http answers a request it cannot parse (a byte that is not allowed in the request
/// line or a header, a head too large) with a bare 400 or 431 before any of Terril's code
/// runs, then logs `stream error: request parse error: …` at ERROR level: a client's
/// mistake reported as a server fault, which pages whoever watches the errors. This layer
/// drops that line and logs it again at debug level under `terril::http` (an event sent
/// from inside the subscriber goes to the global one, as any other). Other errors of the
/// dispatcher (a response body that fails, an I/O error) stay errors.
struct ClientFaultsAreNotErrors;

const PARSE_ERROR: &str = "stream error: request parse error";

impl<S: tracing::Subscriber> Layer<S> for ClientFaultsAreNotErrors {
    fn event_enabled(&self, event: &Event<'_>, _: Context<'_, S>) -> bool {
        let metadata = event.metadata();
        if *metadata.level() != Level::ERROR || !metadata.target().starts_with("actix_http::") {
            return true;
        }
        let mut message = Message(String::new());
        event.record(&mut message);
        if !message.0.starts_with(PARSE_ERROR) {
            return true;
        }
        tracing::debug!(
            target: "terril::http",
            error = %message.0.trim_start_matches("stream error: "),
            "a request could not be parsed; answered 400 (or 431) before any route"
        );
        false
    }
}

/// The `message` field of an event, as text.
struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

/// The root span of each request: method, path (no query), request id, and on completion
/// the status code.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request.extensions().get::<RequestId>().copied();
        tracing::info_span!(
            "request",
            method = %request.method(),
            path = %request.path(),
            request_id = %request_id.map(|id| id.to_string()).unwrap_or_default(),
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// Echoes the request id to the client, so a problem report can name the request.
pub async fn request_id_header(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let request_id = request.extensions().get::<RequestId>().copied();
    let mut response = next.call(request).await?;
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id.to_string()).ok()) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), id);
    }
    Ok(response)
}
