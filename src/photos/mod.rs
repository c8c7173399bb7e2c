//! Listing photos: each upload is checked by its content (JPEG, PNG or WebP, whatever its
//! name says), decoded within bounds, turned upright, re-encoded as JPEG without any of
//! its metadata (EXIF, GPS position included), and stored with a thumbnail in the photo
//! store: a folder by default, or S3-compatible object storage that several instances
//! share. The rows (`listing_photos`) say which photos a listing has.
pub mod images;
pub mod operations;
pub mod settings;
pub mod store;

pub use settings::PhotoSettings;
pub use store::PhotoStore;

/// The most photos a listing has.
pub const MAX_PHOTOS_A_LISTING: u32 = 8;
/// The largest upload.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
