//! Search answers, for listings and wanted requests alike: JSON `{items, next_cursor}`, or, when the client asks for
//! `application/geo+json`, an RFC 7946 FeatureCollection of Points (with `next_cursor`
//! as a foreign member) that map libraries read directly. Both are served at one URL, so
//! every answer says `Vary: Accept, Accept-Language` (the names are in the caller's
//! language too): a cache must not hand a map's GeoJSON to a JSON client.
use actix_web::http::header::VARY;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;

use crate::api::language::language;
use crate::catalogue::index::SpatialIndex;
use crate::catalogue::search::Searchable;
use crate::db::now;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::posts::search::{encode_cursor, SearchParams};
use crate::views::posts::{round, Hit};

pub const GEO_JSON: &str = "application/geo+json";

/// The request headers a search answer depends on.
const VARY_ON: &str = "Accept, Accept-Language";

pub fn wants_geojson(req: &HttpRequest) -> bool {
    req.headers()
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains(GEO_JSON))
}

/// The page of `index` (the listings or the wanted requests) that `params` ask for.
pub fn search_posts<S: Searchable + Hit>(
    req: &HttpRequest,
    state: &AppState,
    index: &SpatialIndex<S>,
    params: &SearchParams,
) -> Result<HttpResponse, ApiError> {
    let taxonomy = &state.catalogue.taxonomy;
    let page = params.run(index, taxonomy, now().date())?;
    let lang = language(req);
    let found = page
        .items
        .iter()
        .map(|(summary, distance)| {
            let (latitude, longitude) = summary.position();
            Found {
                view: summary.hit(taxonomy, lang, *distance),
                id: uuid::Uuid::from_u128(summary.key()),
                latitude,
                longitude,
            }
        })
        .collect();
    Ok(respond(req, found, page.next.map(encode_cursor)))
}

/// One result: its view, id and position.
pub struct Found<V> {
    pub view: V,
    pub id: uuid::Uuid,
    pub latitude: f64,
    pub longitude: f64,
}

/// The JSON answer, serialised straight from the hits: no intermediate `serde_json::Value`
/// tree, whose allocations were most of the cost of a search answer.
#[derive(Serialize)]
struct Items<V> {
    items: Vec<V>,
    next_cursor: Option<String>,
}

#[derive(Serialize)]
struct FeatureCollection<V> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<Feature<V>>,
    next_cursor: Option<String>,
}

#[derive(Serialize)]
struct Feature<V> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(serialize_with = "crate::views::posts::json_text::uuid")]
    id: uuid::Uuid,
    geometry: Point,
    properties: V,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

pub fn respond<V: Serialize>(
    req: &HttpRequest,
    found: Vec<Found<V>>,
    next_cursor: Option<String>,
) -> HttpResponse {
    if wants_geojson(req) {
        let features = found
            .into_iter()
            .map(|f| Feature {
                kind: "Feature",
                id: f.id,
                // To 6 decimals (about 10 cm), as the JSON and `properties.location`.
                geometry: Point {
                    kind: "Point",
                    coordinates: [round(f.longitude, 6), round(f.latitude, 6)],
                },
                properties: f.view,
            })
            .collect();
        let collection = FeatureCollection {
            kind: "FeatureCollection",
            features,
            next_cursor,
        };
        return json_body(GEO_JSON, &collection, collection.features.len());
    }
    let items: Vec<V> = found.into_iter().map(|f| f.view).collect();
    let hits = items.len();
    json_body("application/json", &Items { items, next_cursor }, hits)
}

/// About what one hit takes in JSON (a page of 20 averages 14 KB).
const BYTES_PER_HIT: usize = 768;

/// Writes the answer into a buffer sized for its hits up front, instead of growing it
/// from empty a dozen times over as `HttpResponse::json` does.
fn json_body(content_type: &str, value: &impl Serialize, hits: usize) -> HttpResponse {
    let mut body = Vec::with_capacity(256 + BYTES_PER_HIT * hits);
    match serde_json::to_writer(&mut body, value) {
        Ok(()) => HttpResponse::Ok()
            .content_type(content_type)
            .insert_header((VARY, VARY_ON))
            .body(body),
        Err(err) => crate::http::error::ApiError::internal(err).error_response(),
    }
}
