//! A listing's photo as the API and the listing page show it.
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::utc;
use crate::db::listing_photos::ListingPhoto;
use crate::domain::{ListingId, PhotoId};

#[derive(Serialize)]
pub struct PhotoView {
    pub id: PhotoId,
    pub listing_id: ListingId,
    pub width: i32,
    pub height: i32,
    /// The photo (JPEG, at most 2048 px a side), a path on this service.
    pub url: String,
    /// Its thumbnail (at most 400 px a side).
    pub thumbnail_url: String,
    pub created_at: DateTime<Utc>,
}

impl From<ListingPhoto> for PhotoView {
    fn from(photo: ListingPhoto) -> Self {
        Self {
            url: format!("/api/v1/photos/{}/full.jpg", photo.id),
            thumbnail_url: format!("/api/v1/photos/{}/thumb.jpg", photo.id),
            id: photo.id,
            listing_id: photo.listing_id,
            width: photo.width,
            height: photo.height,
            created_at: utc(photo.created_at),
        }
    }
}
