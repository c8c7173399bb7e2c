//! The register of excavated soils and sediments (RNDTS): the receiver's incoming lines
//! ("TEXS entrants") for the exchanges of soils and sediments that were waste, as CSV in
//! the columns and formats the national waste-tracking service imports
//! (`reference/rndts_texs_incoming.json`: its labels, order and source). Each line is
//! written at completion ([`RegisterLine`], kept with the exchange), so a later edit of
//! the listing or of an organisation never changes a line already recorded.
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::csv_export::{Cell, CsvExport};
use crate::domain::error::DomainError;
use crate::domain::soil::{Parcel, RegisterDetails};

const FILE: &str = include_str!("../../reference/rndts_texs_incoming.json");

#[derive(Debug, Deserialize)]
struct Column {
    key: String,
    label: String,
}

/// How far back the national service takes a line (its source is beside it in the file).
#[derive(Debug, Deserialize)]
struct ReceptionWindow {
    months: u32,
}

#[derive(Debug, Deserialize)]
struct Columns {
    columns: Vec<Column>,
    reception_window: ReceptionWindow,
}

static COLUMNS: LazyLock<Columns> = LazyLock::new(|| {
    serde_json::from_str(FILE).expect("reference/rndts_texs_incoming.json is valid")
});

/// The reception dates the national service takes on a given day: it refuses a date in
/// the future, or on or before the same day 18 months back (it compares the date's
/// midnight with the moment of the import 18 months back, so that day is refused too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The oldest date taken.
    pub first: NaiveDate,
    /// Today.
    pub last: NaiveDate,
}

impl Window {
    pub fn on(today: NaiveDate) -> Self {
        let months = chrono::Months::new(COLUMNS.reception_window.months);
        let refused = today.checked_sub_months(months).unwrap_or(NaiveDate::MIN);
        Self {
            first: refused.succ_opt().unwrap_or(refused),
            last: today,
        }
    }

    pub fn months() -> u32 {
        COLUMNS.reception_window.months
    }

    /// Whether a line received on `date` (`YYYY-MM-DD`, as lines are written) is taken.
    pub fn takes(&self, date: &str) -> bool {
        NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok_and(|d| self.first <= d && d <= self.last)
    }

    /// The lines the service takes, and how many were left out.
    pub fn keep(&self, lines: Vec<(String, RegisterLine)>) -> (Vec<(String, RegisterLine)>, usize) {
        let before = lines.len();
        let kept: Vec<_> = lines
            .into_iter()
            .filter(|(_, line)| self.takes(&line.reception_date))
            .collect();
        let left_out = before - kept.len();
        (kept, left_out)
    }
}

/// A French establishment as the register names one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Establishment {
    pub siret: Option<String>,
    pub name: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
}

/// Everything a register line says, recorded at completion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterLine {
    pub description: String,
    /// With its `*` when hazardous, spaced as the List of Waste writes it.
    pub waste_code: String,
    pub hazardous: bool,
    pub pop: bool,
    pub acceptance_reference: Option<String>,
    pub reception_date: String,
    pub tonnes: f64,
    pub weighed: bool,
    pub parcels: Vec<Parcel>,
    /// Where the material was taken, standing for the parcels when none are given.
    pub latitude: f64,
    pub longitude: f64,
    /// The holder: the initial producer and the sender.
    pub holder: Establishment,
    /// The listing's site.
    pub pickup: Establishment,
    pub details: RegisterDetails,
}

fn yes_no(value: bool) -> String {
    if value { "OUI" } else { "NON" }.to_owned()
}

fn establishment(
    values: &mut HashMap<&'static str, String>,
    prefix: &'static [&'static str; 7],
    who: &Establishment,
) {
    let [kind, id, name, address, postal_code, city, country] = *prefix;
    if who.siret.is_some() {
        values.insert(kind, "ETABLISSEMENT_FR".into());
    }
    values.insert(id, who.siret.clone().unwrap_or_default());
    values.insert(name, who.name.clone());
    values.insert(address, who.address.clone());
    values.insert(postal_code, who.postal_code.clone());
    values.insert(city, who.city.clone());
    values.insert(country, "FR".into());
}

const INITIAL_EMITTER: [&str; 7] = [
    "initialEmitterCompanyType",
    "initialEmitterCompanyOrgId",
    "initialEmitterCompanyName",
    "initialEmitterCompanyAddress",
    "initialEmitterCompanyPostalCode",
    "initialEmitterCompanyCity",
    "initialEmitterCompanyCountryCode",
];
const EMITTER: [&str; 7] = [
    "emitterCompanyType",
    "emitterCompanyOrgId",
    "emitterCompanyName",
    "emitterCompanyAddress",
    "emitterCompanyPostalCode",
    "emitterCompanyCity",
    "emitterCompanyCountryCode",
];

