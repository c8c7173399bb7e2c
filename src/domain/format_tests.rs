use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use Language::{En, Fr};

/// The text with its special spaces made visible: `_` for U+202F, `~` for U+00A0.
fn seen(text: String) -> String {
    text.replace(THIN, "_").replace(NBSP, "~")
}

#[test]
fn numbers_take_the_decimal_mark_and_the_thousands_of_their_language() {
    assert_eq!(seen(number(12.5, Fr)), "12,5");
    assert_eq!(seen(number(12.5, En)), "12.5");
    assert_eq!(seen(number(1250.0, Fr)), "1_250");
    assert_eq!(seen(number(1250.0, En)), "1,250");
    assert_eq!(seen(number(1250.5, En)), "1,250.5");
    assert_eq!(seen(number(1_234_567.25, Fr)), "1_234_567,25");
    assert_eq!(seen(number(999.0, Fr)), "999");
    assert_eq!(seen(number(0.0, Fr)), "0");
    assert_eq!(seen(number(-1250.5, Fr)), "-1_250,5");
}

#[test]
fn numbers_round_half_away_from_zero_on_the_digits_typed() {
    // 2.675 is 2.67499999... in binary; a person wrote 2.675 and expects 2,68.
    assert_eq!(number(2.675, Fr), "2,68");
    assert_eq!(number(12.345, En), "12.35");
    assert_eq!(number(12.344, En), "12.34");
    assert_eq!(number(9.999, Fr), "10");
    assert_eq!(seen(number(999.995, Fr)), "1_000");
    assert_eq!(number(0.004, Fr), "0");
    assert_eq!(number(-0.001, Fr), "0");
    assert_eq!(decimal(12.0, 2, 2, Fr), "12,00");
    assert_eq!(decimal(0.1 + 0.2, 0, 2, En), "0.3");
}

#[test]
fn quantities_say_their_unit_in_the_singular_or_plural() {
    assert_eq!(seen(quantity(12.5, Unit::Tonne, Fr)), "12,5~tonnes");
    assert_eq!(seen(quantity(1.5, Unit::Tonne, Fr)), "1,5~tonne");
    assert_eq!(seen(quantity(1.5, Unit::Tonne, En)), "1.5~tonnes");
    assert_eq!(seen(quantity(1.0, Unit::Tonne, En)), "1~tonne");
    assert_eq!(seen(quantity(1.0, Unit::Piece, Fr)), "1~pièce");
    assert_eq!(seen(quantity(2.0, Unit::Piece, Fr)), "2~pièces");
    assert_eq!(seen(quantity(1250.0, Unit::Piece, Fr)), "1_250~pièces");
    assert_eq!(seen(quantity(1250.0, Unit::Piece, En)), "1,250~pieces");
    assert_eq!(seen(quantity(1.0, Unit::Piece, En)), "1~piece");
    assert_eq!(seen(quantity(3.0, Unit::SquareMetre, Fr)), "3~m²");
    assert_eq!(seen(quantity(0.75, Unit::CubicMetre, En)), "0.75~m³");
    assert_eq!(seen(quantity(40.0, Unit::Kilogram, Fr)), "40~kg");
    assert_eq!(seen(quantity(12.0, Unit::Metre, Fr)), "12~m");
    // Shown as 1, read as 1.
    assert_eq!(seen(quantity(0.9999, Unit::Tonne, En)), "1~tonne");
    assert_eq!(seen(quantity(0.125, Unit::Tonne, Fr)), "0,125~tonne");
}

#[test]
fn prices_exclude_vat_and_show_cents() {
    assert_eq!(seen(price(15.0, Fr)), "15,00~€~HT");
    assert_eq!(seen(price(15.0, En)), "€15.00 excl.~VAT");
    assert_eq!(seen(price(1250.5, Fr)), "1_250,50~€~HT");
    assert_eq!(seen(price(0.004, Fr)), "0,004~€~HT");
    assert_eq!(seen(price_per(0.3, Unit::Piece, Fr)), "0,30~€~HT par pièce");
    assert_eq!(
        seen(price_per(15.0, Unit::Tonne, En)),
        "€15.00 excl.~VAT per tonne"
    );
    assert_eq!(price_per(0.0, Unit::Tonne, Fr), "gratuit");
    assert_eq!(price_per(0.0, Unit::Tonne, En), "free");
}

#[test]
fn distances_keep_one_decimal() {
    assert_eq!(seen(distance(27.46, Fr)), "27,5~km");
    assert_eq!(seen(distance(27.46, En)), "27.5~km");
    assert_eq!(seen(distance(3.0, Fr)), "3~km");
    assert_eq!(seen(distance(1234.0, En)), "1,234~km");
}

