//! Search answers: JSON `{items, next_cursor}`, or, when the client asks for
//! `application/geo+json`, an RFC 7946 FeatureCollection of Points (with `next_cursor`
//! as a foreign member) that map libraries read directly.
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use serde_json::{json, Value};

pub const GEO_JSON: &str = "application/geo+json";

pub fn wants_geojson(req: &HttpRequest) -> bool {
    req.headers()
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains(GEO_JSON))
}

/// One result: its view, id and position.
pub struct Found<V> {
    pub view: V,
    pub id: String,
    pub latitude: f64,
    pub longitude: f64,
}

pub fn respond<V: Serialize>(
    req: &HttpRequest,
    found: Vec<Found<V>>,
    next_cursor: Option<String>,
) -> HttpResponse {
    if wants_geojson(req) {
        let features: Vec<Value> = found
            .into_iter()
            .map(|f| {
                json!({
                    "type": "Feature",
                    "id": f.id,
                    "geometry": { "type": "Point", "coordinates": [f.longitude, f.latitude] },
                    "properties": f.view,
                })
            })
            .collect();
        let collection = json!({ "type": "FeatureCollection", "features": features, "next_cursor": next_cursor });
        return HttpResponse::Ok().content_type(GEO_JSON).json(collection);
    }
    let items: Vec<V> = found.into_iter().map(|f| f.view).collect();
    HttpResponse::Ok().json(json!({ "items": items, "next_cursor": next_cursor }))
}
