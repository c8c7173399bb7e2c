//! GET /places?q=: the communes a place typed so far may name, for the suggestions of the
//! place fields (assets/pages/place.js) and to move the map's pin to the commune. The
//! forms work without it: the server looks the place up again when the form is sent.
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::gazetteer::{gazetteer, Commune, Lookup};

#[derive(Deserialize)]
pub struct PlaceQuery {
    #[serde(default)]
    pub q: String,
}

pub async fn suggest(query: web::Query<PlaceQuery>) -> HttpResponse {
    let text: String = query.q.chars().take(100).collect();
    let found: Vec<&Commune> = match gazetteer().lookup(&text) {
        Lookup::Found(commune) => vec![commune],
        Lookup::Choose(several) => several,
        Lookup::NotFound => Vec::new(),
    };
    let items: Vec<_> = found
        .into_iter()
        .filter_map(|c| {
            let (lat, lon) = c.position()?;
            Some(json!({
                "label": c.label(),
                "code": c.insee_code,
                "postcodes": c.postcodes,
                "lat": lat,
                "lon": lon,
            }))
        })
        .collect();
    HttpResponse::Ok()
        .insert_header(("cache-control", "public, max-age=3600"))
        .json(json!({ "items": items }))
}
