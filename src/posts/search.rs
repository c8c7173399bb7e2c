//! Searching posts: the parameters of `GET /api/v1/listings` and `GET /api/v1/wanted`
//! (and of the search page, which fills the same ones), parsed into a catalogue search
//! and run on the index. Bad values are field errors, all reported at once.
use chrono::{DateTime, NaiveDate};
use serde::Deserialize;

use crate::catalogue::geometry::BoundingBox;
use crate::catalogue::index::SpatialIndex;
use crate::catalogue::search::{search, Area, Cursor, Filter, Page, Query, Searchable, Sort};
use crate::catalogue::summaries::{id_key, words};
use crate::catalogue::taxonomy::{ClassId, Taxonomy};
use crate::domain::error::{DomainError, FieldError};
use crate::domain::{Condition, OrganisationId};

/// The widest circle a search may draw (km): about the size of mainland France.
pub const MAX_RADIUS_KM: f64 = 1000.0;

/// The longest words filter, as long as a saved search's.
const MAX_WORDS_CHARS: usize = 200;

#[derive(Debug, Deserialize, Default)]
pub struct SearchParams {
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub radius_km: Option<f64>,
    /// `west,south,east,north` in degrees.
    pub bbox: Option<String>,
    pub material: Option<String>,
    pub subclasses: Option<bool>,
    pub condition: Option<Condition>,
    pub available_on: Option<NaiveDate>,
    pub max_price: Option<f64>,
    pub q: Option<String>,
    /// RFC 3339: posts changed at or after it.
    pub updated_since: Option<String>,
    pub organisation: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
    /// Read by `language()`; listed so it is not an unknown parameter.
    pub lang: Option<String>,
}

impl SearchParams {
    /// The page of `index` (listings or wanted requests) these parameters ask for, on
    /// `today` (the day the availability filters read).
    pub fn run<T: Searchable>(
        &self,
        index: &SpatialIndex<T>,
        taxonomy: &Taxonomy,
        today: NaiveDate,
    ) -> Result<Page<T>, DomainError> {
        let query = self.to_query(taxonomy, today)?;
        Ok(search(index, &query, taxonomy))
    }

    pub fn to_query(&self, taxonomy: &Taxonomy, today: NaiveDate) -> Result<Query, DomainError> {
        let mut errors = Vec::new();
        let area = self.area(&mut errors);
        let classes = self.classes(taxonomy, &mut errors);
        let sort = self.sort(area.is_some(), &mut errors);
        let organisation = self.organisation.as_deref().and_then(|text| {
            let id = OrganisationId::parse(text);
            if id.is_none() {
                let message = "this is not an id (ids are UUIDs)";
                errors.push(FieldError::new("organisation", "invalid", message));
            }
            id.map(|id| id_key(&id))
        });
        let (limit, after) = self.page(&mut errors);
        let max_price_ok = self.max_price.is_none_or(|p| p.is_finite() && p >= 0.0);
        require(
            max_price_ok,
            &mut errors,
            "max_price",
            "range",
            "max_price is 0 or more",
        );
        let q_ok = self
            .q
            .as_ref()
            .is_none_or(|q| q.chars().count() <= MAX_WORDS_CHARS);
        require(
            q_ok,
            &mut errors,
            "q",
            "length",
            "q is at most 200 characters",
        );
        let updated_since = self.updated_since(&mut errors);
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        Ok(Query {
            area,
            filter: Filter {
                classes,
                condition_rank: self.condition.map(Condition::rank),
                available_on: self.available_on,
                max_price: self.max_price,
                updated_since,
                words: self.q.as_deref().map(words).unwrap_or_default(),
                organisation,
                today: Some(today),
            },
            sort,
            limit,
            after,
        })
    }

    fn updated_since(&self, errors: &mut Vec<FieldError>) -> Option<chrono::NaiveDateTime> {
        let text = self.updated_since.as_deref()?;
        let at = DateTime::parse_from_rfc3339(text).ok();
        let message = "an RFC 3339 time, such as 2026-12-01T08:00:00Z";
        require(at.is_some(), errors, "updated_since", "invalid", message);
        at.map(|at| at.naive_utc())
    }

    /// The class asked for, with its subclasses unless `subclasses=false`.
    fn classes(
        &self,
        taxonomy: &Taxonomy,
        errors: &mut Vec<FieldError>,
    ) -> Option<std::ops::Range<ClassId>> {
        let code = self.material.as_deref()?;
        match taxonomy.id_of(code) {
            Some(id) if self.subclasses.unwrap_or(true) => Some(taxonomy.subtree(id)),
            Some(id) => Some(id..id + 1),
            None => {
                let message = "no material class has this code";
                errors.push(FieldError::new("material", "unknown", message));
                None
            }
        }
    }

    /// Nearest first around a centre, newest first otherwise, unless asked.
    fn sort(&self, has_area: bool, errors: &mut Vec<FieldError>) -> Sort {
        let (field, recent) = ("sort", Sort::Recent);
        match self.sort.as_deref() {
            None if has_area => Sort::Distance,
            None | Some("recent") => recent,
            Some("distance") if has_area => Sort::Distance,
            Some("distance") => {
                let message = "sorting by distance needs lat/lon or bbox";
                errors.push(FieldError::new(field, "needs_centre", message));
                recent
            }
            Some(_) => {
                errors.push(FieldError::new(
                    field,
                    "invalid",
                    "sort is distance or recent",
                ));
                recent
            }
        }
    }

