//! The layers that every import follows (docs/architecture.md, "Layers"): each line of the
//! list may import only from the lines below it, and the units of one line do not import
//! each other in a circle. This test reads every `.rs` file under `src/`, finds every
//! `crate::` path (in `use` lines, grouped uses, expressions and the strings of attributes
//! such as `custom(function = "crate::...")` or `serialize_with = "crate::..."`) and every
//! `super::` path that leaves its unit, and fails, naming each file:line, on one that runs
//! up. Comments, doc comments included, are not code and are not read.
//!
//! A unit is the first segment below `src/`: src/api/listings/create.rs is `api`,
//! src/changes.rs is `changes`. A new folder or file at the top of `src/` fails the test
//! until it is placed on a line of `LAYERS` (and of the list in docs/architecture.md).
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[path = "layering/scan.rs"]
mod scan;

/// How the units of one line may import each other.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Any way round, as long as no circle forms.
    Peers,
    /// Only rightwards, as the arrows say (`matching/ -> exchange/ -> notify/`).
    Chain,
}
use Order::{Chain, Peers};

/// The layer list, top first: the same lines and words as docs/architecture.md.
#[rustfmt::skip]
const LAYERS: &[(&[&str], Order, &str)] = &[
    (&["main", "cli", "app", "startup", "telemetry"], Peers,
     "assembly"),
    (&["api", "web", "jobs"], Peers,
     "the ways in: JSON handlers, pages, background work"),
    (&["http"], Peers,
     "AppState, Caller, ApiError, EdgeDb (db.read/write), JSON body extractors \
      (http::json_body::Json), rate limit, idempotency, metrics"),
    (&["posts", "accounts", "photos", "imports", "webhooks", "sites", "reviews", "changes"], Peers,
     "operations people and integrators ask for"),
    (&["views"], Peers,
     "public JSON shapes (views::utc, views::accounts::*) used by api/, web/ and webhooks/ \
      (so below webhooks/): built from db rows, domain values and catalogue data only"),
    (&["matching", "exchange", "notify"], Chain,
     "rules of matches and reservations; who is told what"),
    (&["catalogue", "impact", "events", "gazetteer", "auth", "limits"], Peers,
     "reference data, indexes, crypto, budgets"),
    (&["db"], Peers,
     "MultiConnection, pool, migrations, one model file per table"),
    (&["domain", "configuration"], Peers,
     "value types, ids, enums, errors (DomainError, FieldError, Conflict, StorageError), \
      Actor, validators; settings"),
];

/// src/lib.rs only declares the units; it stands above them all.
const CRATE_ROOT: &str = "lib";

/// Imports that no line allows, said out loud: the pages, bulk import and the webhooks call
/// each operation where it is owned, never an API handler; the API does not reach into the
/// pages either.
const NEVER: &[(&str, &str)] = &[
    ("web", "api"),
    ("imports", "api"),
    ("webhooks", "api"),
    ("api", "web"),
];

/// The edge's names, which nothing below `http` may use.
const EDGE_NAMES: &[&str] = &["ApiError", "AppState", "Caller", "EdgeDb"];

/// One path from one file to another unit.
struct Import {
    file: String,
    line: usize,
    from: String,
    to: String,
    path: String,
}

impl Import {
    fn at(&self) -> String {
        format!(
            "{}:{}: {} -> {} ({})",
            self.file, self.line, self.from, self.to, self.path
        )
    }
}

/// The line of the list (0 at the top) and the place within it.
fn place(unit: &str) -> Option<(usize, usize)> {
    LAYERS.iter().enumerate().find_map(|(line, (units, _, _))| {
        units.iter().position(|u| *u == unit).map(|at| (line, at))
    })
}

