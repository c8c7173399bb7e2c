//! GET /search: reuse stock around a place. The place is a commune's name or postcode,
//! looked up in the embedded gazetteer; the rest of the form is the API's search
//! (`GET /api/v1/listings`), run by the same code. Results come as a list, nearest first,
//! and on a map drawn from that list.
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::db::now;
use crate::db::organisations::Organisation;
use crate::domain::{Condition, ListingId, OrganisationId};
use crate::gazetteer::{gazetteer, Commune, Lookup};
use crate::http::error::{ApiError, FieldError};
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::posts::search::{encode_cursor, SearchParams};
use crate::views::posts::ListingHit;
use crate::web::forms::{field_errors, invalid_fields};
use crate::web::pages::listing_form::{choices, read_number, read_price, CONDITIONS};
use crate::web::Visitor;

/// Results on one page.
const RESULTS_A_PAGE: usize = 50;
const RADII_KM: [u32; 6] = [10, 25, 50, 100, 200, 500];
const DEFAULT_RADIUS_KM: f64 = 50.0;

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct SearchForm {
    pub place: String,
    /// The INSEE code of a commune chosen among several of one name.
    pub commune: String,
    pub radius_km: String,
    pub material: String,
    pub condition: String,
    pub max_price: String,
    pub q: String,
    pub cursor: String,
}

pub async fn search(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Query<SearchForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    let mut vars = context! {
        form => Value::from_serialize(&form),
        choices => choices(&state.catalogue.taxonomy, visitor.lang),
        radii => RADII_KM,
        conditions => CONDITIONS.map(Condition::as_str),
    };
    if form.place.trim().is_empty() && form.commune.is_empty() {
        return visitor.ok("search.html", vars);
    }
    let commune = match place_of(&form) {
        Ok(commune) => commune,
        Err(Placed::Choose(communes)) => {
            let choices: Vec<Value> = communes.iter().map(|c| choice(c, &form)).collect();
            vars = context! { place_choices => choices, ..vars };
            return visitor.ok("search.html", vars);
        }
        Err(Placed::Refused(error)) => {
            let errors = field_errors(visitor.lang, &[error], &[]);
            return visitor.ok("search.html", context! { errors, ..vars });
        }
    };
    match found(&state, &visitor, &form, commune).await {
        Ok(results) => visitor.ok("search.html", context! { ..results, ..vars }),
        Err(error) => {
            let errors = field_errors(visitor.lang, &invalid_fields(error)?, &[]);
            visitor.ok("search.html", context! { errors, ..vars })
        }
    }
}

enum Placed<'a> {
    Choose(Vec<&'a Commune>),
    Refused(FieldError),
}

/// The commune the form names, if it names one that can be searched around.
fn place_of(form: &SearchForm) -> Result<&'static Commune, Placed<'static>> {
    let communes = gazetteer();
    let commune = if form.commune.is_empty() {
        match communes.lookup(&form.place) {
            Lookup::Found(commune) => commune,
            Lookup::Choose(several) => return Err(Placed::Choose(several)),
            Lookup::NotFound => {
                let message = "no commune has this name or postcode";
                return Err(Placed::Refused(FieldError::new(
                    "place",
                    "unknown_place",
                    message,
                )));
            }
        }
    } else {
        communes.by_code(&form.commune).ok_or_else(|| {
            let message = "no commune has this code";
            Placed::Refused(FieldError::new("place", "unknown_place", message))
        })?
    };
    if commune.position().is_none() {
        let message = "this commune has no position yet: try a neighbouring one";
        return Err(Placed::Refused(FieldError::new(
            "place", "unplaced", message,
        )));
    }
    Ok(commune)
}

/// A link to the same search around one of several communes of a name.
fn choice(commune: &Commune, form: &SearchForm) -> Value {
    let chosen = SearchForm {
        commune: commune.insee_code.clone(),
        place: commune.label(),
        cursor: String::new(),
        ..form.clone()
    };
    let query = serde_urlencoded::to_string(&chosen).unwrap_or_default();
    context! { label => commune.label(), postcodes => &commune.postcodes, href => format!("/search?{query}") }
}

/// The listings around `commune` that fit the form, nearest first, with their holders'
/// names; a field error for anything the API's search refuses.
async fn found(
    state: &AppState,
    visitor: &Visitor,
    form: &SearchForm,
    commune: &Commune,
) -> Result<Value, ApiError> {
    let taxonomy = &state.catalogue.taxonomy;
    let params = params_of(form, commune)?;
    let page = params.run(&state.catalogue.listings, taxonomy, now().date())?;
    let holders: Vec<OrganisationId> = page
        .items
        .iter()
        .map(|(s, _)| OrganisationId::from_uuid(uuid::Uuid::from_u128(s.organisation_id)))
        .collect();
    let listings: Vec<ListingId> = page
        .items
        .iter()
        .map(|(s, _)| ListingId::from_uuid(uuid::Uuid::from_u128(s.id)))
        .collect();
    let ids = holders.clone();
    let shown = listings.clone();
    // The holders' names and each hit's first photo, in one visit to the database.
    let (names, covers) = state
        .db
        .read(move |conn| {
            let names = Organisation::names_of(conn, &ids)?;
            Ok((names, crate::photos::operations::covers_of(conn, &shown)?))
        })
        .await?;
    let results: Vec<Value> = page
        .items
        .iter()
        .zip(holders.iter().zip(&listings))
        .map(|((summary, distance), (holder, listing))| {
            let hit = ListingHit::new(summary, taxonomy, visitor.lang, *distance);
            context! {
                holder_name => names.get(holder).cloned().unwrap_or_default(),
                photo => covers.get(listing).map(|p| p.to_string()),
                ..Value::from_serialize(&hit)
            }
        })
        .collect();
    let next = page.next.map(encode_cursor).map(|cursor| {
        let next = SearchForm {
            cursor,
            ..form.clone()
        };
        format!(
            "/search?{}",
            serde_urlencoded::to_string(&next).unwrap_or_default()
        )
    });
    let (latitude, longitude) = commune.position().unwrap_or_default();
    Ok(context! {
        results,
        next,
        centre => context! { label => commune.label(), latitude, longitude, precision => commune.precision },
        radius_km => params.radius_km,
    })
}

/// The API's search parameters for the form around `commune`.
fn params_of(form: &SearchForm, commune: &Commune) -> Result<SearchParams, ApiError> {
    let mut errors = Vec::new();
    let radius_km = read_number("radius_km", &form.radius_km, false, &mut errors);
    let max_price = read_price("max_price", &form.max_price, &mut errors);
    let condition = match form.condition.as_str() {
        "" => None,
        text => {
            let parsed = Condition::parse(text);
            if parsed.is_none() {
                errors.push(FieldError::new(
                    "condition",
                    "invalid",
                    "choose a condition",
                ));
            }
            parsed
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let (lat, lon) = commune.position().unwrap_or_default();
    let text = |t: &str| (!t.trim().is_empty()).then(|| t.trim().to_owned());
    Ok(SearchParams {
        lat: Some(lat),
        lon: Some(lon),
        radius_km: Some(radius_km.unwrap_or(DEFAULT_RADIUS_KM)),
        material: text(&form.material),
        condition,
        max_price,
        q: text(&form.q),
        limit: Some(RESULTS_A_PAGE),
        cursor: text(&form.cursor),
        ..SearchParams::default()
    })
}
