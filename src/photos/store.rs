//! The photo store: the same calls over a folder or an S3-compatible bucket
//! (the `object_store` crate).
use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use secrecy::ExposeSecret;

use crate::configuration::photos::{PhotoSettings, StoreKind};
use crate::domain::PhotoId;

/// The two images kept of each photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Full,
    Thumb,
}

impl Size {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "full.jpg" => Some(Size::Full),
            "thumb.jpg" => Some(Size::Thumb),
            _ => None,
        }
    }

    fn file(self) -> &'static str {
        match self {
            Size::Full => "full.jpg",
            Size::Thumb => "thumb.jpg",
        }
    }
}

#[derive(Clone)]
pub struct PhotoStore {
    inner: Arc<dyn ObjectStore>,
}

impl PhotoStore {
    pub fn from_settings(
        settings: &PhotoSettings,
        data_folder: &std::path::Path,
    ) -> anyhow::Result<Self> {
        let inner: Arc<dyn ObjectStore> = match settings.store {
            StoreKind::Folder => {
                let folder = settings
                    .folder
                    .as_ref()
                    .map(std::path::PathBuf::from)
                    .unwrap_or_else(|| data_folder.join("photos"));
                std::fs::create_dir_all(&folder)?;
                Arc::new(LocalFileSystem::new_with_prefix(&folder)?)
            }
            StoreKind::S3 => {
                let s3 = &settings.s3;
                let mut builder = AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(&s3.access_key_id)
                    .with_allow_http(s3.allow_http);
                if let Some(secret) = &s3.secret_access_key {
                    builder = builder.with_secret_access_key(secret.expose_secret());
                }
                if let Some(endpoint) = &s3.endpoint {
                    builder = builder.with_endpoint(endpoint);
                }
                Arc::new(builder.build()?)
            }
        };
        Ok(Self { inner })
    }

    fn path(id: &PhotoId, size: Size) -> Path {
        Path::from(format!("photos/{id}/{}", size.file()))
    }

    pub async fn put(&self, id: &PhotoId, size: Size, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.inner
            .put(&Self::path(id, size), PutPayload::from(bytes))
            .await?;
        Ok(())
    }

    pub async fn get(&self, id: &PhotoId, size: Size) -> anyhow::Result<actix_web::web::Bytes> {
        Ok(self.inner.get(&Self::path(id, size)).await?.bytes().await?)
    }

    /// Removes both images; one already gone is not an error.
    pub async fn delete(&self, id: &PhotoId) -> anyhow::Result<()> {
        for size in [Size::Full, Size::Thumb] {
            match self.inner.delete(&Self::path(id, size)).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(other) => return Err(other.into()),
            }
        }
        Ok(())
    }
}
