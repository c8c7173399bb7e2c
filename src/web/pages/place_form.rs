//! Where a post is, as a person says it in a form: one of the organisation's sites, or
//! another place given by its commune (a name or a postcode, looked up in the embedded
//! gazetteer), a street address and a pin on the map. Latitude and longitude are hidden
//! fields the map fills when the pin is dragged; empty, the commune's position is used.
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::db::sites::Site;
use crate::domain::error::FieldError;
use crate::domain::SiteId;
use crate::gazetteer::{gazetteer, Commune, Lookup};
use crate::posts::input::LocationInput;
use crate::web::pages::listing_form::read_number;

/// How far a pin may be from its commune's position and still be taken: a pin left from
/// another commune (the place was changed after the pin was dragged) is not.
const PIN_REACH_KM: f64 = 25.0;

/// The API's field paths as the place fields name them.
pub const PLACE_FIELDS: &[(&str, &str)] = &[
    ("location", "place"),
    ("location.latitude", "place"),
    ("location.longitude", "place"),
    ("location.address", "address"),
    ("location.insee_code", "place"),
];

/// The place fields of a post's form, flattened into it.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct PlaceFields {
    /// One of the organisation's sites; empty for another place.
    #[serde(default)]
    pub site_id: String,
    /// "Commune ou code postal", as typed.
    #[serde(default)]
    pub place: String,
    /// The INSEE code of the commune chosen among several of one name.
    #[serde(default)]
    pub commune: String,
    /// The street address.
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
}

impl PlaceFields {
    /// The fields of a stored post's place.
    pub fn of(
        site_id: Option<&SiteId>,
        insee_code: Option<&str>,
        address: &str,
        at: (f64, f64),
    ) -> Self {
        // A post written before communes were typed may have none: the nearest one.
        let commune = match insee_code {
            Some(code) => gazetteer().by_code(code),
            None => gazetteer().nearest(at.0, at.1),
        };
        Self {
            site_id: site_id.map(|id| id.to_string()).unwrap_or_default(),
            place: commune.map(Commune::label).unwrap_or_default(),
            commune: commune.map(|c| c.insee_code.clone()).unwrap_or_default(),
            address: street_of(address, commune),
            latitude: format!("{}", at.0),
            longitude: format!("{}", at.1),
        }
    }

    /// The site named, or the place typed; field errors for what cannot be read.
    pub fn read(&self, errors: &mut Vec<FieldError>) -> (Option<SiteId>, Option<LocationInput>) {
        if !self.site_id.trim().is_empty() {
            // The site's place is the post's (see `Posts::placed`).
            let site_id = SiteId::parse(self.site_id.trim());
            if site_id.is_none() {
                let message = "choose one of your sites";
                errors.push(FieldError::new("site_id", "unknown_site", message));
            }
            return (site_id, None);
        }
        let commune = match self.commune() {
            Ok(commune) => commune,
            Err(error) => {
                errors.push(error);
                return (None, None);
            }
        };
        let Some(centre) = commune.position() else {
            let message = "this commune has no position yet: try a neighbouring one";
            errors.push(FieldError::new("place", "unplaced", message));
            return (None, None);
        };
        let mut ignored = Vec::new();
        let pin = read_number("latitude", &self.latitude, false, &mut ignored)
            .zip(read_number(
                "longitude",
                &self.longitude,
                false,
                &mut ignored,
            ))
            .filter(|&pin| distance_km(pin, centre) <= PIN_REACH_KM);
        let (latitude, longitude) = pin.unwrap_or(centre);
        let location = LocationInput {
            latitude,
            longitude,
            address: LocationInput::full_address(self.address.trim(), &commune.name),
            insee_code: Some(commune.insee_code.clone()),
        };
        (None, Some(location))
    }