#[test]
fn every_import_runs_down_the_layers() {
    let (imports, files) = imports_in_src();
    let mut problems = Vec::new();
    for unit in files.keys() {
        if unit != CRATE_ROOT && place(unit).is_none() {
            problems.push(format!(
                "src/{}: unit `{unit}` is not in the layer list: place it on a line of LAYERS in \
                 tests/layering.rs and of the list in docs/architecture.md",
                files[unit]
            ));
        }
    }
    for import in &imports {
        if let Some(why) = wrong(import) {
            problems.push(format!("{}: {why}", import.at()));
        }
    }
    problems.extend(circles(&imports));
    assert!(
        problems.is_empty(),
        "{} imports break the layers (each line imports only from the lines below it):\n{}\n\n{}",
        problems.len(),
        problems.join("\n"),
        layer_list()
    );
}

#[test]
fn nothing_below_http_names_the_edge() {
    let http = place("http").unwrap().0;
    let mut problems = Vec::new();
    for (file, unit, source) in sources() {
        if place(&unit).is_none_or(|(line, _)| line <= http) {
            continue;
        }
        for (line, name) in scan::identifiers(&source, EDGE_NAMES) {
            problems.push(format!("{file}:{line}: `{name}` below http/ ({unit})"));
        }
    }
    assert!(
        problems.is_empty(),
        "nothing below http/ may name {EDGE_NAMES:?}; the edge converts a DomainError instead:\n{}",
        problems.join("\n")
    );
}

/// The doc's list and this table name the same units on the same lines.
#[test]
fn the_architecture_doc_lists_the_same_layers() {
    let doc = std::fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let block: Vec<&str> = doc
        .split("```")
        .nth(1)
        .expect("docs/architecture.md opens with the layer list in a fenced block")
        .lines()
        .collect();
    let known: BTreeSet<&str> = LAYERS
        .iter()
        .flat_map(|(units, _, _)| units.iter().copied())
        .collect();
    let from_doc: Vec<Vec<String>> = block
        .iter()
        .filter(|line| !line.starts_with(' ') && !line.trim().is_empty())
        .map(|line| {
            line.split_whitespace()
                .filter(|word| *word != "->")
                .map(|word| word.trim_end_matches('/').trim_end_matches(".rs"))
                .take_while(|word| known.contains(word))
                .map(str::to_owned)
                .collect()
        })
        .collect();
    let from_table: Vec<Vec<String>> = LAYERS
        .iter()
        .map(|(units, _, _)| units.iter().map(|u| u.to_string()).collect())
        .collect();
    assert_eq!(
        from_doc, from_table,
        "docs/architecture.md and LAYERS disagree"
    );
}

/// Why an import breaks the layers, if it does.
fn wrong(import: &Import) -> Option<String> {
    let (from, to) = (import.from.as_str(), import.to.as_str());
    if from == CRATE_ROOT {
        return None;
    }
    let Some((to_line, to_at)) = place(to) else {
        return Some(format!("`{to}` is not in the layer list: place it"));
    };
    let (from_line, from_at) = place(from)?; // an unplaced file is reported once, above
    if NEVER.contains(&(from, to)) {
        return Some(format!("`{from}` may import nothing from `{to}`"));
    }
    if to_line < from_line {
        return Some(format!("runs up: {to} is above {from}"));
    }
    let chain = LAYERS[from_line].1 == Chain;
    if to_line == from_line && chain && to_at < from_at {
        return Some(format!("runs against the arrows: {to} comes before {from}"));
    }
    None
}

/// The circles among the units of one line (strongly connected sets of two or more), each
/// with the imports that close it.
fn circles(imports: &[Import]) -> Vec<String> {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for import in imports {
        let same_line = match (place(&import.from), place(&import.to)) {
            (Some((a, _)), Some((b, _))) => a == b,
            _ => false,
        };
        if same_line {
            edges.entry(&import.from).or_default().insert(&import.to);
        }
    }
    let mut reported = BTreeSet::new();
    let mut problems = Vec::new();
    for &start in edges.keys() {
        let set: BTreeSet<&str> = reach(&edges, start)
            .into_iter()
            .filter(|&other| reach(&edges, other).contains(start))
            .collect();
        if set.len() < 2 || !reported.insert(set.clone()) {
            continue;
        }
        let members: Vec<&str> = set.iter().copied().collect();
        problems.push(format!("a circle among {members:?} on one line:"));
        for import in imports {
            if set.contains(import.from.as_str()) && set.contains(import.to.as_str()) {
                problems.push(format!("  {}", import.at()));
            }
        }
    }
    problems
}

