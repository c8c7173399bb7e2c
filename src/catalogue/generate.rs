//! A deterministic generator of realistic catalogue data, for benchmarks and tests: posts
//! placed around real French towns weighted by population, with a realistic mix of classes,
//! quantities, conditions and prices. The same seed gives the same rows (ids included).
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::taxonomy::{MaterialClass, Taxonomy};
use crate::db::listings::Listing;
use crate::db::organisations::Organisation;
use crate::db::schema::{listings, organisations, wanted_requests};
use crate::db::wanted_requests::WantedRequest;
use crate::db::{Db, DbConnection};
use crate::domain::{Condition, Language, OrganisationId, OrganisationKind, PostStatus, Unit};

const TOWNS_CSV: &str = include_str!("../../scripts/bench/towns.csv");
/// Rows per INSERT: under both engines' bind-parameter limits (29 columns each).
const BATCH: usize = 1000;

pub struct Town {
    pub name: String,
    pub insee: String,
    pub latitude: f64,
    pub longitude: f64,
    pub population: f64,
}

pub fn towns() -> Vec<Town> {
    TOWNS_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.rsplitn(5, ',');
            let population = fields.next()?.trim().parse().ok()?;
            let longitude = fields.next()?.trim().parse().ok()?;
            let latitude = fields.next()?.trim().parse().ok()?;
            let insee = fields.next()?.trim().to_owned();
            let name = fields.next()?.trim().trim_matches('"').to_owned();
            Some(Town {
                name,
                insee,
                latitude,
                longitude,
                population,
            })
        })
        .collect()
}

pub struct Generator<'a> {
    rng: ChaCha8Rng,
    towns: Vec<Town>,
    cumulative_population: Vec<f64>,
    leaves: Vec<&'a MaterialClass>,
    leaf_weights: Vec<f64>,
    taxonomy: &'a Taxonomy,
    base: NaiveDateTime,
    organisations: Vec<OrganisationId>,
}

impl<'a> Generator<'a> {
    pub fn new(taxonomy: &'a Taxonomy, seed: u64, organisation_count: usize) -> Self {
        let towns = towns();
        let mut total = 0.0;
        let cumulative_population = towns
            .iter()
            .map(|t| {
                total += t.population;
                total
            })
            .collect();
        let is_leaf = |c: &MaterialClass| {
            !taxonomy
                .classes()
                .iter()
                .any(|o| o.parent.as_deref() == Some(&c.code))
        };
        let leaves: Vec<&MaterialClass> =
            taxonomy.classes().iter().filter(|c| is_leaf(c)).collect();
        // Construction dominates the volumes; textiles and sediments share the rest.
        let sector_share = |code: &str| match code.split('.').next() {
            Some("construction") => 0.70,
            Some("textiles") => 0.15,
            _ => 0.15,
        };
        let per_sector = |code: &str| {
            leaves
                .iter()
                .filter(|l| l.code.split('.').next() == code.split('.').next())
                .count() as f64
        };
        let leaf_weights = leaves
            .iter()
            .map(|l| sector_share(&l.code) / per_sector(&l.code))
            .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let organisations = (0..organisation_count.max(1))
            .map(|_| uuid_from(&mut rng).into())
            .collect();
        Self {
            rng,
            towns,
            cumulative_population,
            leaves,
            leaf_weights,
            taxonomy,
            // Fixed and in the past: posts are dated over the 90 days after it, and their
            // windows (200 to 500 days long) stay open until at least December 2026.
            base: NaiveDate::from_ymd_opt(2026, 6, 1)
                .unwrap_or_default()
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default(),
            organisations,
        }
    }

    /// Keeps only towns within `radius_km` of `centre`, and dates posts from `base`.
    pub fn around(mut self, centre: (f64, f64), radius_km: f64, base: NaiveDateTime) -> Self {
        self.towns.retain(|t| {
            super::geometry::distance_km(centre, (t.latitude, t.longitude)) <= radius_km
        });
        let mut total = 0.0;
        self.cumulative_population = self
            .towns
            .iter()
            .map(|t| {
                total += t.population;
                total
            })
            .collect();
        self.base = base;
        self
    }

    pub fn set_organisations(&mut self, ids: Vec<OrganisationId>) {
        self.organisations = ids;
    }

    pub fn organisation_rows(&self) -> Vec<Organisation> {
        self.organisations
            .iter()
            .enumerate()
            .map(|(n, id)| Organisation {
                id: id.clone(),
                name: format!("Organisation de test {n}"),
                kind: OrganisationKind::HolderAndTaker,
                siret: None,
                street: "1 rue du Test".into(),
                postal_code: "62750".into(),
                city: "Loos-en-Gohelle".into(),
                country: "FR".into(),
                language: Language::Fr,
                created_at: self.base,
            })
            .collect()
    }

