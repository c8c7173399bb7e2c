//! Impact reports: the exchanges of an organisation (given and received) or of a territory
//! (the commune, EPCI, department or region the material left), by month and class
//! family: exchanges, tonnes, net CO2e, tonne-km. As JSON, or as CSV that opens in a
//! spreadsheet in French (semicolons, decimal commas) or in English.
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::csv_export::{
    Cell::{Figure, Text},
    CsvExport,
};
use crate::catalogue::taxonomy::Taxonomy;
use crate::db::exchange_impacts::{ExchangeImpact, OlderExchange, ReportLine, ReportScope};
use crate::db::Db;
use crate::domain::error::DomainError;
use crate::domain::{Actor, Language};
use crate::impact::{Factors, Snapshot};

/// The months a report covers, `from` through `until` inclusive, both `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Months {
    pub from: String,
    pub until: String,
}

impl Months {
    /// `from` and `until` as given (`YYYY-MM`), by default the twelve months ending with
    /// `today`'s. A single month is `from` = `until`. Any span is allowed: a report's cost
    /// is that of the scope's exchanges, and it has a line only for months that have some.
    pub fn parse(
        from: Option<&str>,
        until: Option<&str>,
        today: NaiveDate,
    ) -> Result<Self, DomainError> {
        let until = match until {
            Some(text) => month("until", text)?,
            None => today.with_day(1).expect("a first of the month"),
        };
        let from = match from {
            Some(text) => month("from", text)?,
            None => eleven_months_before(until),
        };
        if from > until {
            return Err(DomainError::field(
                "until",
                "before_start",
                "until may not come before from",
            ));
        }
        Ok(Self {
            from: from.format("%Y-%m").to_string(),
            until: until.format("%Y-%m").to_string(),
        })
    }
}

impl Months {
    /// Every month from `from` through `until`, in order.
    pub fn each(&self) -> Vec<String> {
        let index = |text: &str| {
            let year: i32 = text[..4].parse().unwrap_or(0);
            let month: i32 = text[5..].parse().unwrap_or(1);
            year * 12 + month - 1
        };
        (index(&self.from)..=index(&self.until))
            .map(|i| format!("{:04}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1))
            .collect()
    }
}

fn eleven_months_before(first_of_month: NaiveDate) -> NaiveDate {
    let index = first_of_month.year() * 12 + first_of_month.month0() as i32 - 11;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .expect("a first of the month")
}

fn month(field: &str, text: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 7)
        .ok_or_else(|| DomainError::field(field, "format", "a month is written YYYY-MM"))
}

/// One line as reports show it, the family named in the reader's language.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub month: String,
    pub family: String,
    pub family_name: String,
    pub exchanges: i64,
    pub tonnes: f64,
    /// Of the exchanges whose class has a published factor; the others count in tonnes.
    pub net_co2e_kg: f64,
    pub tonne_km: f64,
    /// The same exchanges' net CO2e under the current method, beside the recorded one
    /// (organisation reports; equal until the method changes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_co2e_kg_current_method: Option<f64>,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub fn lines(rows: Vec<ReportLine>, taxonomy: &Taxonomy, lang: Language) -> Vec<Line> {
    rows.into_iter()
        .map(|row| {
            let family_name = taxonomy.id_of(&row.family_code).map_or_else(
                || row.family_code.clone(),
                |id| taxonomy.class(id).name(lang).to_owned(),
            );
            Line {
                month: row.month,
                family: row.family_code,
                family_name,
                exchanges: row.exchanges,
                tonnes: round3(row.tonnes.unwrap_or(0.0)),
                net_co2e_kg: round3(row.net_kg.unwrap_or(0.0)),
                tonne_km: round3(row.tonne_km.unwrap_or(0.0)),
                net_co2e_kg_current_method: None,
            }
        })
        .collect()
}

