//! Completing a reservation records what was actually collected: the quantity (the rest
//! goes back to the listing), or the tonnes of a weighbridge ticket; the vehicle; the
//! distance driven when known; the price agreed. From them, the exchange's net CO2e and
//! the snapshot of every input (`impact::net`), stored once in `exchange_impacts`.
use crate::db::exchange_impacts::ExchangeImpact;
use crate::db::impact_cells;
use crate::db::listings::Listing;
use crate::db::matches::Match;
use crate::db::organisations::Organisation;
use crate::db::reservations::{give_back_to_listing, Reservation};
use crate::db::wanted_requests::WantedRequest;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::error::FieldError;
use crate::domain::soil::{RegisterDetails, SoilDetails};
use crate::domain::Vehicle;
use crate::gazetteer::{gazetteer, Commune};
use crate::impact::rndts::{Establishment, RegisterLine};
use crate::impact::{net, Collection, Factors};

use super::Context;

/// Quantities are floats: collecting exactly what was reserved must not fail on rounding.
const EPSILON: f64 = 1e-9;

/// What the holder says was collected; every field may be left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Completion {
    /// In the reservation's unit; None: all that was reserved.
    pub quantity: Option<f64>,
    /// From a weighbridge ticket; None: the mass of the quantity, where the class has one.
    pub weighed_tonnes: Option<f64>,
    /// None: the factors' default (a rigid lorry over 17 t).
    pub vehicle: Option<Vehicle>,
    /// None: the great-circle distance times the road factor.
    pub distance_km: Option<f64>,
    /// In euros per unit; None: the listing's price.
    pub price_per_unit_eur: Option<f64>,
    /// For soils and sediments that were waste: what their register needs.
    pub register: Option<RegisterDetails>,
}

fn bounded(field: &str, value: Option<f64>, min: f64, max: f64) -> Result<(), DomainError> {
    match value {
        Some(v) if !(v.is_finite() && v >= min && v <= max) => {
            let message = format!("{field} must be between {min} and {max}");
            Err(DomainError::field(field, "range", &message))
        }
        _ => Ok(()),
    }
}

impl Completion {
    fn check(&self, reserved: f64) -> Result<(), DomainError> {
        if let Some(q) = self.quantity {
            if !(q.is_finite() && q > 0.0 && q <= reserved + EPSILON) {
                let message =
                    format!("the quantity collected is more than 0 and at most {reserved}");
                return Err(DomainError::field("quantity", "range", &message));
            }
        }
        bounded("weighed_tonnes", self.weighed_tonnes, 0.001, 100_000.0)?;
        bounded("distance_km", self.distance_km, 0.0, 5_000.0)?;
        bounded("price_per_unit_eur", self.price_per_unit_eur, 0.0, 1e7)?;
        match self.register.as_ref().and_then(RegisterDetails::mode_error) {
            Some(error) => Err(DomainError::Invalid(vec![error])),
            None => Ok(()),
        }
    }
}

/// Records the collection of `reservation` (under way: the caller moves it to completed in
/// the same transaction); returns its net CO2e, None when the class has no published
/// factor or its mass is unknown.
pub fn record(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    reservation: &mut Reservation,
    m: &Match,
    completion: &Completion,
) -> Result<Option<f64>, DomainError> {
    completion.check(reservation.quantity)?;
    let listing = Listing::find(conn, &reservation.listing_id)?.ok_or(DomainError::NotFound)?;
    let quantity = completion.quantity.unwrap_or(reservation.quantity);
    // The quantity's mass by today's sourced factors (the snapshot cites the one used).
    let factors = Factors::current();
    let declared = factors.mass_in_tonnes(&listing.material_code, quantity, listing.unit);
    let tonnes = completion.weighed_tonnes.or(declared);
    check_register(&listing, completion, tonnes)?;
    let uncollected = reservation.quantity - quantity;
    if uncollected > EPSILON {
        give_back_to_listing(conn, &listing.id, uncollected, cx.at)?;
    }
    Reservation::record_collection(conn, &reservation.id, quantity, tonnes)?;
    reservation.quantity = quantity;
    reservation.mass_t = tonnes;
    // Without a mass (pieces or a volume of a class with no sourced factor, not weighed)
    // the exchange still counts, with no tonnes and no figure.
    let collection = Collection {
        quantity,
        unit: listing.unit,
        tonnes,
        weighed: completion.weighed_tonnes.is_some(),
        vehicle: completion.vehicle.unwrap_or(factors.default_vehicle),
        distance_driven_km: completion.distance_km,
    };
    let snapshot = net::compute(factors, &listing.material_code, &collection, m.distance_km);
    let wanted = WantedRequest::find(conn, &m.wanted_request_id)?.ok_or(DomainError::NotFound)?;
    let origin = commune_of(
        listing.insee_code.as_deref(),
        listing.latitude,
        listing.longitude,
    );
    let destination = commune_of(
        wanted.insee_code.as_deref(),
        wanted.latitude,
        wanted.longitude,
    );
    let price = completion
        .price_per_unit_eur
        .unwrap_or(listing.price_per_unit_eur);
    let impact = ExchangeImpact {
        reservation_id: reservation.id.clone(),
        giver_organisation_id: m.holder_organisation_id.clone(),
        receiver_organisation_id: m.taker_organisation_id.clone(),
        family_code: family_of(&listing.material_code),
        material_code: listing.material_code.clone(),
        completed_at: cx.at,
        month: cx.at.format("%Y-%m").to_string(),
        tonnes,
        tonne_km: snapshot.tonne_km,
        vehicle: collection.vehicle,
        transport_kg: snapshot.transport_kg,
        avoided_kg: snapshot.avoided_kg,
        net_kg: snapshot.net_kg,
        method_version: factors.method_version as i32,
        snapshot: serde_json::to_string(&snapshot).map_err(DomainError::internal)?,
        price_eur: Some((price * quantity * 100.0).round() / 100.0),
        origin_commune: origin.map(|c| c.insee_code.clone()),
        origin_epci: origin.map(|c| c.epci.clone()).filter(|e| !e.is_empty()),
        origin_department: origin.map(|c| c.department.clone()),
        origin_region: origin.map(|c| c.region.clone()),
        destination_commune: destination.map(|c| c.insee_code.clone()),
        register: register_line(conn, &listing, m, completion, tonnes, cx.at, origin)?,
    };
    impact.insert(conn)?;
    impact_cells::add(conn, &impact)?;
    Ok(snapshot.net_kg)
}

