//! `[photos]`: where the photos are kept, and the bounds on decoding them.
//! Variables: `TERRIL_PHOTOS__STORE`, `…__FOLDER`, `…__S3__*`, `…__MAX_PIXELS`,
//! `…__DECODES_AT_ONCE`, `…__DECODE_WAIT_SECS`.
use std::num::{NonZeroU64, NonZeroUsize};

use secrecy::SecretString;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    /// A folder: `photos.folder`, else `<data folder>/photos`. One machine, or a shared mount.
    #[default]
    Folder,
    /// S3-compatible object storage (`photos.s3`): for several instances.
    S3,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct PhotoSettings {
    pub store: StoreKind,
    pub folder: Option<String>,
    pub s3: S3Settings,
    /// The most pixels (width × height) an upload may have: read from its header and
    /// refused before it is decoded, since a small file can claim a huge image. A decoded
    /// image takes 3 to 4 bytes a pixel (8 for 16-bit PNGs, refused past `max_pixels` × 4 bytes).
    pub max_pixels: NonZeroU64,
    /// How many uploads one instance decodes at once; the others wait their turn (in a
    /// file, not in memory). Each decode of an image at `max_pixels` holds up to about
    /// 7 bytes a pixel (170 MB at 24 million pixels for a progressive JPEG): one at a time
    /// kept 16 such uploads sent at once under 300 MB, two reached 458 MB.
    pub decodes_at_once: NonZeroUsize,
    /// How long an upload waits for its turn before it is answered 503.
    pub decode_wait_secs: u64,
}

impl Default for PhotoSettings {
    fn default() -> Self {
        Self {
            store: StoreKind::default(),
            folder: None,
            s3: S3Settings::default(),
            max_pixels: NonZeroU64::new(24_000_000).expect("not zero"),
            decodes_at_once: NonZeroUsize::new(1).expect("not zero"),
            decode_wait_secs: 20,
        }
    }
}

/// The bucket and its credentials (`TERRIL_PHOTOS__S3__*`). The secret is never logged.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct S3Settings {
    pub bucket: String,
    /// For a service other than AWS (MinIO, Garage, Scaleway, OVH...): its URL.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: Option<SecretString>,
    /// Allow an `http://` endpoint (a local service); https otherwise.
    pub allow_http: bool,
}

impl Default for S3Settings {
    fn default() -> Self {
        Self {
            bucket: String::new(),
            endpoint: None,
            region: "us-east-1".into(),
            access_key_id: String::new(),
            secret_access_key: None,
            allow_http: false,
        }
    }
}
