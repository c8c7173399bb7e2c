//! The pages' style sheet, scripts and images, embedded in the binary (`assets/pages/`, the
//! map library under `map/`, see scripts/vendor-map.sh), each with a digest of its content.
//! Pages name an asset with its digest (`/assets/terril.css?v=…`), so browsers may keep it
//! for a year and still see a new version at once; the digest is also its ETag.
use std::collections::HashMap;
use std::sync::LazyLock;

use include_dir::{include_dir, Dir, File};
use sha2::{Digest, Sha256};

static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/pages");

/// An asset and the digest of its content.
pub struct Asset {
    pub contents: &'static [u8],
    /// The first 16 hex digits of the SHA-256 of the content: enough to tell versions apart.
    pub digest: String,
}

static DIGESTS: LazyLock<HashMap<&'static str, Asset>> = LazyLock::new(|| {
    let mut found = HashMap::new();
    collect(&ASSETS, &mut found);
    found
});

fn collect(dir: &'static Dir<'static>, found: &mut HashMap<&'static str, Asset>) {
    for file in dir.files() {
        insert(file, found);
    }
    for sub in dir.dirs() {
        collect(sub, found);
    }
}

fn insert(file: &'static File<'static>, found: &mut HashMap<&'static str, Asset>) {
    let Some(path) = file.path().to_str() else {
        return;
    };
    let digest = Sha256::digest(file.contents());
    let digest: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    found.insert(
        path,
        Asset {
            contents: file.contents(),
            digest,
        },
    );
}

/// The asset at `path` (relative to `assets/pages/`), if there is one.
pub fn get(path: &str) -> Option<&'static Asset> {
    DIGESTS.get(path)
}

/// The URL pages give for an asset: with its digest, so that it can be cached for long.
/// An unknown name keeps its plain URL (and answers 404, as a test would see).
pub fn url(path: &str) -> String {
    match get(path) {
        Some(asset) => format!("/assets/{path}?v={}", asset.digest),
        None => format!("/assets/{path}"),
    }
}

/// The content type of an asset, from its name.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_asset_has_a_digest_and_a_versioned_url() {
        let css = super::get("terril.css").expect("the style sheet is embedded");
        assert_eq!(css.digest.len(), 16);
        assert_eq!(
            super::url("terril.css"),
            format!("/assets/terril.css?v={}", css.digest)
        );
        assert!(
            super::get("map/leaflet.js").is_some(),
            "sub-folders are read"
        );
        assert_eq!(super::url("nothing.css"), "/assets/nothing.css");
    }
}
