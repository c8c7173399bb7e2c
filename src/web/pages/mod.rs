//! The page handlers, one file per part of the site. Like the API's, each parses the
//! request, calls the same operation the API calls, and renders: here a page or a redirect.
pub mod account;
pub mod api_keys;
pub mod ask;
pub mod assets;
pub mod home;
pub mod impact;
pub mod invitation;
pub mod language;
pub mod listing_form;
pub mod listings;
pub mod match_lot;
pub mod matches;
pub mod password;
pub mod photos;
pub mod posts;
pub mod receipt;
pub mod register;
pub mod search;
pub mod sign_in;
pub mod site;
pub mod verify_email;
pub mod wanted;
pub mod wanted_form;
