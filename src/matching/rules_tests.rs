//! The matching rules one by one: a pair that fits, then each rule broken alone.
use chrono::NaiveDate;

use super::*;
use crate::catalogue::summaries::{ListingSummary, WantedSummary};
use crate::db::listings::Listing;
use crate::db::wanted_requests::WantedRequest;
use crate::domain::{Condition, ListingId, OrganisationId, PostStatus, Unit, WantedId};

const LENS: (f64, f64) = (50.4320, 2.8330);
const LILLE: (f64, f64) = (50.6292, 3.0573);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn taxonomy() -> Taxonomy {
    Taxonomy::load().unwrap()
}

/// 10 t of reclaimed bricks in Lens, free, to collect, from yesterday on.
fn bricks() -> Listing {
    let at = today().and_hms_opt(8, 0, 0).unwrap();
    Listing {
        id: ListingId::generate(),
        organisation_id: OrganisationId::generate(),
        created_by: None,
        title: "Briques".into(),
        description: String::new(),
        material_code: "construction.masonry.bricks".into(),
        quantity: 10.0,
        unit: Unit::Tonne,
        mass_t: Some(10.0),
        quantity_available: 10.0,
        min_lot: 1.0,
        condition: Condition::ReusableAsIs,
        latitude: LENS.0,
        longitude: LENS.1,
        address: "Lens".into(),
        insee_code: None,
        available_from: today().pred_opt().unwrap(),
        available_until: None,
        price_per_unit_eur: 0.0,
        is_waste: false,
        waste_code: None,
        hazardous: false,
        pickup: true,
        delivery: false,
        delivery_radius_km: None,
        external_ref: None,
        status: PostStatus::Published,
        created_at: at,
        updated_at: at,
        soil: None,
        site_id: None,
    }
}

/// A builder in Lille who needs 5 t of bricks within 50 km, any price, this month.
fn need() -> WantedRequest {
    let at = today().and_hms_opt(9, 0, 0).unwrap();
    WantedRequest {
        id: WantedId::generate(),
        organisation_id: OrganisationId::generate(),
        created_by: None,
        title: "Briques".into(),
        description: String::new(),
        material_code: "construction.masonry.bricks".into(),
        quantity: 5.0,
        unit: Unit::Tonne,
        mass_t: Some(5.0),
        latitude: LILLE.0,
        longitude: LILLE.1,
        address: "Lille".into(),
        insee_code: None,
        max_distance_km: 50.0,
        needed_from: today(),
        needed_until: NaiveDate::from_ymd_opt(2026, 12, 31),
        worst_condition: Condition::NeedsReconditioning,
        max_price_per_unit_eur: None,
        accepts_waste: false,
        accepts_hazardous: false,
        external_ref: None,
        status: PostStatus::Published,
        created_at: at,
        updated_at: at,
        site_id: None,
        for_listing_id: None,
    }
}

fn evaluate_rows(listing: &Listing, wanted: &WantedRequest) -> Option<Score> {
    let taxonomy = taxonomy();
    let listing = ListingSummary::from_row(listing, &taxonomy).unwrap();
    let wanted = WantedSummary::from_row(wanted, &taxonomy).unwrap();
    evaluate(&listing, &wanted, &taxonomy, today())
}

fn fits(listing: &Listing, wanted: &WantedRequest) -> bool {
    evaluate_rows(listing, wanted).is_some()
}

#[test]
fn the_reference_pair_fits_and_its_score_is_the_sum_of_its_parts() {
    let score = evaluate_rows(&bricks(), &need()).expect("the pair fits");
    assert!(
        (score.distance_km - 27.1).abs() < 0.5,
        "{}",
        score.distance_km
    );
    assert_eq!(score.class_fit, CLASS_POINTS, "the same class");
    assert_eq!(score.quantity, QUANTITY_POINTS, "10 t cover the 5 t");
    assert_eq!(
        score.window, WINDOW_POINTS,
        "the listing covers the whole need"
    );
    let parts = score.distance + score.class_fit + score.quantity + score.window + score.carbon;
    assert!((score.total() - parts).abs() < 0.011);
    // 5 t × (210 − 20.4) kgCO2e/t − 5 t × d km × 1.3 (road factor) × 0.20882 kgCO2e/t·km
    // (a rigid lorry over 17 t): the impact factors' estimate before collection.
    let expected = 5.0 * (210.0 - 20.4) - 5.0 * score.distance_km * 1.3 * 0.20882;
    assert!((score.co2e_avoided_kg.unwrap() - expected).abs() < 0.01);
    assert!((score.carbon - CARBON_POINTS * expected / 5_000.0).abs() < 0.01);
}