    /// The commune the fields name: the one of this name or postcode, or the one chosen
    /// among several.
    fn commune(&self) -> Result<&'static Commune, FieldError> {
        let text = self.place.trim();
        if text.is_empty() {
            let message = "type a commune or a postcode";
            return Err(FieldError::new("place", "required", message));
        }
        match gazetteer().lookup(text) {
            Lookup::Found(commune) => Ok(commune),
            Lookup::Choose(several) => several
                .into_iter()
                .find(|c| c.insee_code == self.commune.trim())
                .ok_or_else(|| {
                    let message = "several communes have this name: choose yours";
                    FieldError::new("place", "ambiguous_place", message)
                }),
            Lookup::NotFound => {
                let message = "no commune has this name or postcode";
                Err(FieldError::new("place", "unknown_place", message))
            }
        }
    }

    /// What the form shows of the place: the communes to choose from when the name is
    /// ambiguous, and where the map's pin starts.
    pub fn view(&self, sites: &[Site]) -> Value {
        let choices: Vec<Value> = match gazetteer().lookup(self.place.trim()) {
            // A commune without a position cannot place a post: it is not offered.
            Lookup::Choose(several) if !self.place.trim().is_empty() => several
                .iter()
                .filter(|c| c.position().is_some())
                .map(|c| {
                    context! {
                        code => &c.insee_code,
                        label => c.label(),
                        postcodes => &c.postcodes,
                        chosen => c.insee_code == self.commune.trim(),
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        // The pin starts at the commune (empty when none is named yet).
        let centre = self.commune().ok().and_then(Commune::position);
        let (centre_lat, centre_lon) = centre
            .map(|(lat, lon)| (lat.to_string(), lon.to_string()))
            .unwrap_or_default();
        let sites: Vec<Value> = sites
            .iter()
            .map(|s| {
                let commune = gazetteer().by_code(&s.insee_code).map(Commune::label);
                context! { id => &s.id, name => &s.name, commune, selected => *s.id == *self.site_id.trim() }
            })
            .collect();
        context! {
            choices,
            sites,
            centre_lat,
            centre_lon,
        }
    }
}

/// The street of a post's address, as the street field shows it: the address without the
/// commune's name that `LocationInput::full_address` adds.
fn street_of(address: &str, commune: Option<&Commune>) -> String {
    let Some(name) = commune.map(|c| c.name.as_str()) else {
        return address.to_owned();
    };
    if address == name {
        return String::new();
    }
    address
        .strip_suffix(name)
        .and_then(|street| street.strip_suffix(", "))
        .unwrap_or(address)
        .to_owned()
}

/// The distance between two points, near enough at the scale of a commune.
fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let scale = ((a.0 + b.0) / 2.0).to_radians().cos();
    let (dy, dx) = (a.0 - b.0, (a.1 - b.1) * scale);
    (dy * dy + dx * dx).sqrt() * 111.2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(place: &str) -> PlaceFields {
        PlaceFields {
            place: place.into(),
            ..PlaceFields::default()
        }
    }

    #[test]
    fn a_commune_by_name_is_placed_at_its_position() {
        let mut errors = Vec::new();
        let (_, location) = typed("Loos-en-Gohelle").read(&mut errors);
        let location = location.unwrap();
        assert_eq!(location.insee_code.as_deref(), Some("62528"));
        assert_eq!(location.address, "Loos-en-Gohelle");
        assert!((location.latitude - 50.457).abs() < 0.01);
        let with_street = PlaceFields {
            address: "Base 11/19".into(),
            ..typed("Loos-en-Gohelle")
        };
        let (_, location) = with_street.read(&mut errors);
        let address = location.unwrap().address;
        assert_eq!(address, "Base 11/19, Loos-en-Gohelle");
        let again = PlaceFields::of(None, Some("62528"), &address, (50.45, 2.79));
        assert_eq!(
            again.address, "Base 11/19",
            "the street field shows the street"
        );
        assert_eq!(again.place, "Loos-en-Gohelle (62)");
    }

    #[test]
    fn a_pin_near_the_commune_is_kept_and_one_far_away_is_not() {
        let mut near = typed("62750");
        (near.latitude, near.longitude) = ("50,46".into(), "2,80".into());
        let (_, location) = near.read(&mut Vec::new());
        assert_eq!(location.unwrap().latitude, 50.46);
        let far = PlaceFields {
            latitude: "48.85".into(),
            longitude: "2.35".into(),
            ..near
        };
        let (_, location) = far.read(&mut Vec::new());
        assert!((location.unwrap().latitude - 50.457).abs() < 0.01);
    }

    #[test]
    fn an_ambiguous_name_asks_for_a_choice_and_an_unknown_postcode_is_an_error() {
        let mut errors = Vec::new();
        typed("Saint-Martin").read(&mut errors);
        typed("00000").read(&mut errors);
        let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["ambiguous_place", "unknown_place"]);
        let view = typed("Saint-Martin").view(&[]);
        assert!(view.get_attr("choices").unwrap().len().unwrap() > 1);
    }
}