/// Every unit reachable from `start`, itself included.
fn reach<'a>(edges: &BTreeMap<&'a str, BTreeSet<&'a str>>, start: &'a str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::from([start]);
    let mut todo = vec![start];
    while let Some(unit) = todo.pop() {
        for &next in edges.get(unit).into_iter().flatten() {
            if seen.insert(next) {
                todo.push(next);
            }
        }
    }
    seen
}

fn layer_list() -> String {
    let lines: Vec<String> = LAYERS
        .iter()
        .map(|(units, order, says)| {
            let joint = if *order == Chain { " -> " } else { "  " };
            format!("  {:<58} {says}", units.join(joint))
        })
        .collect();
    format!("The layers, top first:\n{}", lines.join("\n"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every import from one unit to another, and each unit with one of its files (for the
/// message about an unplaced unit).
fn imports_in_src() -> (Vec<Import>, BTreeMap<String, String>) {
    let mut imports = Vec::new();
    let mut files = BTreeMap::new();
    for (file, unit, source) in sources() {
        let module = module_path(&file);
        let module: Vec<&str> = module.iter().map(String::as_str).collect();
        for mention in scan::mentions(&source, &module) {
            if mention.unit != unit {
                imports.push(Import {
                    file: file.clone(),
                    line: mention.line,
                    from: unit.clone(),
                    to: mention.unit,
                    path: mention.path,
                });
            }
        }
        files
            .entry(unit)
            .or_insert_with(|| file.trim_start_matches("src/").to_owned());
    }
    (imports, files)
}

/// Each `.rs` file under src/, sorted: its path from the project root, its unit, its text.
fn sources() -> Vec<(String, String, String)> {
    let src = root().join("src");
    let mut paths = Vec::new();
    walk(&src, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&src).unwrap();
            let unit = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let unit = unit.trim_end_matches(".rs").to_owned();
            let source = std::fs::read_to_string(&path).unwrap();
            (format!("src/{}", rel.display()), unit, source)
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The module a file holds: src/api/listings/create.rs is `api::listings::create`,
/// src/api/mod.rs is `api`, src/lib.rs and src/main.rs are the crate roots.
fn module_path(file: &str) -> Vec<String> {
    let rel = file.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

#[test]
fn a_file_is_in_the_module_its_path_names() {
    assert_eq!(
        module_path("src/api/listings/create.rs"),
        ["api", "listings", "create"]
    );
    assert_eq!(module_path("src/api/mod.rs"), ["api"]);
    assert_eq!(module_path("src/changes.rs"), ["changes"]);
    assert!(module_path("src/lib.rs").is_empty());
}

#[test]
fn the_rules_read_the_table() {
    let import = |from: &str, to: &str| Import {
        file: "src/x.rs".into(),
        line: 1,
        from: from.into(),
        to: to.into(),
        path: format!("crate::{to}"),
    };
    assert!(wrong(&import("api", "http")).is_none(), "down a line");
    assert!(wrong(&import("api", "jobs")).is_none(), "peers on one line");
    assert!(
        wrong(&import("matching", "notify")).is_none(),
        "along the arrows"
    );
    assert!(wrong(&import("lib", "api")).is_none(), "the crate root");
    assert!(wrong(&import("views", "posts"))
        .unwrap()
        .contains("runs up"));
    assert!(wrong(&import("notify", "exchange"))
        .unwrap()
        .contains("arrows"));
    assert!(wrong(&import("web", "api"))
        .unwrap()
        .contains("nothing from"));
    assert!(wrong(&import("domain", "search"))
        .unwrap()
        .contains("not in the layer list"));
    let circle = circles(&[import("catalogue", "impact"), import("impact", "catalogue")]);
    assert_eq!(circle.len(), 3, "{circle:?}");
    assert!(circles(&[import("api", "jobs"), import("jobs", "http")]).is_empty());
}
