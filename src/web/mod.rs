//! The web pages for people, served by the same binary at the root of the same origin as
//! the API: rendered on the server, usable without JavaScript, in French and English.
//! People sign in with a session cookie; every form that changes something carries a
//! CSRF token. Pages call the same operations as the API's handlers.
pub mod assets;
#[cfg(test)]
mod codes_tests;
pub mod csrf;
pub mod files_form;
pub mod flash;
pub mod forms;
pub mod i18n;
pub mod middleware;
pub mod pages;
pub mod render;
pub mod resend;
pub mod table;
pub mod visitor;

pub use crate::configuration::web::{MapSettings, WebSettings};
pub use render::Pages;
pub use visitor::Visitor;
