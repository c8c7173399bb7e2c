//! Numbers, quantities, prices, distances, dates and times as people of each language
//! write them: "1 250,5 tonnes", "15,00 € HT", "8 décembre 2026 à 14 h 30" in French,
//! "1,250.5 tonnes", "€15.00 excl. VAT", "8 December 2026 at 14:30" in English. Times are
//! told in Europe/Paris, where Terril's people are. The pages and the emails use these
//! through their templates' filters (`notify::filters`), and the emails' summaries
//! directly. Also the other way: numbers and prices as people type them.
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Europe::Paris;

use crate::domain::{Language, Unit};

/// The French thousands separator: a narrow no-break space (U+202F).
pub const THIN: char = '\u{202f}';
/// Between a number and its unit or currency: a no-break space (U+00A0).
pub const NBSP: char = '\u{a0}';

/// `value` rounded to at most `decimals` places (half away from zero, on the decimal
/// digits the number is written with, so 2.675 gives 2.68), with trailing zeros kept
/// down to `min_decimals`, thousands grouped.
pub fn decimal(value: f64, min_decimals: usize, decimals: usize, lang: Language) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let (int_part, frac) = round_digits(value.abs(), decimals);
    let mut frac = frac.trim_end_matches('0').to_owned();
    while frac.len() < min_decimals {
        frac.push('0');
    }
    let negative = value < 0.0 && (int_part != "0" || !frac.is_empty());
    let (group_sep, decimal_sep) = match lang {
        Language::Fr => (THIN, ','),
        Language::En => (',', '.'),
    };
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group(&int_part, group_sep));
    if !frac.is_empty() {
        out.push(decimal_sep);
        out.push_str(&frac);
    }
    out
}

/// At most two decimals, none when whole: "12", "12,5", "1 250,25".
pub fn number(value: f64, lang: Language) -> String {
    decimal(value, 0, 2, lang)
}

/// A number to edit in a form field: every digit kept, no grouping, the language's
/// decimal mark ("12,5" in French), so what is shown reads back as the same number.
pub fn editable(value: f64, lang: Language) -> String {
    let text = format!("{value}");
    match lang {
        Language::Fr => text.replace('.', ","),
        Language::En => text,
    }
}

/// The integer and fractional digits of `value` (not negative) rounded to `decimals`.
fn round_digits(value: f64, decimals: usize) -> (String, String) {
    // Rust writes the shortest decimal that reads back as the same f64, never with an
    // exponent: rounding those digits rounds what the person typed.
    let text = format!("{value}");
    let (int_part, frac) = text.split_once('.').unwrap_or((&text, ""));
    if frac.len() <= decimals {
        return (int_part.to_owned(), frac.to_owned());
    }
    let round_up = frac.as_bytes()[decimals] >= b'5';
    let mut digits: Vec<u8> = int_part
        .bytes()
        .chain(frac.bytes().take(decimals))
        .collect();
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - decimals;
    let text = String::from_utf8(digits).unwrap_or_default();
    (text[..split].to_owned(), text[split..].to_owned())
}

/// "1250" as "1 250" (French) or "1,250" (English); four digits are grouped too.
fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Whether `value` takes the plural: in French from 2 on ("1,5 tonne"), in English
/// anything but one ("1.5 tonnes").
fn plural(value: f64, lang: Language) -> bool {
    match lang {
        Language::Fr => value.abs() >= 2.0,
        Language::En => value != 1.0,
    }
}

/// The unit after a number: words for tonnes and pieces, symbols for the others.
pub fn unit_after(value: f64, unit: Unit, lang: Language) -> &'static str {
    let many = plural(value, lang);
    match (unit, lang, many) {
        (Unit::Tonne, _, false) => "tonne",
        (Unit::Tonne, _, true) => "tonnes",
        (Unit::Kilogram, _, _) => "kg",
        (Unit::CubicMetre, _, _) => "m³",
        (Unit::SquareMetre, _, _) => "m²",
        (Unit::Metre, _, _) => "m",
        (Unit::Piece, Language::Fr, false) => "pièce",
        (Unit::Piece, Language::Fr, true) => "pièces",
        (Unit::Piece, Language::En, false) => "piece",
        (Unit::Piece, Language::En, true) => "pieces",
    }
}

/// "12,5 tonnes", "1 pièce", "3 m²"; "1,250 pieces". Up to three decimals (a kilogram
/// in tonnes).
pub fn quantity(value: f64, unit: Unit, lang: Language) -> String {
    // The plural follows the number as written: 0.9999 shown as 1 is "1 tonne".
    let (int_part, frac) = round_digits(value.abs(), 3);
    let shown: f64 = format!("{int_part}.{frac}0").parse().unwrap_or(value);
    let words = unit_after(shown, unit, lang);
    format!("{}{NBSP}{words}", decimal(value, 0, 3, lang))
}

/// A price excluding VAT: "15,00 € HT", "€15.00 excl. VAT"; cents always, and up to four
/// decimals for prices below the cent ("0,004 € HT").
pub fn price(eur: f64, lang: Language) -> String {
    let amount = decimal(eur, 2, 4, lang);
    match lang {
        Language::Fr => format!("{amount}{NBSP}€{NBSP}HT"),
        Language::En => format!("€{amount} excl.{NBSP}VAT"),
    }
}

