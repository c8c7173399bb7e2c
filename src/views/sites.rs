//! A site of an organisation's address book as the API shows it (and the pages read it).
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::utc;
use crate::db::sites::Site;
use crate::domain::SiteId;
use crate::gazetteer::gazetteer;

#[derive(Serialize)]
pub struct SiteView {
    pub id: SiteId,
    pub name: String,
    pub address: String,
    pub insee_code: String,
    /// The commune's name, from the gazetteer ("Loos-en-Gohelle").
    pub commune: String,
    pub latitude: f64,
    pub longitude: f64,
    pub access_notes: String,
    pub contact_phone: Option<String>,
    pub pickup_slots: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Site> for SiteView {
    fn from(site: Site) -> Self {
        let commune = gazetteer()
            .by_code(&site.insee_code)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        Self {
            id: site.id,
            name: site.name,
            address: site.address,
            insee_code: site.insee_code,
            commune,
            latitude: site.latitude,
            longitude: site.longitude,
            access_notes: site.access_notes,
            contact_phone: site.contact_phone,
            pickup_slots: site.pickup_slots,
            created_at: utc(site.created_at),
            updated_at: utc(site.updated_at),
        }
    }
}
