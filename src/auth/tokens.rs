//! Opaque secrets (refresh tokens, email links, API keys): random, shown once, stored hashed.
//! They carry 256 bits of entropy, so a fast hash (SHA-256) is enough to store them.
use sha2::{Digest, Sha256};

pub use crate::domain::secret::new_secret;

pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A short random string from an alphabet safe in URLs and headers.
pub fn random_alphanumeric(len: usize) -> String {
    use rand::distr::{Alphanumeric, SampleString};
    Alphanumeric.sample_string(&mut rand::rng(), len)
}
