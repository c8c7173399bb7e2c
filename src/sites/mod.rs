//! An organisation's sites: its address book of places (depots, works sites) with what a
//! taker needs to get there. Any member manages them; another organisation's site is not
//! there (404). Posts name a site (`site_id`) to take its place when they are written
//! (`posts`), and what happens after a reservation reads the site's access notes and phone.
//! The API and the pages make one call each to the operations below.
pub mod input;

use chrono::NaiveDateTime;

use crate::db::sites::Site;
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{Actor, OrganisationId, SiteId};
use input::SiteInput;

/// The most sites an organisation keeps: an address book, not a register of buildings.
pub const MAX_SITES: u32 = 500;

/// Stores a new site of the actor's organisation.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    input: SiteInput,
    at: NaiveDateTime,
) -> Result<Site, DomainError> {
    let checked = input.check()?;
    let organisation_id = actor.organisation()?;
    let held = Site::count_of_organisation(conn, organisation_id)?;
    Conflict::check_quota("sites", held, MAX_SITES)?;
    let mut site = Site {
        id: SiteId::generate(),
        organisation_id: organisation_id.clone(),
        name: String::new(),
        address: String::new(),
        insee_code: String::new(),
        latitude: 0.0,
        longitude: 0.0,
        access_notes: String::new(),
        contact_phone: None,
        created_at: at,
        updated_at: at,
        pickup_slots: String::new(),
    };
    apply(input, checked, &mut site);
    site.insert(conn)?;
    Ok(site)
}

/// Replaces the details of the actor's organisation's site, when `version` (checked
/// against its `updated_at`) allows.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &SiteId,
    input: SiteInput,
    version: impl FnOnce(NaiveDateTime) -> Result<(), DomainError>,
    at: NaiveDateTime,
) -> Result<Site, DomainError> {
    let checked = input.check()?;
    let mut site = get(conn, actor.organisation()?, id)?;
    version(site.updated_at)?;
    apply(input, checked, &mut site);
    // A version must change with every write, even two in the same microsecond.
    site.updated_at = at.max(site.updated_at + chrono::Duration::microseconds(1));
    site.save(conn)?;
    Ok(site)
}

fn apply(input: SiteInput, checked: input::Checked, site: &mut Site) {
    site.name = input.name.trim().to_owned();
    site.address = input.address.trim().to_owned();
    site.insee_code = input.insee_code.trim().to_owned();
    site.latitude = checked.latitude;
    site.longitude = checked.longitude;
    site.access_notes = input.access_notes.trim().to_owned();
    site.contact_phone = checked.contact_phone;
    site.pickup_slots = input.pickup_slots.trim().to_owned();
}

/// The organisation's site `id`; another organisation's is not found.
pub fn get(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &SiteId,
) -> Result<Site, DomainError> {
    Site::find_of(conn, organisation_id, id)?.ok_or(DomainError::NotFound)
}

/// The organisation's sites, by name.
pub fn list(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
) -> Result<Vec<Site>, DomainError> {
    Ok(Site::of_organisation(conn, organisation_id)?)
}

/// Deletes the actor's organisation's site; the posts that named it keep their place.
pub fn delete(conn: &mut DbConnection, actor: &Actor, id: &SiteId) -> Result<(), DomainError> {
    if Site::delete_of(conn, actor.organisation()?, id)? {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}