    /// A point near a town picked with probability proportional to its population.
    fn place(&mut self) -> (f64, f64, usize) {
        let total = *self.cumulative_population.last().unwrap_or(&1.0);
        let pick = self.rng.random::<f64>() * total;
        let index = self
            .cumulative_population
            .partition_point(|&c| c < pick)
            .min(self.towns.len() - 1);
        let town = &self.towns[index];
        // Bigger towns spread wider: from about 2 km to about 12 km.
        let spread_km = (town.population.sqrt() / 60.0).clamp(2.0, 12.0);
        let distance = spread_km * self.rng.random::<f64>().sqrt();
        let bearing = self.rng.random::<f64>() * std::f64::consts::TAU;
        let latitude = town.latitude + distance * bearing.cos() / 111.2;
        let longitude =
            town.longitude + distance * bearing.sin() / (111.2 * town.latitude.to_radians().cos());
        (latitude, longitude, index)
    }

    fn class(&mut self) -> &'a MaterialClass {
        let pick = self.rng.random::<f64>();
        let mut acc = 0.0;
        for (leaf, weight) in self.leaves.iter().zip(&self.leaf_weights) {
            acc += weight;
            if pick < acc {
                return leaf;
            }
        }
        self.leaves[self.leaves.len() - 1]
    }

    fn log_uniform(&mut self, low: f64, high: f64) -> f64 {
        let value = (low.ln() + self.rng.random::<f64>() * (high.ln() - low.ln())).exp();
        (value * 10.0).round() / 10.0
    }

    fn quantity(&mut self, unit: Unit) -> f64 {
        match unit {
            Unit::Piece => self.log_uniform(5.0, 5000.0).round().max(1.0),
            Unit::Tonne => self.log_uniform(0.5, 800.0),
            Unit::Kilogram => self.log_uniform(20.0, 5000.0),
            Unit::CubicMetre => self.log_uniform(1.0, 3000.0),
            Unit::SquareMetre => self.log_uniform(5.0, 2000.0),
            Unit::Metre => self.log_uniform(5.0, 1000.0),
        }
    }

    fn condition(&mut self) -> Condition {
        match self.rng.random_range(0..100) {
            0..15 => Condition::Unused,
            15..65 => Condition::ReusableAsIs,
            65..85 => Condition::NeedsReconditioning,
            _ => Condition::RecyclingOnly,
        }
    }

    fn window(&mut self) -> (NaiveDate, Option<NaiveDate>) {
        let from = self.base.date() + chrono::Duration::days(self.rng.random_range(0..60));
        let until = (self.rng.random::<f64>() < 0.8)
            .then(|| from + chrono::Duration::days(self.rng.random_range(200..500)));
        (from, until)
    }

    pub fn status(&mut self) -> PostStatus {
        match self.rng.random_range(0..100) {
            0..3 => PostStatus::Draft,
            3..6 => PostStatus::Withdrawn,
            _ => PostStatus::Published,
        }
    }

    pub fn listing(&mut self) -> Listing {
        let class = self.class();
        let (latitude, longitude, town) = self.place();
        let unit = Unit::parse(&class.default_unit).unwrap_or(Unit::Tonne);
        let quantity = self.quantity(unit);
        let condition = self.condition();
        let (available_from, available_until) = self.window();
        let waste_code = (class.code.starts_with("sediments") || self.rng.random::<f64>() < 0.2)
            .then(|| class.waste_codes.first().cloned())
            .flatten()
            .map(|c| c.trim_end_matches('*').to_owned());
        let hazardous = waste_code
            .as_deref()
            .and_then(|c| self.taxonomy.waste_code(c))
            .is_some_and(|w| w.hazardous);
        let price = if self.rng.random::<f64>() < 0.4 {
            0.0
        } else {
            self.log_uniform(0.5, 50.0)
        };
        let delivery = self.rng.random::<f64>() < 0.3;
        let town = &self.towns[town];
        let created_at =
            self.base + chrono::Duration::seconds(self.rng.random_range(0..90 * 86_400));
        let organisation = self.rng.random_range(0..self.organisations.len());
        let title = format!("{} à {}", class.name_fr, town.name);
        Listing {
            id: uuid_from(&mut self.rng).into(),
            organisation_id: self.organisations[organisation].clone(),
            created_by: None,
            description: format!(
                "Lot de {} ({}), état : {}. Enlèvement sur site à {}.",
                class.name_fr.to_lowercase(),
                class.name_en.to_lowercase(),
                condition.as_str(),
                town.name
            ),
            title,
            material_code: class.code.clone(),
            quantity,
            unit,
            mass_t: self.taxonomy.mass_in_tonnes(class, quantity, unit),
            quantity_available: quantity,
            min_lot: if self.rng.random::<f64>() < 0.5 {
                0.0
            } else {
                (quantity / 10.0).floor()
            },
            condition,
            latitude,
            longitude,
            address: format!("{}, France", town.name),
            insee_code: Some(town.insee.clone()),
            available_from,
            available_until,
            price_per_unit_eur: price,
            is_waste: waste_code.is_some(),
            waste_code,
            hazardous,
            pickup: true,
            delivery,
            delivery_radius_km: delivery.then(|| self.rng.random_range(10..150) as f64),
            external_ref: None,
            status: self.status(),
            created_at,
            updated_at: created_at,
            soil: None,
            site_id: None,
        }
    }

    pub fn wanted(&mut self) -> WantedRequest {
        let class = self.class();
        // A third of needs name a group ("any timber") rather than a leaf.
        let material_code = match (&class.parent, self.rng.random::<f64>() < 0.33) {
            (Some(parent), true) => parent.clone(),
            _ => class.code.clone(),
        };
        let (latitude, longitude, town) = self.place();
        let unit = Unit::parse(&class.default_unit).unwrap_or(Unit::Tonne);
        let quantity = self.quantity(unit);
        let (needed_from, needed_until) = self.window();
        let accepts_waste = self.rng.random::<f64>() < 0.3;
        let created_at =
            self.base + chrono::Duration::seconds(self.rng.random_range(0..90 * 86_400));
        let organisation = self.rng.random_range(0..self.organisations.len());
        let town = &self.towns[town];
        WantedRequest {
            id: uuid_from(&mut self.rng).into(),
            organisation_id: self.organisations[organisation].clone(),
            created_by: None,
            title: format!(
                "Recherche {} vers {}",
                class.name_fr.to_lowercase(),
                town.name
            ),
            description: format!("Besoin pour un chantier à {}.", town.name),
            material_code,
            quantity,
            unit,
            mass_t: self.taxonomy.mass_in_tonnes(class, quantity, unit),
            latitude,
            longitude,
            address: format!("{}, France", town.name),
            insee_code: Some(town.insee.clone()),
            max_distance_km: f64::from(self.rng.random_range(10..120)),
            needed_from,
            needed_until,
            worst_condition: self.condition(),
            max_price_per_unit_eur: (self.rng.random::<f64>() < 0.5)
                .then(|| self.log_uniform(1.0, 60.0)),
            accepts_waste,
            accepts_hazardous: accepts_waste && self.rng.random::<f64>() < 0.2,
            external_ref: None,
            status: self.status(),
            created_at,
            updated_at: created_at,
            site_id: None,
            for_listing_id: None,
        }
    }
}

