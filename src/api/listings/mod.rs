//! Listings: surplus material posted by holders. The input and its checks are
//! `posts::listing`, the operations `posts::Posts`, the JSON shapes `views::posts`.
pub mod ask;
pub mod create;
pub mod import;
pub mod photos;
pub mod search;
pub mod update;
