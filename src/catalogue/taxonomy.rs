//! The material taxonomy and the European List of Waste codes, shipped in `reference/` and
//! embedded in the binary. They are held in memory for lookups and searches, and upserted
//! into the database at start-up so posts can reference them by foreign key.
use std::collections::HashMap;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::db::reference::{MaterialClassRow, WasteCodeRow};
use crate::db::DbConnection;
use crate::domain::{Language, Unit};

const MATERIALS_JSON: &str = include_str!("../../reference/materials.json");
const WASTE_CODES_JSON: &str = include_str!("../../reference/waste_codes.json");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialClass {
    pub code: String,
    pub parent: Option<String>,
    pub name_fr: String,
    pub name_en: String,
    pub default_unit: String,
    pub units: Vec<String>,
    /// From `reference/impact_factors.json`, where a source gives one.
    #[serde(skip)]
    pub density_t_per_m3: Option<f64>,
    #[serde(skip)]
    pub mass_per_piece_t: Option<f64>,
    pub waste_codes: Vec<String>,
    /// The new product's embodied carbon, from `reference/impact_factors.json` (none
    /// without a published source).
    #[serde(skip)]
    pub embodied_kgco2e_per_t: Option<f64>,
    /// The id of that factor's source.
    #[serde(skip)]
    pub carbon_source: Option<String>,
    /// The emissions of reusing it (reconditioning), where a source gives them.
    #[serde(skip)]
    pub reuse_kgco2e_per_t: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    pub title: String,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WasteCode {
    pub code: String,
    pub hazardous: bool,
    pub label_en: String,
    pub label_fr: String,
}

#[derive(Deserialize)]
struct MaterialsFile {
    classes: Vec<MaterialClass>,
}

#[derive(Deserialize)]
struct WasteCodesFile {
    codes: Vec<WasteCode>,
}

/// A class's place in the tree: classes are kept in pre-order, so a class and everything
/// below it are one contiguous range of indexes.
pub type ClassId = u16;

pub struct Taxonomy {
    classes: Vec<MaterialClass>,
    /// For each class, one past the index of its last descendant.
    subtree_end: Vec<ClassId>,
    by_code: HashMap<String, ClassId>,
    /// For each class, its group: itself for a root or a class just below a root, else
    /// its ancestor just below the root. Search indexes keep one tree per group.
    group_of: Vec<ClassId>,
    pub sources: HashMap<String, Source>,
    waste_codes: Vec<WasteCode>,
    waste_by_code: HashMap<String, usize>,
    /// Changes whenever the reference files change; used as the HTTP ETag.
    pub etag: String,
}

impl Taxonomy {
    pub fn load() -> anyhow::Result<Self> {
        let materials: MaterialsFile = serde_json::from_str(MATERIALS_JSON)?;
        let waste: WasteCodesFile = serde_json::from_str(WASTE_CODES_JSON)?;
        let factors = super::factors::Factors::current();
        let mut classes = preorder(materials.classes)?;
        for class in &mut classes {
            let factor = factors.embodied(&class.code);
            class.embodied_kgco2e_per_t = factor.map(|f| f.value);
            class.carbon_source = factor.map(|f| f.source.clone());
            class.reuse_kgco2e_per_t = factors.reuse_process(&class.code).map(|f| f.value);
            class.density_t_per_m3 = factors.densities.get(&class.code).map(|f| f.value);
            class.mass_per_piece_t = factors.piece_masses.get(&class.code).map(|f| f.value);
        }
        let sources = factors
            .sources
            .iter()
            .map(|(id, s)| {
                let source = Source {
                    title: s.document.clone(),
                    url: s.url.clone(),
                    note: Some(s.read_via.clone()),
                };
                (id.clone(), source)
            })
            .collect();
        let by_code: HashMap<String, ClassId> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), i as ClassId))
            .collect();
        let subtree_end = subtree_ends(&classes, &by_code);
        let group_of = groups(&classes, &by_code);
        let waste_by_code = waste
            .codes
            .iter()
            .enumerate()
            .map(|(i, w)| (w.code.clone(), i))
            .collect();
        let digest = Sha256::digest(format!(
            "{MATERIALS_JSON}{WASTE_CODES_JSON}{}",
            super::factors::FILE
        ));
        let taxonomy = Self {
            etag: format!(
                "\"{}\"",
                digest
                    .iter()
                    .take(8)
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            ),
            classes,
            subtree_end,
            group_of,
            by_code,
            sources,
            waste_codes: waste.codes,
            waste_by_code,
        };
        taxonomy.check()?;
        Ok(taxonomy)
    }

    /// Refuses reference data that the rest of the code relies on being consistent.
    fn check(&self) -> anyhow::Result<()> {
        for class in &self.classes {
            if !class.units.contains(&class.default_unit) {
                anyhow::bail!("{}: the default unit is not among its units", class.code);
            }
            if let Some(unit) = class.units.iter().find(|u| Unit::parse(u).is_none()) {
                anyhow::bail!("{}: unknown unit {unit}", class.code);
            }
            for code in &class.waste_codes {
                if self.waste_code(code.trim_end_matches('*')).is_none() {
                    anyhow::bail!("{}: unknown waste code {code}", class.code);
                }
            }
        }
        Ok(())
    }

    pub fn group_of(&self, class: ClassId) -> ClassId {
        self.group_of[class as usize]
    }

    /// The groups holding the classes of `range` (a class and its subclasses), ascending.
    pub fn groups_within(&self, range: std::ops::Range<ClassId>) -> Vec<ClassId> {
        let mut groups: Vec<ClassId> = range.map(|c| self.group_of(c)).collect();
        groups.dedup();
        groups
    }

    /// The number of classes, the bound of class and group ids.
    pub fn partitions(&self) -> u16 {
        self.classes.len() as u16
    }

    pub fn classes(&self) -> &[MaterialClass] {
        &self.classes
    }

    pub fn id_of(&self, code: &str) -> Option<ClassId> {
        self.by_code.get(code).copied()
    }

    pub fn class(&self, id: ClassId) -> &MaterialClass {
        &self.classes[id as usize]
    }

    pub fn get(&self, code: &str) -> Option<&MaterialClass> {
        self.id_of(code).map(|id| self.class(id))
    }

    /// The ids of `ancestor` and everything below it.
    pub fn subtree(&self, ancestor: ClassId) -> std::ops::Range<ClassId> {
        ancestor..self.subtree_end[ancestor as usize]
    }

    /// True when `class` is `ancestor` or below it.
    pub fn is_within(&self, class: ClassId, ancestor: ClassId) -> bool {
        self.subtree(ancestor).contains(&class)
    }

    /// The class, its parent, and so on up to its root.
    pub fn ancestors(&self, class: ClassId) -> Vec<ClassId> {
        let mut chain = vec![class];
        let mut current = class;
        while let Some(parent) = self
            .class(current)
            .parent
            .as_deref()
            .and_then(|p| self.id_of(p))
        {
            chain.push(parent);
            current = parent;
        }
        chain
    }

    /// 0 for a sector (`construction`), 1 for a family, and so on.
    pub fn depth(&self, class: ClassId) -> usize {
        self.class(class).code.matches('.').count()
    }

    pub fn waste_codes(&self) -> &[WasteCode] {
        &self.waste_codes
    }

    pub fn waste_code(&self, code: &str) -> Option<&WasteCode> {
        self.waste_by_code.get(code).map(|&i| &self.waste_codes[i])
    }

    /// A class may be counted in its own units or in any unit of a class below it (a need
    /// for "masonry" may be counted in pieces, as bricks are).
    pub fn allows(&self, id: ClassId, unit: Unit) -> bool {
        self.subtree(id)
            .any(|c| self.class(c).units.iter().any(|u| u == unit.as_str()))
    }

    /// Every unit usable with a class, for error messages.
    pub fn units_of(&self, id: ClassId) -> Vec<&str> {
        let mut units: Vec<&str> = self
            .subtree(id)
            .flat_map(|c| self.class(c).units.iter().map(String::as_str))
            .collect();
        units.sort_unstable();
        units.dedup();
        units
    }

    /// The quantity in tonnes, where a sourced factor says how heavy a unit of the class is.
    pub fn mass_in_tonnes(&self, class: &MaterialClass, quantity: f64, unit: Unit) -> Option<f64> {
        super::factors::Factors::current().mass_in_tonnes(&class.code, quantity, unit)
    }

    /// Loads the reference data and upserts it into `db` (what every command that writes
    /// posts does first).
    pub fn load_and_seed(db: &crate::db::Db) -> anyhow::Result<Self> {
        let taxonomy = Self::load()?;
        db.write_blocking(|conn| anyhow::Ok(taxonomy.seed(conn)?))?;
        Ok(taxonomy)
    }

    /// Upserts the reference rows: idempotent, parents before children.
    pub fn seed(&self, conn: &mut DbConnection) -> diesel::QueryResult<()> {
        for code in &self.waste_codes {
            WasteCodeRow {
                code: code.code.clone(),
                hazardous: code.hazardous,
                label_en: code.label_en.clone(),
                label_fr: code.label_fr.clone(),
            }
            .upsert(conn)?;
        }
        for class in &self.classes {
            MaterialClassRow {
                code: class.code.clone(),
                parent_code: class.parent.clone(),
                name_fr: class.name_fr.clone(),
                name_en: class.name_en.clone(),
                default_unit: class.default_unit.clone(),
                units: class.units.join(","),
                density_t_per_m3: class.density_t_per_m3,
                mass_per_piece_t: class.mass_per_piece_t,
                waste_codes: class.waste_codes.join(","),
                embodied_kgco2e_per_t: class.embodied_kgco2e_per_t,
                carbon_source: class.carbon_source.clone(),
            }
            .upsert(conn)?;
        }
        Ok(())
    }
}

