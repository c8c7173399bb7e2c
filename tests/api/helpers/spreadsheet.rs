//! Reading an export as a spreadsheet would: Python's csv module, each row an object of
//! its header's columns.
use std::collections::BTreeMap;

/// The rows of `text` (separated by `delimiter`; a byte-order mark is skipped).
pub fn python_rows(text: &str, delimiter: char) -> Vec<BTreeMap<String, String>> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.csv");
    std::fs::write(&file, text).unwrap();
    let script = format!(
        "import csv,json,sys\nrows=csv.DictReader(open(sys.argv[1],encoding='utf-8-sig',newline=''),delimiter='{delimiter}')\nprint(json.dumps(list(rows)))"
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script, file.to_str().unwrap()])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
