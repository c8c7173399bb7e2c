//! Authentication: passwords, access tokens, opaque secrets, and the extractor that yields
//! the caller of a request.
pub mod jwt;
pub mod password;
pub mod tokens;
