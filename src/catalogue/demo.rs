//! `terril demo`: a small, realistic catalogue around Lens and Lille, so that a newcomer's
//! first search finds something. Dates start from today, so everything is current.
use diesel::prelude::*;

use super::generate::Generator;
use super::taxonomy::Taxonomy;
use crate::db::organisations::Organisation;
use crate::db::schema::organisations;
use crate::db::{now, Db};

const LENS: (f64, f64) = (50.4320, 2.8330);

/// Fixed ids, so running the demo twice is noticed and does nothing.
const ORGANISATIONS: [(&str, &str, &str, &str, &str); 4] = [
    (
        "0192d6a0-0000-7000-8000-000000000001",
        "Démolition Gohelle",
        "holder",
        "Loos-en-Gohelle",
        "62750",
    ),
    (
        "0192d6a0-0000-7000-8000-000000000002",
        "Bâtir Lens-Liévin",
        "taker",
        "Liévin",
        "62800",
    ),
    (
        "0192d6a0-0000-7000-8000-000000000003",
        "Ressourcerie Lilloise",
        "holder_and_taker",
        "Lille",
        "59000",
    ),
    (
        "0192d6a0-0000-7000-8000-000000000004",
        "Textiles du Nord",
        "holder_and_taker",
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
    generator.set_organisations(ORGANISATIONS.iter().map(|o| o.0.to_owned()).collect());
    db.write_blocking(|conn| -> anyhow::Result<()> {
        for (id, name, kind, city, postal_code) in ORGANISATIONS {
            Organisation {
                id: id.into(),
                name: name.into(),
                kind: kind.into(),
                siret: None,
                street: "Démonstration".into(),
                postal_code: postal_code.into(),
                city: city.into(),
                country: "FR".into(),
                language: "fr".into(),
                created_at: base,
            }
            .insert(conn)?;
        }
        for _ in 0..40 {
            let mut listing = generator.listing();
            listing.status = "published".into();
            listing.insert(conn)?;
        }
        for _ in 0..20 {
            let mut wanted = generator.wanted();
            wanted.status = "published".into();
            wanted.insert(conn)?;
        }
        Ok(())
    })?;
    Ok(true)
}
