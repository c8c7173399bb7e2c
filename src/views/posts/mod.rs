//! Posts as the API shows them: a listing or a wanted request in full (`ListingView`,
//! `WantedView`), and the lighter shapes of search results (`ListingHit`, a wanted
//! request's summary). The pages and the change feed show the same shapes.
pub mod json_text;
mod listing;
mod wanted;

pub use listing::{HitLocation, ListingHit, ListingView, MaterialRef};
pub use wanted::WantedView;

use serde::Serialize;

use crate::catalogue::taxonomy::Taxonomy;
use crate::domain::Language;

/// How a stored post (a listing or a wanted request) is shown: in full to its owner, its
/// private fields left out for anyone else.
pub trait Shown {
    type View: Serialize;
    fn view(self, taxonomy: &Taxonomy, lang: Language, owner: bool) -> Self::View;
}

/// How a search result (a post's summary in the index) is shown.
pub trait Hit {
    type View<'a>: Serialize
    where
        Self: 'a;
    fn hit<'a>(
        &'a self,
        taxonomy: &'a Taxonomy,
        lang: Language,
        distance_km: Option<f64>,
    ) -> Self::View<'a>;
}

#[derive(Serialize)]
pub struct Material {
    pub code: String,
    pub name: String,
}

/// The class of `code` with its name in `lang` (empty for a code the taxonomy lost).
fn material(taxonomy: &Taxonomy, code: &str, lang: Language) -> Material {
    Material {
        code: code.to_owned(),
        name: taxonomy
            .get(code)
            .map(|c| c.name(lang).to_owned())
            .unwrap_or_default(),
    }
}

/// Search results carry no address (it is on the post itself), to keep them light.
#[derive(Serialize)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub insee_code: Option<String>,
}

impl Location {
    /// Coordinates to 6 decimals (about 10 cm): more digits are noise.
    pub fn new(
        latitude: f64,
        longitude: f64,
        address: Option<String>,
        insee_code: Option<String>,
    ) -> Self {
        let round = |x: f64| (x * 1e6).round() / 1e6;
        Self {
            latitude: round(latitude),
            longitude: round(longitude),
            address,
            insee_code,
        }
    }
}

/// Rounded to `decimals`: 6 for coordinates (about 10 cm), 3 for km (a metre).
pub fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}
