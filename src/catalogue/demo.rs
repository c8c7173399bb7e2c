//! `terril demo`: a small, realistic catalogue around Lens and Lille, so that a newcomer's
//! first search finds something. Dates start from today, so everything is current.
use diesel::prelude::*;

use super::generate::Generator;
use super::taxonomy::Taxonomy;
use crate::db::organisations::Organisation;
use crate::db::schema::organisations;
use crate::db::{now, Db};
use crate::domain::{Language, OrganisationId, OrganisationKind, PostStatus};

const LENS: (f64, f64) = (50.4320, 2.8330);

/// Fixed ids, so running the demo twice is noticed and does nothing.
const ORGANISATIONS: [(&str, &str, OrganisationKind, &str, &str); 4] = [
    (
        "0192d6a0-0000-7000-8000-000000000001",
        "Démolition Gohelle",
        OrganisationKind::Holder,
        "Loos-en-Gohelle",
        "62750",
    ),
    (
        "0192d6a0-0000-7000-8000-000000000002",
        "Bâtir Lens-Liévin",
        OrganisationKind::Taker,
        "Liévin",
        "62800",
    ),
    (
        "0192d6a0-0000-7000-8000-000000000003",
        "Ressourcerie Lilloise",
        OrganisationKind::HolderAndTaker,
        "Lille",
        "59000",
    ),
    (
        "0192d6a0-0000-7000-8000-000000000004",
        "Textiles du Nord",
        OrganisationKind::HolderAndTaker,
        "Roubaix",
        "59100",
    ),
];

/// Returns false when the demo data is there already.
pub fn load(db: &Db, taxonomy: &Taxonomy) -> anyhow::Result<bool> {
    let first = ORGANISATIONS[0].0;
    let present: i64 = organisations::table
        .filter(organisations::id.eq(first))
        .count()
        .get_result(&mut *db.get()?)?;
    if present > 0 {
        return Ok(false);
    }
    // Posts are dated over the 90 days before today, with windows still open.
    let base = now() - chrono::Duration::days(91);
    let mut generator = Generator::new(taxonomy, 2026, 1).around(LENS, 45.0, base);
    let ids = ORGANISATIONS
        .iter()
        .filter_map(|o| OrganisationId::parse(o.0));
    generator.set_organisations(ids.collect());
    db.write_blocking(|conn| -> anyhow::Result<()> {
        for (id, name, kind, city, postal_code) in ORGANISATIONS {
            Organisation {
                id: OrganisationId::parse(id).expect("the demo ids are UUIDs"),
                name: name.into(),
                kind,
                siret: None,
                street: "Démonstration".into(),
                postal_code: postal_code.into(),
                city: city.into(),
                country: "FR".into(),
                language: Language::Fr,
                created_at: base,
            }
            .insert(conn)?;
        }
        for _ in 0..40 {
            let mut listing = generator.listing();
            listing.status = PostStatus::Published;
            listing.insert(conn)?;
        }
        for _ in 0..20 {
            let mut wanted = generator.wanted();
            wanted.status = PostStatus::Published;
            wanted.insert(conn)?;
        }
        Ok(())
    })?;
    Ok(true)
}
