//! What the inputs of both kinds of post share: the place, the checks against the
//! taxonomy, and the [`PostInput`] trait through which one create and one update serve
//! listings and wanted requests alike.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::Post;
use crate::catalogue::taxonomy::{MaterialClass, Taxonomy};
use crate::db::sites::Site;
use crate::domain::error::{DomainError, FieldError};
use crate::domain::{OrganisationId, PostStatus, SiteId, Unit, UserId};
use crate::gazetteer::gazetteer;

#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
pub struct LocationInput {
    #[validate(range(min = -90.0, max = 90.0))]
    pub latitude: f64,
    #[validate(range(min = -180.0, max = 180.0))]
    pub longitude: f64,
    #[validate(
        length(min = 1, max = 300),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub address: String,
    /// The INSEE commune code: 5 characters (digits, or 2A/2B for Corsica).
    #[validate(custom(function = "crate::domain::validators::validate_insee"))]
    pub insee_code: Option<String>,
}

impl LocationInput {
    /// An address as a post shows it, from a street (which may be empty) and a commune's
    /// name: "Base 11/19, Loos-en-Gohelle", or the commune alone.
    pub fn full_address(street: &str, commune: &str) -> String {
        let street = street.trim();
        if street.is_empty() {
            commune.to_owned()
        } else if street.ends_with(commune) {
            street.to_owned()
        } else {
            format!("{street}, {commune}")
        }
    }

    /// The place of an organisation's site, as a post takes it: its street address and
    /// commune, position and commune code.
    pub fn of_site(site: &Site) -> Self {
        let commune = gazetteer()
            .by_code(&site.insee_code)
            .map_or(site.name.as_str(), |c| c.name.as_str());
        Self {
            latitude: site.latitude,
            longitude: site.longitude,
            address: Self::full_address(&site.address, commune),
            insee_code: Some(site.insee_code.clone()),
        }
    }
}

/// The input of one kind of post (a listing's, a wanted request's): checked, then written
/// over a new row or the stored one.
pub trait PostInput: Send + 'static {
    /// The kind of post it describes.
    type Record: Post + Clone;
    /// What the checks derive (a mass in tonnes, a hazard) for [`PostInput::apply`].
    type Checked: Send + 'static;

    /// The organisation's site it names, whose place it takes when it gives no location.
    fn site_id(&self) -> Option<&SiteId>;

    /// Its own location, if it gives one.
    fn location_mut(&mut self) -> &mut Option<LocationInput>;

    /// Every check, against the taxonomy too; nothing is stored unless all pass.
    fn check(&self, taxonomy: &Taxonomy) -> Result<Self::Checked, DomainError>;

    /// Writes the input's fields over `row` (a new one, or an edit).
    fn apply(self, checked: Self::Checked, row: &mut Self::Record);

    /// A new row of the organisation, in `status` at `at`, whose every field the input
    /// writes is still blank.
    fn new_row(
        organisation_id: OrganisationId,
        author: Option<UserId>,
        status: PostStatus,
        at: NaiveDateTime,
    ) -> Self::Record;
}

/// The class of `code` if it exists and allows `unit`; errors otherwise.
pub fn check_class<'a>(
    taxonomy: &'a Taxonomy,
    code: &str,
    unit: Unit,
    errors: &mut Vec<FieldError>,
) -> Option<&'a MaterialClass> {
    let Some(id) = taxonomy.id_of(code) else {
        errors.push(FieldError::new(
            "material",
            "unknown",
            "no material class has this code",
        ));
        return None;
    };
    if !taxonomy.allows(id, unit) {
        let message = format!(
            "this class is counted in {}",
            taxonomy.units_of(id).join(", ")
        );
        errors.push(FieldError::new("unit", "not_allowed", &message));
    }
    Some(taxonomy.class(id))
}

/// A window (availability, need) does not end before it starts.
pub fn check_window(
    from: NaiveDate,
    until: Option<NaiveDate>,
    field: &str,
    errors: &mut Vec<FieldError>,
) {
    if until.is_some_and(|until| until < from) {
        errors.push(FieldError::new(
            field,
            "before_start",
            "the window ends before it starts",
        ));
    }
}

/// A post is somewhere: a location of its own, or the site it names (whose place was
/// copied into `location` before the checks, see `Posts::placed`).
pub fn check_place(location: Option<&LocationInput>, errors: &mut Vec<FieldError>) {
    if location.is_none() {
        let message = "give a location, or the site_id of one of your sites";
        errors.push(FieldError::new("location", "required", message));
    }
}
