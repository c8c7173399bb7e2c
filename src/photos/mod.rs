//! Listing photos: each upload is checked by its content (JPEG, PNG or WebP, whatever its
//! name says) and by its size from its header, decoded within bounds and a few at a time
//! (`decoding`), turned upright, re-encoded as JPEG without any of its metadata (EXIF, GPS
//! position included), and stored with a thumbnail in the photo store: a folder by
//! default, or S3-compatible object storage that several instances share. The rows
//! (`listing_photos`) say which photos a listing has. A listing and its photos may also
//! be sent together, by the listing form (`with_listing`).
pub mod decoding;
pub mod images;
pub mod operations;
pub mod store;
pub mod upload;
pub mod with_listing;

pub use crate::configuration::photos::PhotoSettings;
pub use decoding::Decoding;
pub use store::PhotoStore;
pub use upload::Upload;

/// The most photos a listing has.
pub const MAX_PHOTOS_A_LISTING: u32 = 8;
/// The largest upload.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
