//! When a listing and a wanted request fit each other, and how well: Terril's matching
//! rules and score, as pure functions of the two posts.
//!
//! They fit when all of these hold:
//! - the class fits: the same class, or the wanted class is an ancestor of the listing's;
//! - the distance fits: within the taker's `max_distance_km` (how far they travel or pay
//!   transport) and, when the holder only delivers (no pickup), within the holder's
//!   delivery radius too;
//! - the windows overlap, and neither has ended;
//! - the condition is at least the taker's worst acceptable one;
//! - the price is at most the taker's highest (a taker without one takes any price),
//!   per the same unit, or per tonne when the units differ and both masses are known;
//! - what is available reaches the holder's minimum lot (and is more than nothing);
//! - waste-status material only goes to takers who accept waste, hazardous material only
//!   to takers who accept hazardous material;
//! - the two posts are not of the same organisation.
//!
//! The score (0 to 100) is the sum of five parts, each shown in the API:
//! - distance, up to 30: `30 × (1 − d / limit)`, the nearer the better;
//! - class fit, up to 15: `15 × (depth of the wanted class + 1) / (depth of the listing's
//!   class + 1)`: an exact class gives 15, a need for "any construction material" less;
//! - quantity, up to 20: `20 × min(1, available / needed)`, in tonnes when both masses are
//!   known, else in the common unit, else 10;
//! - window, up to 15: `15 ×` the share of the taker's window (open-ended: 365 days) the
//!   listing's window covers;
//! - carbon, up to 20: `20 × min(1, CO2e avoided / 5 t)`, 0 when unknown or negative.
//!
//! CO2e avoided = the net figure of `impact::net` before anything is collected: tonnes
//! exchanged × (new-product factor − reuse-process factor) − tonnes × the great-circle
//! km × the road factor × the default vehicle's freight factor, where the tonnes exchanged
//! are the smaller of what is available and what is needed.
use chrono::{Duration, NaiveDate};

use crate::catalogue::geometry::distance_km;
use crate::catalogue::summaries::{ListingSummary, WantedSummary};
use crate::catalogue::taxonomy::Taxonomy;

pub const DISTANCE_POINTS: f64 = 30.0;
pub const CLASS_POINTS: f64 = 15.0;
pub const QUANTITY_POINTS: f64 = 20.0;
pub const WINDOW_POINTS: f64 = 15.0;
pub const CARBON_POINTS: f64 = 20.0;
/// The avoided emissions that earn every carbon point.
pub const CARBON_FULL_KG: f64 = 5_000.0;
/// How long an open-ended need is taken to last.
const OPEN_WINDOW_DAYS: i64 = 365;
const EPSILON: f64 = 1e-9;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub distance_km: f64,
    pub distance: f64,
    pub class_fit: f64,
    pub quantity: f64,
    pub window: f64,
    pub carbon: f64,
    pub co2e_avoided_kg: Option<f64>,
}

impl Score {
    pub fn total(&self) -> f64 {
        let sum = self.distance + self.class_fit + self.quantity + self.window + self.carbon;
        round2(sum.min(100.0))
    }
}

/// The score of the pair if it fits, on `today`; None if any rule fails.
pub fn evaluate(
    listing: &ListingSummary,
    wanted: &WantedSummary,
    taxonomy: &Taxonomy,
    today: NaiveDate,
) -> Option<Score> {
    let distance = distance_km(
        (listing.latitude, listing.longitude),
        (wanted.latitude, wanted.longitude),
    );
    evaluate_at(listing, wanted, taxonomy, today, distance)
}

/// As [`evaluate`], with the great-circle distance between the two already known.
pub fn evaluate_at(
    listing: &ListingSummary,
    wanted: &WantedSummary,
    taxonomy: &Taxonomy,
    today: NaiveDate,
    distance: f64,
) -> Option<Score> {
    if listing.organisation_id == wanted.organisation_id
        || !taxonomy.is_within(listing.class, wanted.class)
        || listing.condition.rank() < wanted.worst_condition.rank()
        || !price_fits(listing, wanted)
        || (listing.is_waste && !wanted.accepts_waste)
        || (listing.hazardous && !wanted.accepts_hazardous)
        || !lot_available(listing)
    {
        return None;
    }
    let overlap = window_overlap(listing, wanted, today)?;
    let limit = distance_limit(listing, wanted);
    if distance > limit {
        return None;
    }
    Some(score(listing, wanted, taxonomy, distance, limit, overlap))
}

/// The listing's price is at most the taker's highest, compared per the same unit: as
/// given when both count in the same unit, per tonne when both masses are known; when
/// the two cannot be compared, the price does not rule the pair out.
fn price_fits(listing: &ListingSummary, wanted: &WantedSummary) -> bool {
    let Some(max) = wanted.max_price_per_unit_eur else {
        return true;
    };
    if listing.unit == wanted.unit {
        return listing.price_per_unit_eur <= max + EPSILON;
    }
    match (listing.mass_t, wanted.mass_t) {
        (Some(listing_t), Some(wanted_t)) if listing_t > 0.0 && wanted_t > 0.0 => {
            let listing_per_t = listing.price_per_unit_eur * listing.quantity / listing_t;
            let wanted_per_t = max * wanted.quantity / wanted_t;
            listing_per_t <= wanted_per_t + EPSILON
        }
        _ => true,
    }
}

