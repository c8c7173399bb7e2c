//! The answer that carries a photo's image, the API's (`/api/v1/photos/...`) and the
//! pages' (`/photos/...`) alike.
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::HttpResponse;

/// A JPEG image of a photo, kept by the browser: a photo never changes (a new one gets a
/// new id).
pub fn jpeg(bytes: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/jpeg")
        .insert_header((header::CACHE_CONTROL, "private, max-age=86400, immutable"))
        .body(bytes)
}
