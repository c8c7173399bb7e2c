//! The language of reference data in an answer: `?lang=fr|en`, else `Accept-Language`,
//! else French.
use actix_web::HttpRequest;

use crate::domain::Language;

pub fn language(req: &HttpRequest) -> Language {
    let from_query = req
        .query_string()
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Language::parse);
    from_query.unwrap_or_else(|| {
        let header = req
            .headers()
            .get("accept-language")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        match header.trim_start().get(..2) {
            Some(tag) if tag.eq_ignore_ascii_case("en") => Language::En,
            _ => Language::Fr,
        }
    })
}
