//! The template filters that write numbers, quantities, prices, distances, dates and
//! times as the reader's language does (`domain::format`), for the emails' templates and
//! the pages' (`web::render` adds them too). The language is the template's `lang`.
//!
//! `{{ 12.5|number }}`, `{{ q|quantity(unit) }}`, `{{ p|price }}`, `{{ p|price_per(unit) }}`,
//! `{{ d|km }}`, `{{ "2026-12-08"|date }}`, `{{ t|datetime }}` (`zone=true` adds "heure de
//! Paris"), `{{ "2026-01"|month }}`, `{{ t|machine_time }}` (for `<time datetime>`).
use chrono::NaiveDate;
use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, State};

use crate::domain::format;
use crate::domain::{Language, Unit};

pub fn add(env: &mut Environment<'static>) {
    env.add_filter("number", number);
    env.add_filter("quantity", quantity);
    env.add_filter("price", price);
    env.add_filter("price_per", price_per);
    env.add_filter("km", km);
    env.add_filter("date", date);
    env.add_filter("datetime", datetime);
    env.add_filter("month", month);
    env.add_filter("machine_time", machine_time);
}

fn invalid(what: &str, value: &Value) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("{what}: cannot format {value:?}"),
    )
}

/// The template's language; never a default, so a template that lost it fails.
fn lang(state: &State) -> Result<Language, Error> {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Language::parse))
        .ok_or_else(|| Error::new(ErrorKind::UndefinedError, "a format filter without lang"))
}

/// A number, or text that holds one ("12.5", as some emails pass them).
fn float(what: &str, value: &Value) -> Result<f64, Error> {
    match value.kind() {
        ValueKind::Number => f64::try_from(value.clone()).map_err(|_| invalid(what, value)),
        ValueKind::String => value
            .as_str()
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| invalid(what, value)),
        _ => Err(invalid(what, value)),
    }
}

fn unit(value: &Value) -> Result<Unit, Error> {
    value
        .as_str()
        .and_then(Unit::parse)
        .ok_or_else(|| invalid("unit", value))
}

fn number(state: &State, value: Value) -> Result<String, Error> {
    Ok(format::number(float("number", &value)?, lang(state)?))
}

fn quantity(state: &State, value: Value, of: Value) -> Result<String, Error> {
    let q = float("quantity", &value)?;
    Ok(format::quantity(q, unit(&of)?, lang(state)?))
}

fn price(state: &State, value: Value) -> Result<String, Error> {
    Ok(format::price(float("price", &value)?, lang(state)?))
}

fn price_per(state: &State, value: Value, of: Value) -> Result<String, Error> {
    let eur = float("price", &value)?;
    Ok(format::price_per(eur, unit(&of)?, lang(state)?))
}

fn km(state: &State, value: Value) -> Result<String, Error> {
    Ok(format::distance(float("km", &value)?, lang(state)?))
}

/// A day ("2026-12-08"), or the day of a time in Paris.
fn date(state: &State, value: Value) -> Result<String, Error> {
    let text = value.as_str().ok_or_else(|| invalid("date", &value))?;
    let day = match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => day,
        Err(_) => format::read_time(text)
            .map(|t| t.with_timezone(&chrono_tz::Europe::Paris).date_naive())
            .ok_or_else(|| invalid("date", &value))?,
    };
    Ok(format::date(day, lang(state)?))
}

fn datetime(state: &State, value: Value, kwargs: Kwargs) -> Result<String, Error> {
    let zone: Option<bool> = kwargs.get("zone")?;
    kwargs.assert_all_used()?;
    let at = value
        .as_str()
        .and_then(format::read_time)
        .ok_or_else(|| invalid("datetime", &value))?;
    Ok(format::date_time(at, lang(state)?, zone.unwrap_or(false)))
}

/// A month as forms and tables name it ("2026-01") in words: "janvier 2026".
fn month(state: &State, value: Value) -> Result<String, Error> {
    let text = value.as_str().ok_or_else(|| invalid("month", &value))?;
    let parsed = text
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
        .filter(|(_, m): &(i32, u32)| (1..=12).contains(m));
    let (year, m) = parsed.ok_or_else(|| invalid("month", &value))?;
    Ok(format::month(year, m, lang(state)?))
}

fn machine_time(value: Value) -> Result<String, Error> {
    value
        .as_str()
        .and_then(format::read_time)
        .map(format::machine_time)
        .ok_or_else(|| invalid("machine_time", &value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    fn render(source: &str, lang: &str) -> String {
        let mut env = Environment::new();
        add(&mut env);
        env.render_str(
            source,
            context! { lang, q => 1250.5, at => "2026-07-14T07:00:00.123456Z" },
        )
        .unwrap()
        .replace([format::THIN, format::NBSP], " ")
    }

    #[test]
    fn filters_follow_the_templates_language() {
        let source = "{{ q|number }} | {{ q|quantity('t') }} | {{ 15|price }} | \
                      {{ 0.3|price_per('piece') }} | {{ '27.46'|km }} | {{ at|date }} | \
                      {{ at|datetime(zone=true) }} | {{ '2026-01'|month }} | {{ at|machine_time }}";
        assert_eq!(
            render(source, "fr"),
            "1 250,5 | 1 250,5 tonnes | 15,00 € HT | 0,30 € HT par pièce | 27,5 km | \
             14 juillet 2026 | 14 juillet 2026 à 9 h (heure de Paris) | janvier 2026 | \
             2026-07-14T07:00:00Z"
        );
        assert_eq!(
            render(source, "en"),
            "1,250.5 | 1,250.5 tonnes | €15.00 excl. VAT | €0.30 excl. VAT per piece | 27.5 km | \
             14 July 2026 | 14 July 2026 at 09:00 (Paris time) | January 2026 | \
             2026-07-14T07:00:00Z"
        );
    }

    #[test]
    fn a_filter_inside_a_macro_still_knows_the_language() {
        let source = "{% macro q(v, u) %}{{ v|quantity(u) }}{% endmacro %}{{ q(1, 'piece') }}";
        assert_eq!(render(source, "fr"), "1 pièce");
    }
}