    /// The page size (1 to 100, 20 by default) and where the page starts.
    fn page(&self, errors: &mut Vec<FieldError>) -> (usize, Option<Cursor>) {
        let limit = self.limit.unwrap_or(20);
        let message = "limit must be between 1 and 100";
        require(
            (1..=100).contains(&limit),
            errors,
            "limit",
            "range",
            message,
        );
        let after = self.cursor.as_deref().and_then(|c| {
            let after = decode_cursor(c);
            let message = "this cursor is not one the API gave";
            require(after.is_some(), errors, "cursor", "invalid", message);
            after
        });
        (limit, after)
    }

    /// A box, a circle (a centre and a radius, 50 km by default), or anywhere.
    fn area(&self, errors: &mut Vec<FieldError>) -> Option<Area> {
        if let Some(bbox) = &self.bbox {
            let area = parse_bbox(bbox).map(Area::Box);
            let message = "bbox is west,south,east,north in degrees";
            require(area.is_some(), errors, "bbox", "invalid", message);
            return area;
        }
        match (self.lat, self.lon) {
            (Some(lat), Some(lon)) => self.circle(lat, lon, errors),
            (None, None) => {
                let message = "radius_km needs a centre (lat and lon)";
                require(
                    self.radius_km.is_none(),
                    errors,
                    "radius_km",
                    "needs_centre",
                    message,
                );
                None
            }
            _ => {
                errors.push(FieldError::new("lat", "pair", "lat and lon go together"));
                None
            }
        }
    }

    fn circle(&self, lat: f64, lon: f64, errors: &mut Vec<FieldError>) -> Option<Area> {
        let radius_km = self.radius_km.unwrap_or(50.0);
        let checks = [
            require(
                (-90.0..=90.0).contains(&lat),
                errors,
                "lat",
                "range",
                "latitude is between -90 and 90",
            ),
            require(
                (-180.0..=180.0).contains(&lon),
                errors,
                "lon",
                "range",
                "longitude is between -180 and 180",
            ),
            require(
                radius_km > 0.0 && radius_km <= MAX_RADIUS_KM,
                errors,
                "radius_km",
                "range",
                "radius_km is above 0 and at most 1000",
            ),
        ];
        checks.iter().all(|ok| *ok).then_some(Area::Circle {
            centre: (lat, lon),
            radius_km,
        })
    }
}

fn parse_bbox(text: &str) -> Option<BoundingBox> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse().ok())
        .collect::<Option<_>>()?;
    let [west, south, east, north] = numbers[..] else {
        return None;
    };
    let lon_ok = |x: f64| (-180.0..=180.0).contains(&x);
    let lat_ok = |y: f64| (-90.0..=90.0).contains(&y);
    (lon_ok(west) && lon_ok(east) && lat_ok(south) && lat_ok(north) && south <= north).then_some(
        BoundingBox {
            west,
            south,
            east,
            north,
        },
    )
}

/// `d<distance bits, 16 hex>.<id, 32 hex>` nearest first, `r<seconds>.<nanoseconds, 9
/// digits>.<id>` newest first: every cursor of this form is a position (see the spec's
/// `SearchCursor`), so none that fits it is refused.
pub fn encode_cursor(cursor: Cursor) -> String {
    match cursor {
        Cursor::Distance { km, id } => format!("d{:016x}.{id:032x}", km.to_bits()),
        Cursor::Recent { created_at, id } => {
            let at = created_at.and_utc();
            format!(
                "r{}.{:09}.{id:032x}",
                at.timestamp(),
                at.timestamp_subsec_nanos()
            )
        }
    }
}

fn decode_cursor(text: &str) -> Option<Cursor> {
    let hex_id = |id: &str| (id.len() == 32).then(|| u128::from_str_radix(id, 16).ok())?;
    if let Some(rest) = text.strip_prefix('d') {
        let (bits, id) = rest.split_once('.')?;
        let bits = (bits.len() == 16).then(|| u64::from_str_radix(bits, 16).ok())??;
        return Some(Cursor::Distance {
            km: f64::from_bits(bits),
            id: hex_id(id)?,
        });
    }
    let mut parts = text.strip_prefix('r')?.split('.');
    let (seconds, nanos, id) = (parts.next()?, parts.next()?, parts.next()?);
    let seconds: i64 = (seconds.len() <= 12).then(|| seconds.parse().ok())??;
    let nanos: u32 = (nanos.len() == 9).then(|| nanos.parse().ok())??;
    Some(Cursor::Recent {
        created_at: DateTime::from_timestamp(seconds, nanos)?.naive_utc(),
        id: hex_id(id)?,
    })
}

/// Records a field error unless `ok`; returns `ok`.
fn require(ok: bool, errors: &mut Vec<FieldError>, field: &str, code: &str, message: &str) -> bool {
    if !ok {
        errors.push(FieldError::new(field, code, message));
    }
    ok
}