fn uuid_from(rng: &mut ChaCha8Rng) -> uuid::Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

/// Multi-row INSERTs on the engine's own connection (MultiConnection does not batch).
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            DbConnection::Pg(pg) => diesel::insert_into($table).values($rows).execute(pg),
            DbConnection::Sqlite(lite) => diesel::insert_into($table).values($rows).execute(lite),
        }
    };
}

/// Inserts `listings` listings and `wanted` wanted requests (and their organisations),
/// in batches, one transaction per batch.
pub fn load(
    db: &Db,
    taxonomy: &Taxonomy,
    seed: u64,
    listing_count: usize,
    wanted_count: usize,
) -> anyhow::Result<()> {
    let mut generator = Generator::new(taxonomy, seed, (listing_count / 500).clamp(10, 5000));
    let organisations = generator.organisation_rows();
    for chunk in organisations.chunks(BATCH) {
        db.write_blocking(|conn| anyhow::Ok(insert_rows!(conn, organisations::table, chunk)?))?;
    }
    let mut done = 0;
    while done < listing_count {
        let rows: Vec<Listing> = (0..BATCH.min(listing_count - done))
            .map(|_| generator.listing())
            .collect();
        db.write_blocking(|conn| anyhow::Ok(insert_rows!(conn, listings::table, &rows)?))?;
        done += rows.len();
    }
    done = 0;
    while done < wanted_count {
        let rows: Vec<WantedRequest> = (0..BATCH.min(wanted_count - done))
            .map(|_| generator.wanted())
            .collect();
        db.write_blocking(|conn| anyhow::Ok(insert_rows!(conn, wanted_requests::table, &rows)?))?;
        done += rows.len();
    }
    Ok(())
}
