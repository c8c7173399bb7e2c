//! Decoding uploads in bounded memory: each upload is checked from its header at once
//! (a huge one is refused without waiting its turn), then at most
//! `photos.decodes_at_once` are decoded together on an instance, on the blocking threads;
//! the others wait their turn, in a file (see `upload`), for `photos.decode_wait_secs` at
//! most. An instance's decoding memory is so bounded by that count times the largest
//! accepted image, whatever arrives at once.
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::sync::Semaphore;

use super::images::{self, Bounds, Prepared};
use super::upload::Upload;
use super::PhotoSettings;
use crate::domain::error::DomainError;

pub struct Decoding {
    turns: Semaphore,
    wait: Duration,
    bounds: Bounds,
    /// Where uploads wait (unnamed files): the data folder, a disk where `/tmp` may be
    /// memory (tmpfs).
    folder: PathBuf,
}

impl Decoding {
    pub fn from_settings(settings: &PhotoSettings, data_folder: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(data_folder)?;
        Ok(Self {
            turns: Semaphore::new(settings.decodes_at_once.get()),
            wait: Duration::from_secs(settings.decode_wait_secs),
            bounds: Bounds {
                max_pixels: settings.max_pixels.get(),
            },
            folder: data_folder.to_owned(),
        })
    }

    /// A new upload to write the body into, for [`Decoding::prepare`].
    pub fn upload(&self) -> Upload {
        Upload::new_in(&self.folder)
    }

    /// The images to keep of `upload` (see [`images::prepare`]); [`DomainError::Busy`]
    /// when no turn came within the wait.
    #[tracing::instrument(skip_all, fields(bytes = upload.len()))]
    pub async fn prepare(&self, mut upload: Upload) -> Result<Prepared, DomainError> {
        let bounds = self.bounds;
        // On this thread: a header is a few KB, read as the body was written.
        images::inspect(&mut upload, bounds)?;
        let _turn = tokio::time::timeout(self.wait, self.turns.acquire())
            .await
            .map_err(|_| {
                tracing::warn!("no turn to decode a photo came in time");
                DomainError::Busy
            })?
            .map_err(DomainError::internal)?;
        tokio::task::spawn_blocking(move || images::prepare(upload, bounds))
            .await
            .map_err(DomainError::internal)?
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;

    use super::*;

    fn png() -> Upload {
        let mut out = std::io::Cursor::new(Vec::new());
        let picture = image::DynamicImage::ImageRgb8(image::RgbImage::new(64, 48));
        picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
        Upload::from(&out.into_inner()[..])
    }

    #[tokio::test]
    async fn an_upload_that_gets_no_turn_in_time_is_told_to_come_back() {
        let settings = PhotoSettings {
            decodes_at_once: NonZeroUsize::new(1).unwrap(),
            decode_wait_secs: 0,
            ..PhotoSettings::default()
        };
        let folder = tempfile::tempdir().unwrap();
        let decoding = Decoding::from_settings(&settings, folder.path()).unwrap();
        let taken = decoding.turns.acquire().await.unwrap();
        let refused = decoding.prepare(png()).await;
        assert!(
            matches!(refused, Err(DomainError::Busy)),
            "{:?}",
            refused.err()
        );
        drop(taken);
        let prepared = decoding.prepare(png()).await.unwrap();
        assert_eq!((prepared.width, prepared.height), (64, 48));
    }
}