/// The waste codes the register of excavated soils and sediments takes.
const REGISTER_CODES: [&str; 5] = ["17 05 03", "17 05 04", "17 05 05", "17 05 06", "20 02 02"];

/// The waste code under which the exchange of `listing` takes a register line: soils and
/// sediments that were waste, under one of the register's codes.
fn register_code(listing: &Listing) -> Option<&str> {
    listing.waste_code.as_deref().filter(|code| {
        listing.is_waste
            && listing.material_code.starts_with("sediments.")
            && REGISTER_CODES.contains(code)
    })
}

/// Refuses, before anything is written, what the register cannot take: details for a
/// material that has no register line, or a line without a weight.
fn check_register(
    listing: &Listing,
    completion: &Completion,
    tonnes: Option<f64>,
) -> Result<(), DomainError> {
    let error = match register_code(listing) {
        None if completion.register.is_some() => FieldError::new(
            "register",
            "not_applicable",
            "register details are for soils and sediments that were waste",
        ),
        // The register takes a weight, and no sourced density gives this one.
        Some(_) if tonnes.is_none() => FieldError::new(
            "weighed_tonnes",
            "required",
            "the register needs a weight: give the weighbridge ticket's tonnes",
        ),
        _ => return Ok(()),
    };
    Err(DomainError::Invalid(vec![error]))
}

/// The register line of an exchange of soils or sediments that were waste, as JSON; None
/// for any other material (`check_register` has refused what the line cannot take).
fn register_line(
    conn: &mut DbConnection,
    listing: &Listing,
    m: &Match,
    completion: &Completion,
    tonnes: Option<f64>,
    at: chrono::NaiveDateTime,
    origin: Option<&Commune>,
) -> Result<Option<String>, DomainError> {
    let (Some(code), Some(tonnes)) = (register_code(listing), tonnes) else {
        return Ok(None);
    };
    let holder = Organisation::find(conn, &m.holder_organisation_id)?;
    let soil: SoilDetails = listing
        .soil
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    let line = RegisterLine {
        description: listing.title.clone(),
        waste_code: if listing.hazardous {
            format!("{code}*")
        } else {
            code.to_owned()
        },
        hazardous: listing.hazardous,
        pop: soil.pop,
        acceptance_reference: soil.acceptance_reference,
        reception_date: at.format("%Y-%m-%d").to_string(),
        tonnes,
        weighed: completion.weighed_tonnes.is_some(),
        parcels: soil.parcels,
        latitude: listing.latitude,
        longitude: listing.longitude,
        holder: Establishment {
            siret: holder.siret,
            name: holder.name,
            address: holder.street,
            postal_code: holder.postal_code,
            city: holder.city,
        },
        pickup: Establishment {
            siret: None,
            name: listing.address.clone(),
            address: listing.address.clone(),
            postal_code: origin
                .and_then(|c| c.postcodes.split_whitespace().next())
                .unwrap_or_default()
                .to_owned(),
            city: origin.map(|c| c.name.clone()).unwrap_or_default(),
        },
        details: completion.register.clone().unwrap_or_default(),
    };
    serde_json::to_string(&line)
        .map(Some)
        .map_err(DomainError::internal)
}

/// The class's family: its ancestor just below the root, or itself at the top.
pub fn family_of(class: &str) -> String {
    class.splitn(3, '.').take(2).collect::<Vec<_>>().join(".")
}

/// The post's commune: the one it names, else the nearest placed commune.
fn commune_of(insee_code: Option<&str>, latitude: f64, longitude: f64) -> Option<&'static Commune> {
    let gazetteer = gazetteer();
    insee_code
        .and_then(|code| gazetteer.by_code(code))
        .or_else(|| gazetteer.nearest(latitude, longitude))
}