/// How far apart the two may be: the taker's limit, and the delivery radius of a holder
/// who only delivers.
pub fn distance_limit(listing: &ListingSummary, wanted: &WantedSummary) -> f64 {
    match (listing.pickup, listing.delivery_radius_km) {
        (false, Some(radius)) if listing.delivery => radius.min(wanted.max_distance_km),
        _ => wanted.max_distance_km,
    }
}

fn lot_available(listing: &ListingSummary) -> bool {
    listing.quantity_available > EPSILON && listing.quantity_available + EPSILON >= listing.min_lot
}

/// The days of the taker's window the listing's window covers, and the taker's window
/// length; None when they do not overlap or either has ended before `today`.
fn window_overlap(
    listing: &ListingSummary,
    wanted: &WantedSummary,
    today: NaiveDate,
) -> Option<(i64, i64)> {
    let need_end = wanted
        .needed_until
        .unwrap_or(wanted.needed_from + Duration::days(OPEN_WINDOW_DAYS - 1));
    let start = listing.available_from.max(wanted.needed_from);
    let end = listing
        .available_until
        .map_or(need_end, |u| u.min(need_end));
    let ended = listing.available_until.is_some_and(|u| u < today)
        || wanted.needed_until.is_some_and(|u| u < today);
    if end < start || ended {
        return None;
    }
    let covered = (end - start).num_days() + 1;
    let wanted_days = (need_end - wanted.needed_from).num_days() + 1;
    Some((covered, wanted_days.max(1)))
}

fn score(
    listing: &ListingSummary,
    wanted: &WantedSummary,
    taxonomy: &Taxonomy,
    distance: f64,
    limit: f64,
    (covered, wanted_days): (i64, i64),
) -> Score {
    let distance_part = if limit > 0.0 {
        DISTANCE_POINTS * (1.0 - distance / limit)
    } else {
        DISTANCE_POINTS
    };
    let depth_ratio =
        (taxonomy.depth(wanted.class) + 1) as f64 / (taxonomy.depth(listing.class) + 1) as f64;
    let tonnes = exchanged_tonnes(listing, wanted);
    let co2e = tonnes.and_then(|t| co2e_avoided_kg(taxonomy, listing.class, t, distance));
    let carbon = co2e.map_or(0.0, |kg| {
        CARBON_POINTS * (kg / CARBON_FULL_KG).clamp(0.0, 1.0)
    });
    Score {
        distance_km: distance,
        distance: part(distance_part, DISTANCE_POINTS),
        class_fit: part(CLASS_POINTS * depth_ratio, CLASS_POINTS),
        quantity: part(
            QUANTITY_POINTS * quantity_ratio(listing, wanted),
            QUANTITY_POINTS,
        ),
        window: part(
            WINDOW_POINTS * covered as f64 / wanted_days as f64,
            WINDOW_POINTS,
        ),
        carbon: part(carbon, CARBON_POINTS),
        co2e_avoided_kg: co2e.map(round2),
    }
}

/// The share of the need the listing can cover: in tonnes, else in the common unit, else
/// one half (unknown).
fn quantity_ratio(listing: &ListingSummary, wanted: &WantedSummary) -> f64 {
    let ratio = match (available_tonnes(listing), wanted.mass_t) {
        (Some(available), Some(needed)) if needed > 0.0 => available / needed,
        _ if listing.unit == wanted.unit && wanted.quantity > 0.0 => {
            listing.quantity_available / wanted.quantity
        }
        _ => 0.5,
    };
    ratio.min(1.0)
}

/// The mass of what is still available, where the listing's mass is known.
pub fn available_tonnes(listing: &ListingSummary) -> Option<f64> {
    let mass = listing.mass_t?;
    (listing.quantity > 0.0).then(|| mass * listing.quantity_available / listing.quantity)
}

/// What would change hands, in tonnes: the smaller of what is available and what is
/// needed, as far as they are known.
fn exchanged_tonnes(listing: &ListingSummary, wanted: &WantedSummary) -> Option<f64> {
    match (available_tonnes(listing), wanted.mass_t) {
        (Some(available), Some(needed)) => Some(available.min(needed)),
        (Some(available), None) => Some(available),
        (None, _) => None,
    }
}

/// The net CO2e an exchange of `tonnes` of `class` would avoid, the posts being
/// `distance` km apart as the crow flies (see `impact::net::estimate_net_kg`).
pub fn co2e_avoided_kg(
    taxonomy: &Taxonomy,
    class: crate::catalogue::taxonomy::ClassId,
    tonnes: f64,
    distance: f64,
) -> Option<f64> {
    let class = taxonomy.class(class);
    let per_t = class.embodied_kgco2e_per_t? - class.reuse_kgco2e_per_t.unwrap_or(0.0);
    let transport = crate::impact::Factors::current().estimated_transport_kg_per_tkm();
    Some(tonnes * per_t - tonnes * distance * transport)
}

/// Rounded to hundredths and kept within 0..=max, so the API never shows 30.000000001.
fn part(value: f64, max: f64) -> f64 {
    round2(value.clamp(0.0, max))
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