#[test]
fn two_posts_of_one_organisation_never_match() {
    let listing = bricks();
    let mut wanted = need();
    wanted.organisation_id = listing.organisation_id.clone();
    assert!(!fits(&listing, &wanted));
}

#[test]
fn the_class_fits_when_equal_or_asked_for_by_an_ancestor_only() {
    let mut wanted = need();
    wanted.material_code = "construction.masonry".into();
    let broader = evaluate_rows(&bricks(), &wanted).expect("an ancestor class fits");
    assert!(broader.class_fit < CLASS_POINTS, "a broad need scores less");
    wanted.material_code = "construction.masonry.blocks".into();
    assert!(!fits(&bricks(), &wanted), "a sibling class does not fit");
}

#[test]
fn the_distance_fits_within_the_takers_limit_and_a_delivery_only_radius() {
    let mut wanted = need();
    wanted.max_distance_km = 20.0;
    assert!(!fits(&bricks(), &wanted), "beyond the taker's limit");
    let mut delivered = bricks();
    delivered.pickup = false;
    delivered.delivery = true;
    delivered.delivery_radius_km = Some(10.0);
    assert!(!fits(&delivered, &need()), "beyond the delivery radius");
    delivered.delivery_radius_km = Some(40.0);
    assert!(fits(&delivered, &need()));
}

#[test]
fn the_windows_must_overlap_and_neither_have_ended() {
    let mut later = bricks();
    later.available_from = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    assert!(!fits(&later, &need()), "available after the need ends");
    let mut ended = bricks();
    ended.available_from = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    ended.available_until = NaiveDate::from_ymd_opt(2026, 11, 30);
    assert!(
        !fits(&ended, &need()),
        "the listing's window ended yesterday"
    );
    let mut half = bricks();
    half.available_until = NaiveDate::from_ymd_opt(2026, 12, 15);
    let score = evaluate_rows(&half, &need()).unwrap();
    assert!((score.window - WINDOW_POINTS * 15.0 / 31.0).abs() < 0.01);
}

#[test]
fn the_condition_must_be_at_least_the_worst_accepted() {
    let mut wanted = need();
    wanted.worst_condition = Condition::Unused;
    assert!(!fits(&bricks(), &wanted));
    wanted.worst_condition = Condition::ReusableAsIs;
    assert!(fits(&bricks(), &wanted));
}

#[test]
fn the_price_must_be_at_most_the_takers_highest_per_the_same_unit() {
    let mut priced = bricks();
    priced.price_per_unit_eur = 30.0;
    let mut wanted = need();
    wanted.max_price_per_unit_eur = Some(25.0);
    assert!(!fits(&priced, &wanted), "30 €/t above 25 €/t");
    wanted.max_price_per_unit_eur = Some(30.0);
    assert!(fits(&priced, &wanted));
    // Different units, both masses known: compared per tonne (10 €/piece of 2 kg is 5,000 €/t).
    let mut pieces = bricks();
    pieces.unit = Unit::Piece;
    pieces.quantity = 5_000.0;
    pieces.quantity_available = 5_000.0;
    pieces.min_lot = 100.0;
    pieces.price_per_unit_eur = 10.0;
    wanted.max_price_per_unit_eur = Some(100.0);
    assert!(!fits(&pieces, &wanted), "5,000 €/t above 100 €/t");
}

#[test]
fn what_is_available_must_reach_the_minimum_lot() {
    let mut listing = bricks();
    listing.quantity_available = 0.5;
    assert!(!fits(&listing, &need()), "below the 1 t minimum lot");
    listing.quantity_available = 0.0;
    listing.min_lot = 0.0;
    assert!(!fits(&listing, &need()), "nothing left");
}

#[test]
fn waste_and_hazardous_material_go_only_to_takers_who_accept_them() {
    let mut waste = bricks();
    waste.is_waste = true;
    waste.waste_code = Some("17 01 02".into());
    let mut wanted = need();
    assert!(!fits(&waste, &wanted));
    wanted.accepts_waste = true;
    assert!(fits(&waste, &wanted));
    waste.hazardous = true;
    assert!(!fits(&waste, &wanted), "hazardous needs accepts_hazardous");
    wanted.accepts_hazardous = true;
    assert!(fits(&waste, &wanted));
}

#[test]
fn the_quantity_part_is_the_share_of_the_need_covered() {
    let mut wanted = need();
    wanted.quantity = 40.0;
    wanted.mass_t = Some(40.0);
    let score = evaluate_rows(&bricks(), &wanted).unwrap();
    assert!((score.quantity - QUANTITY_POINTS * 10.0 / 40.0).abs() < 0.01);
}
