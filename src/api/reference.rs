//! The API reference page, `/docs`: `api-spec/openapi.yaml` rendered in the browser by
//! Redoc (vendored by `scripts/vendor-docs.sh`, embedded in the binary: nothing is loaded
//! from elsewhere).
use actix_web::http::header;
use actix_web::HttpResponse;

const REDOC: &[u8] = include_bytes!("../../assets/docs/redoc.standalone.js");

/// No inline script: the page loads the renderer and its start-up script from Terril.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Terril API reference</title>
</head>
<body>
<noscript>This page needs JavaScript. The contract itself is <a href="/api/v1/openapi.yaml">/api/v1/openapi.yaml</a>.</noscript>
<div id="reference"></div>
<script src="/docs/redoc.standalone.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
"#;

const START: &str = "Redoc.init('/api/v1/openapi.yaml', { hideDownloadButton: false }, \
                     document.getElementById('reference'));\n";

/// GET /docs
pub async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(PAGE)
}

/// GET /docs/redoc.standalone.js
pub async fn renderer() -> HttpResponse {
    script(REDOC)
}

/// GET /docs/start.js
pub async fn start() -> HttpResponse {
    script(START.as_bytes())
}

fn script(body: &'static [u8]) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body)
}