impl MaterialClass {
    pub fn name(&self, language: Language) -> &str {
        match language {
            Language::Fr => &self.name_fr,
            Language::En => &self.name_en,
        }
    }
}

/// Orders classes depth-first (each parent followed by its whole subtree), keeping the
/// file's order among siblings.
fn preorder(classes: Vec<MaterialClass>) -> anyhow::Result<Vec<MaterialClass>> {
    let mut children: HashMap<Option<String>, Vec<MaterialClass>> = HashMap::new();
    let known: std::collections::HashSet<String> = classes.iter().map(|c| c.code.clone()).collect();
    let total = classes.len();
    for class in classes {
        if let Some(parent) = &class.parent {
            if !known.contains(parent) {
                anyhow::bail!("{}: unknown parent {parent}", class.code);
            }
        }
        children
            .entry(class.parent.clone())
            .or_default()
            .push(class);
    }
    let mut ordered = Vec::with_capacity(total);
    let mut stack: Vec<MaterialClass> = children
        .remove(&None)
        .unwrap_or_default()
        .into_iter()
        .rev()
        .collect();
    while let Some(class) = stack.pop() {
        if let Some(kids) = children.remove(&Some(class.code.clone())) {
            stack.extend(kids.into_iter().rev());
        }
        ordered.push(class);
    }
    if ordered.len() != total {
        anyhow::bail!("the taxonomy has a cycle or duplicate codes");
    }
    Ok(ordered)
}

