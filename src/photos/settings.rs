//! `[photos]`: where the photos are kept.
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

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct PhotoSettings {
    pub store: StoreKind,
    pub folder: Option<String>,
    pub s3: S3Settings,
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