/// A unit's price: "15,00 € HT la tonne" is long; "15,00 € HT par tonne" reads as a
/// quote does, "€15.00 excl. VAT per tonne". Free when zero.
pub fn price_per(eur: f64, unit: Unit, lang: Language) -> String {
    if eur <= 0.0 {
        return match lang {
            Language::Fr => "gratuit".into(),
            Language::En => "free".into(),
        };
    }
    let per = match lang {
        Language::Fr => "par",
        Language::En => "per",
    };
    format!("{} {per} {}", price(eur, lang), unit_after(1.0, unit, lang))
}

/// "27,5 km", "3 km", "1,250.5 km".
pub fn distance(km: f64, lang: Language) -> String {
    format!("{}{NBSP}km", decimal(km, 0, 1, lang))
}

const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The name of month `month` (1 to 12) in `lang`, as in a date ("décembre", "December").
pub fn month_name(month: u32, lang: Language) -> &'static str {
    let index = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Language::Fr => MOIS[index],
        Language::En => MONTHS[index],
    }
}

/// "8 décembre 2026" ("1er décembre 2026"), "8 December 2026".
pub fn date(day: NaiveDate, lang: Language) -> String {
    let month = month_name(day.month(), lang);
    match (lang, day.day()) {
        (Language::Fr, 1) => format!("1er{NBSP}{month} {}", day.year()),
        (_, d) => format!("{d}{NBSP}{month} {}", day.year()),
    }
}

/// "décembre 2026", "December 2026".
pub fn month(year: i32, month: u32, lang: Language) -> String {
    format!("{} {year}", month_name(month, lang))
}

/// A moment in Paris: "8 décembre 2026 à 14 h 30" ("à 9 h" on the hour), "8 December
/// 2026 at 14:30"; with `zone`, "(heure de Paris)" / "(Paris time)" after it, for a
/// reader who may be elsewhere (an email) or a moment that is a deadline.
pub fn date_time(at: DateTime<Utc>, lang: Language, zone: bool) -> String {
    let local = at.with_timezone(&Paris);
    let day = date(local.date_naive(), lang);
    let (h, m) = (local.hour(), local.minute());
    let mut text = match (lang, m) {
        (Language::Fr, 0) => format!("{day} à {h}{NBSP}h"),
        (Language::Fr, m) => format!("{day} à {h}{NBSP}h{NBSP}{m:02}"),
        (Language::En, m) => format!("{day} at {h:02}:{m:02}"),
    };
    if zone {
        text.push_str(match lang {
            Language::Fr => " (heure de Paris)",
            Language::En => " (Paris time)",
        });
    }
    text
}

/// A stored or served time read back: RFC 3339 ("2026-12-08T13:30:00.123456Z") or a
/// zoneless UTC time ("2026-12-08T13:30:00", "2026-12-08 13:30:00.5").
pub fn read_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(&text.replace(' ', "T"), "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .map(|t| t.and_utc())
        })
}

/// A time as HTML's `<time datetime>` takes it: whole seconds, UTC
/// ("2026-12-08T13:30:00Z"; six-digit fractions are not valid there).
pub fn machine_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A number as people type it: "2,5" or "2.5", "4 000", "1 250,5", "1,250.5" (a comma
/// and a dot: the last one is the decimal mark). None when it is not one.
pub fn read_decimal(text: &str) -> Option<f64> {
    let text: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(*c, ' ' | NBSP | THIN | '\'' | '’'))
        .collect();
    let text = match (text.rfind(','), text.rfind('.')) {
        (Some(comma), Some(dot)) if comma < dot => text.replace(',', ""),
        (Some(_), Some(_)) => text.replace('.', "").replace(',', "."),
        _ => text.replace(',', "."),
    };
    let text = text.strip_prefix('+').unwrap_or(&text);
    if text.is_empty()
        || !text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Why a typed price was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceRefusal {
    /// Not an amount at all.
    NotAPrice,
    /// Said to include VAT: the exchange shows prices excluding VAT.
    IncludesVat,
}

/// A price in euros as people type it: "15", "15 €", "15,50 € HT", "15 euros", "1 250,00
/// €", "€15.00", "15 EUR HT", "15 €/t". "TTC" (VAT included) is refused: the exchange's
/// prices exclude VAT, and guessing the rate would be wrong for some.
pub fn read_price(text: &str) -> Result<f64, PriceRefusal> {
    let lower = text.trim().to_lowercase();
    // What follows a slash or "par"/"per" names the unit the form already has.
    let lower = lower.split('/').next().unwrap_or_default();
    let lower = [" par ", " per ", " la ", " le "]
        .iter()
        .fold(lower.to_owned(), |t, sep| {
            t.split(sep).next().unwrap_or_default().to_owned()
        });
    let mut rest = lower.as_str();
    let words = [
        "ttc",
        "hors taxes",
        "hors taxe",
        "ht",
        "h.t.",
        "h.t",
        "excl. vat",
        "excl vat",
        "ex vat",
        "ex. vat",
        "euros",
        "euro",
        "eur",
        "€",
    ];
    let mut vat_included = false;
    loop {
        let trimmed = rest.trim_matches(|c: char| c.is_whitespace() || c == THIN);
        let before = trimmed.len();
        let mut next = trimmed;
        for word in words {
            if let Some(r) = next.strip_suffix(word) {
                vat_included |= word == "ttc";
                next = r;
            }
            if let Some(r) = next.strip_prefix(word) {
                vat_included |= word == "ttc";
                next = r;
            }
        }
        rest = next;
        if rest.len() == before {
            break;
        }
    }
    if vat_included {
        return Err(PriceRefusal::IncludesVat);
    }
    read_decimal(rest).ok_or(PriceRefusal::NotAPrice)
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