#[test]
fn dates_name_their_month() {
    let day = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
    assert_eq!(seen(date(day, Fr)), "8~décembre 2026");
    assert_eq!(seen(date(day, En)), "8~December 2026");
    let first = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
    assert_eq!(seen(date(first, Fr)), "1er~août 2026");
    assert_eq!(seen(date(first, En)), "1~August 2026");
    assert_eq!(month(2026, 1, Fr), "janvier 2026");
}

#[test]
fn a_winter_time_is_one_hour_ahead_of_utc_in_paris() {
    let at = Utc.with_ymd_and_hms(2026, 12, 8, 13, 30, 0).unwrap();
    assert_eq!(seen(date_time(at, Fr, false)), "8~décembre 2026 à 14~h~30");
    assert_eq!(seen(date_time(at, En, false)), "8~December 2026 at 14:30");
    assert_eq!(
        seen(date_time(at, Fr, true)),
        "8~décembre 2026 à 14~h~30 (heure de Paris)"
    );
    assert_eq!(
        seen(date_time(at, En, true)),
        "8~December 2026 at 14:30 (Paris time)"
    );
}

#[test]
fn a_summer_time_is_two_hours_ahead_and_may_change_the_day() {
    let at = Utc.with_ymd_and_hms(2026, 7, 14, 7, 0, 0).unwrap();
    assert_eq!(seen(date_time(at, Fr, false)), "14~juillet 2026 à 9~h");
    assert_eq!(seen(date_time(at, En, false)), "14~July 2026 at 09:00");
    // 22:15 UTC on 31 July is 00:15 on 1 August in Paris.
    let late = Utc.with_ymd_and_hms(2026, 7, 31, 22, 15, 0).unwrap();
    assert_eq!(seen(date_time(late, Fr, false)), "1er~août 2026 à 0~h~15");
}

#[test]
fn served_times_read_back_and_fit_html() {
    let at = read_time("2026-12-08T13:30:00.123456Z").unwrap();
    assert_eq!(machine_time(at), "2026-12-08T13:30:00Z");
    assert_eq!(
        read_time("2026-12-08T13:30:00"),
        Some(at.with_nanosecond(0).unwrap())
    );
    assert_eq!(read_time("2026-12-08 13:30:00.123456"), Some(at));
    assert_eq!(read_time("2026-12-08T14:30:00.123456+01:00"), Some(at));
    assert_eq!(read_time("yesterday"), None);
}

#[test]
fn numbers_are_read_as_people_type_them() {
    assert_eq!(read_decimal("2,5"), Some(2.5));
    assert_eq!(read_decimal(" 2.5 "), Some(2.5));
    assert_eq!(read_decimal("4 000"), Some(4000.0));
    assert_eq!(read_decimal("1\u{202f}250,5"), Some(1250.5));
    assert_eq!(read_decimal("1,250.5"), Some(1250.5));
    assert_eq!(read_decimal("1.250,5"), Some(1250.5));
    assert_eq!(read_decimal("-3"), Some(-3.0));
    assert_eq!(read_decimal(""), None);
    assert_eq!(read_decimal("douze"), None);
    assert_eq!(read_decimal("1e9"), None);
    assert_eq!(read_decimal("inf"), None);
}

#[test]
fn prices_are_read_as_people_type_them() {
    for (typed, eur) in [
        ("15", 15.0),
        ("15 €", 15.0),
        ("15€", 15.0),
        ("15,50 € HT", 15.5),
        ("15,50 €HT", 15.5),
        ("15 euros", 15.0),
        ("15 euros HT", 15.0),
        ("1 250,00 €", 1250.0),
        ("1\u{202f}250,00\u{a0}€", 1250.0),
        ("€15.00", 15.0),
        ("€15.00 excl. VAT", 15.0),
        ("15 EUR", 15.0),
        ("15 € HT / tonne", 15.0),
        ("15 €/t", 15.0),
        ("0,30 € HT la pièce", 0.3),
        ("12 € hors taxes", 12.0),
    ] {
        assert_eq!(read_price(typed), Ok(eur), "{typed}");
    }
    assert_eq!(read_price("15 € TTC"), Err(PriceRefusal::IncludesVat));
    assert_eq!(read_price("quinze €"), Err(PriceRefusal::NotAPrice));
    assert_eq!(read_price("€"), Err(PriceRefusal::NotAPrice));
}

#[test]
fn a_number_to_edit_keeps_every_digit_and_reads_back() {
    assert_eq!(editable(12.5, Language::Fr), "12,5");
    assert_eq!(editable(12.5, Language::En), "12.5");
    assert_eq!(editable(2500.0, Language::Fr), "2500");
    for n in [0.125, 12.5, 1_234_567.891] {
        assert_eq!(read_decimal(&editable(n, Language::Fr)), Some(n));
    }
}