fn groups(classes: &[MaterialClass], by_code: &HashMap<String, ClassId>) -> Vec<ClassId> {
    let mut group_of: Vec<ClassId> = Vec::with_capacity(classes.len());
    for (index, class) in classes.iter().enumerate() {
        let depth = class.code.matches('.').count();
        let group = match (&class.parent, depth) {
            (Some(parent), depth) if depth >= 2 => by_code
                .get(parent)
                .map_or(index as ClassId, |&p| group_of[p as usize]),
            _ => index as ClassId,
        };
        group_of.push(group);
    }
    group_of
}

fn subtree_ends(classes: &[MaterialClass], by_code: &HashMap<String, ClassId>) -> Vec<ClassId> {
    let mut ends: Vec<ClassId> = (1..=classes.len() as ClassId).collect();
    // Walking backwards, each class extends its parent's range to cover its own.
    for index in (0..classes.len()).rev() {
        if let Some(parent) = classes[index].parent.as_ref().and_then(|p| by_code.get(p)) {
            let end = ends[index];
            let parent_end = &mut ends[*parent as usize];
            *parent_end = (*parent_end).max(end);
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_reference_data_loads_and_subtrees_are_ranges() {
        let taxonomy = Taxonomy::load().unwrap();
        let construction = taxonomy.id_of("construction").unwrap();
        let bricks = taxonomy.id_of("construction.masonry.bricks").unwrap();
        let tiles = taxonomy.id_of("construction.roofing.clay_tiles").unwrap();
        let masonry = taxonomy.id_of("construction.masonry").unwrap();
        assert!(taxonomy.is_within(bricks, construction));
        assert!(taxonomy.is_within(bricks, masonry));
        assert!(!taxonomy.is_within(tiles, masonry));
        assert!(!taxonomy.is_within(construction, bricks));
        let textiles = taxonomy.id_of("textiles").unwrap();
        assert!(!taxonomy.is_within(bricks, textiles));
        assert!((80..=120).contains(&taxonomy.classes().len()));
        assert!(taxonomy.waste_code("17 05 05").unwrap().hazardous);
        assert!(!taxonomy.waste_code("17 01 02").unwrap().hazardous);
    }
}