/// The line's values by column key; the columns it leaves out stay empty.
fn values(id: &str, receiver_siret: &str, line: &RegisterLine) -> HashMap<&'static str, String> {
    let mut v: HashMap<&'static str, String> = HashMap::new();
    v.insert("publicId", id.to_owned());
    v.insert("reportForCompanySiret", receiver_siret.to_owned());
    v.insert("wasteDescription", line.description.clone());
    v.insert("wasteCode", line.waste_code.clone());
    v.insert("wastePop", yes_no(line.pop));
    v.insert("wasteIsDangerous", yes_no(line.hazardous));
    v.insert(
        "wasteDap",
        line.acceptance_reference.clone().unwrap_or_default(),
    );
    v.insert("receptionDate", line.reception_date.clone());
    v.insert("weightValue", format!("{:.3}", line.tonnes));
    let weight = if line.weighed { "REEL" } else { "ESTIME" };
    v.insert("weightIsEstimate", weight.into());
    if let Some(volume) = line.details.volume_m3 {
        v.insert("volume", format!("{volume:.3}"));
    }
    if line.parcels.is_empty() {
        let at = format!("{:.6} {:.6}", line.latitude, line.longitude);
        v.insert("parcelCoordinates", at);
    } else {
        let join =
            |f: fn(&Parcel) -> &str| line.parcels.iter().map(f).collect::<Vec<_>>().join(",");
        v.insert("parcelInseeCodes", join(|p| &p.insee_code));
        v.insert("parcelNumbers", join(|p| &p.number));
    }
    establishment(&mut v, &INITIAL_EMITTER, &line.holder);
    establishment(&mut v, &EMITTER, &line.holder);
    v.insert("emitterPickupSiteName", line.pickup.name.clone());
    v.insert("emitterPickupSiteAddress", line.pickup.address.clone());
    v.insert(
        "emitterPickupSitePostalCode",
        line.pickup.postal_code.clone(),
    );
    v.insert("emitterPickupSiteCity", line.pickup.city.clone());
    v.insert("emitterPickupSiteCountryCode", "FR".into());
    if let Some(code) = line.details.operation_code {
        v.insert("operationCode", code.as_str().into());
    }
    if let Some(mode) = line.details.operation_mode {
        v.insert("operationMode", mode.as_str().into());
    }
    match &line.details.transporter {
        None => {
            v.insert("isDirectSupply", yes_no(true));
        }
        Some(t) => {
            v.insert("isDirectSupply", yes_no(false));
            v.insert("transporter1TransportMode", "ROUTE".into());
            v.insert("transporter1CompanyType", "ETABLISSEMENT_FR".into());
            v.insert("transporter1CompanyOrgId", t.siret.clone());
            v.insert("transporter1CompanyName", t.name.clone());
            v.insert("transporter1CompanyAddress", t.address.clone());
            v.insert("transporter1CompanyPostalCode", t.postal_code.clone());
            v.insert("transporter1CompanyCity", t.city.clone());
            v.insert("transporter1CompanyCountryCode", "FR".into());
            let exempted = t.receipt_number.is_none();
            v.insert("transporter1RecepisseIsExempted", yes_no(exempted));
            v.insert(
                "transporter1RecepisseNumber",
                t.receipt_number.clone().unwrap_or_default(),
            );
        }
    }
    v
}

/// The columns Terril fills from numbers (tonnes, m³, and "lat lon" when a line has no
/// parcels): figures, which keep their sign; every other column is text, neutralised
/// when it starts like a formula (most are typed by the other party: the listing's title
/// and DAP, the holder's and the transporter's names and addresses).
const FIGURES: [&str; 3] = ["weightValue", "volume", "parcelCoordinates"];

/// The receiver's lines (`lines`: reservation id and line) as the import's CSV:
/// semicolons, UTF-8, the service's labels in its order.
pub fn csv(receiver_siret: &str, lines: &[(String, RegisterLine)]) -> Result<String, DomainError> {
    let columns = &COLUMNS.columns;
    let mut export = CsvExport::new(b';');
    export.header(columns.iter().map(|c| c.label.as_str()))?;
    for (id, line) in lines {
        let values = values(id, receiver_siret, line);
        export.row(columns.iter().map(|c| {
            let value = values.get(c.key.as_str()).map_or("", String::as_str);
            if FIGURES.contains(&c.key.as_str()) {
                Cell::Figure(value)
            } else {
                Cell::Text(value)
            }
        }))?;
    }
    export.into_text()
}

