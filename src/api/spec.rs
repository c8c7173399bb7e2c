//! The public contract, served as written in `api-spec/openapi.yaml`.
use actix_web::HttpResponse;

pub const OPENAPI_YAML: &str = include_str!("../../api-spec/openapi.yaml");

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/yaml")
        .body(OPENAPI_YAML)
}