/// Sets each line's figure under the current method: the recorded one, changed by the
/// difference each exchange of an older method shows once recomputed with `factors`.
pub fn with_current_method(
    lines: &mut [Line],
    older: &[OlderExchange],
    factors: &Factors,
) -> Result<(), DomainError> {
    for line in lines.iter_mut() {
        line.net_co2e_kg_current_method = Some(line.net_co2e_kg);
    }
    for exchange in older {
        let snapshot: Snapshot =
            serde_json::from_str(&exchange.snapshot).map_err(DomainError::internal)?;
        let recorded = exchange.net_kg.unwrap_or(0.0);
        let change = snapshot.under(factors).net_kg.unwrap_or(0.0) - recorded;
        if let Some(line) = lines
            .iter_mut()
            .find(|l| l.month == exchange.month && l.family == exchange.family_code)
        {
            let now = line.net_co2e_kg_current_method.unwrap_or(0.0) + change;
            line.net_co2e_kg_current_method = Some(round3(now));
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub exchanges: i64,
    pub tonnes: f64,
    pub net_co2e_kg: f64,
}

pub fn totals(lines: &[Line]) -> Totals {
    let sum = lines.iter().fold(Totals::default(), |t, l| Totals {
        exchanges: t.exchanges + l.exchanges,
        tonnes: t.tonnes + l.tonnes,
        net_co2e_kg: t.net_co2e_kg + l.net_co2e_kg,
    });
    Totals {
        tonnes: round3(sum.tonnes),
        net_co2e_kg: round3(sum.net_co2e_kg),
        ..sum
    }
}

/// The lines as CSV, each prefixed by `prefix` columns (an organisation's side): in
/// French with semicolons and decimal commas, in English with commas and points; UTF-8
/// with a byte-order mark, so spreadsheets read the accents.
pub fn csv(
    lines: &[(Vec<String>, &Line)],
    prefix_headers: &[&str],
    lang: Language,
) -> Result<String, DomainError> {
    let (delimiter, headers): (u8, [&str; 7]) = match lang {
        Language::Fr => (
            b';',
            [
                "mois",
                "famille",
                "nom_famille",
                "echanges",
                "tonnes",
                "co2e_net_kg",
                "tonnes_km",
            ],
        ),
        Language::En => (
            b',',
            [
                "month",
                "family",
                "family_name",
                "exchanges",
                "tonnes",
                "net_co2e_kg",
                "tonne_km",
            ],
        ),
    };
    let number = |x: f64| match lang {
        Language::Fr => format!("{x}").replace('.', ","),
        Language::En => format!("{x}"),
    };
    // The prefix (an organisation's side), the month and the family are text; the counts
    // and figures are figures (a net CO2e may be negative, and stays a number).
    let mut export = CsvExport::new(delimiter);
    export.header(prefix_headers.iter().copied().chain(headers))?;
    for (prefix, line) in lines {
        let figures = [
            line.exchanges.to_string(),
            number(line.tonnes),
            number(line.net_co2e_kg),
            number(line.tonne_km),
        ];
        let text = [&line.month, &line.family, &line.family_name];
        let cells = prefix.iter().chain(text).map(|t| Text(t));
        export.row(cells.chain(figures.iter().map(|f| Figure(f))))?;
    }
    Ok(format!("\u{feff}{}", export.into_text()?))
}

/// What the actor's organisation gave and received in `months`, lines named in `lang`
/// (the API's report and the page's). The organisation's own figures: nothing is withheld.
pub async fn organisation_lines(
    db: &Db,
    taxonomy: &Taxonomy,
    actor: &Actor,
    months: &Months,
    lang: Language,
) -> Result<(Vec<Line>, Vec<Line>), DomainError> {
    let factors = Factors::current();
    let current = factors.method_version as i32;
    let (m, id) = (months.clone(), actor.organisation()?.clone());
    let read = db
        .run(move |conn| -> Result<_, DomainError> {
            let mut sides = Vec::new();
            for scope in [ReportScope::Given(id.clone()), ReportScope::Received(id)] {
                let lines = ExchangeImpact::report(conn, &scope, &m.from, &m.until)?;
                let older =
                    ExchangeImpact::under_older_method(conn, &scope, &m.from, &m.until, current)?;
                sides.push((lines, older));
            }
            Ok(sides)
        })
        .await?;
    let mut sides = Vec::new();
    for (rows, older) in read {
        let mut lines = lines(rows, taxonomy, lang);
        with_current_method(&mut lines, &older, factors)?;
        sides.push(lines);
    }
    let received = sides.pop().unwrap_or_default();
    let given = sides.pop().unwrap_or_default();
    Ok((given, received))
}

/// An organisation's report as CSV: each line with its side first.
pub fn organisation_csv(
    given: &[Line],
    received: &[Line],
    lang: Language,
) -> Result<String, DomainError> {
    let (side, g, r) = match lang {
        Language::Fr => ("sens", "donne", "recu"),
        Language::En => ("side", "given", "received"),
    };
    let rows: Vec<(Vec<String>, &Line)> = given
        .iter()
        .map(|l| (vec![g.to_owned()], l))
        .chain(received.iter().map(|l| (vec![r.to_owned()], l)))
        .collect();
    csv(&rows, &[side], lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_cannot_be_formulas_and_a_negative_figure_stays_a_number() {
        let line = Line {
            month: "2026-11".into(),
            family: "-construction".into(),
            family_name: "@SUM(1+1)".into(),
            exchanges: 2,
            tonnes: 1.25,
            net_co2e_kg: -1.5,
            tonne_km: 0.0,
            net_co2e_kg_current_method: None,
        };
        let rows = [(vec!["=side".to_owned()], &line)];
        for (lang, delimiter, net, tonnes) in [
            (Language::Fr, b';', "-1,5", "1,25"),
            (Language::En, b',', "-1.5", "1.25"),
        ] {
            let text = csv(&rows, &["side"], lang).unwrap();
            let mut reader = ::csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
            let row = reader.records().next().unwrap().unwrap();
            let cells: Vec<&str> = row.iter().collect();
            assert_eq!(
                cells,
                [
                    "'=side",
                    "2026-11",
                    "'-construction",
                    "'@SUM(1+1)",
                    "2",
                    tonnes,
                    net,
                    "0"
                ]
            );
        }
    }
}