/// The column labels, in order (for tests and the docs).
pub fn labels() -> Vec<&'static str> {
    COLUMNS.columns.iter().map(|c| c.label.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::soil::Transporter;

    fn line() -> RegisterLine {
        let holder = Establishment {
            siret: Some("12002701600357".into()),
            name: "Dragage Nord".into(),
            address: "1 quai".into(),
            postal_code: "59000".into(),
            city: "Lille".into(),
        };
        RegisterLine {
            description: "Sédiments de curage".into(),
            waste_code: "17 05 06".into(),
            hazardous: false,
            pop: false,
            acceptance_reference: Some("DAP-1".into()),
            reception_date: "2026-12-03".into(),
            tonnes: 12.5,
            weighed: true,
            parcels: Vec::new(),
            latitude: 50.17,
            longitude: 3.23,
            holder: holder.clone(),
            pickup: holder,
            details: RegisterDetails {
                transporter: Some(Default::default()),
                volume_m3: Some(8.0),
                ..Default::default()
            },
        }
    }

    #[test]
    fn the_window_runs_from_the_day_after_18_months_back_to_today() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let window = Window::on(day(2026, 12, 8));
        assert_eq!(window.first, day(2025, 6, 9));
        assert!(!window.takes("2025-06-08") && window.takes("2025-06-09"));
        assert!(window.takes("2026-12-08") && !window.takes("2026-12-09"));
        assert!(!window.takes("not a date"));
        // 18 months before 31 August is the end of February.
        assert_eq!(Window::on(day(2026, 8, 31)).first, day(2025, 3, 1));
        // No day 18 months back is a 31 December (there is no 31 June): on 30 June, 31
        // December is the first day taken.
        assert_eq!(Window::on(day(2026, 6, 30)).first, day(2024, 12, 31));
        let mut old = line();
        old.reception_date = "2025-06-08".into();
        let (kept, left_out) = window.keep(vec![("a".into(), old), ("b".into(), line())]);
        assert_eq!((kept.len(), left_out, kept[0].0.as_str()), (1, 1, "b"));
    }

    #[test]
    fn every_key_written_is_a_column_of_the_register() {
        let keys: Vec<&str> = COLUMNS.columns.iter().map(|c| c.key.as_str()).collect();
        for key in values("id", "12002701600357", &line()).keys() {
            assert!(keys.contains(key), "{key} is not a register column");
        }
        for key in FIGURES {
            assert!(keys.contains(&key), "{key} is not a register column");
        }
        assert_eq!(keys.len(), 107);
    }

    #[test]
    fn cells_the_other_party_typed_cannot_be_formulas_and_coordinates_keep_their_sign() {
        let mut line = line();
        line.description = "=HYPERLINK(\"http://evil.example\")".into();
        line.acceptance_reference = Some("+1+1".into());
        line.holder.name = "-2+3".into();
        line.pickup.name = "@SUM(A1)".into();
        // La Réunion: a latitude below the equator starts the coordinates with a minus.
        (line.latitude, line.longitude) = (-21.1151, 55.5364);
        line.details.transporter = Some(Transporter {
            siret: "12002701600357".into(),
            name: "=cmd".into(),
            address: "\t=1".into(),
            postal_code: "97400".into(),
            city: "-Saint-Denis".into(),
            receipt_number: Some("@TR".into()),
        });
        let text = csv("12002701600357", &[("id-1".into(), line)]).unwrap();
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.as_bytes());
        let header = reader.headers().unwrap().clone();
        let row = reader.records().next().unwrap().unwrap();
        let cell = |label: &str| {
            let at = header.iter().position(|h| h == label).expect(label);
            row[at].to_owned()
        };
        for (label, expected) in [
            (
                "Dénomination usuelle des terres et sédiments ou des déchets",
                "'=HYPERLINK(\"http://evil.example\")",
            ),
            ("DAP", "'+1+1"),
            ("Raison sociale de l'expéditeur ou détenteur", "'-2+3"),
            ("Raison sociale du producteur initial", "'-2+3"),
            (
                "Référence du chantier ou du lieu de collecte de l'expéditeur",
                "'@SUM(A1)",
            ),
            ("Raison sociale du transporteur n°1", "'=cmd"),
            ("Libellé de l'adresse du transporteur n°1", "'\t=1"),
            ("Commune du transporteur n°1", "'-Saint-Denis"),
            ("Numéro de récépissé du transporteur n°1", "'@TR"),
            ("Coordonnées des parcelles", "-21.115100 55.536400"),
            ("Poids en tonnes", "12.500"),
            ("Volume en M3", "8.000"),
        ] {
            assert_eq!(cell(label), expected, "{label}");
        }
    }
}
