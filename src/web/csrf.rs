//! Forms that change something carry a token the server can check and another site cannot
//! know: an HMAC of the visitor's browser id (an HttpOnly cookie another site can neither
//! read nor send with a cross-site POST, being SameSite=Lax). A "signed double submit" in
//! OWASP's words; nothing is stored.
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The key the tokens are signed with, derived from the server's secret.
#[derive(Clone)]
pub struct CsrfKey([u8; 32]);

impl CsrfKey {
    pub fn derive(server_secret: &[u8]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"terril web forms\0");
        hasher.update(server_secret);
        Self(hasher.finalize().into())
    }

    fn mac(&self, browser_id: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        mac.update(browser_id.as_bytes());
        mac
    }

    /// The token of the forms shown to this browser.
    pub fn token(&self, browser_id: &str) -> String {
        let digest = self.mac(browser_id).finalize().into_bytes();
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Whether `submitted` is this browser's token (compared in constant time).
    pub fn check(&self, browser_id: &str, submitted: &str) -> bool {
        let Some(bytes) = decode_hex(submitted) else {
            return false;
        };
        self.mac(browser_id).verify_slice(&bytes).is_ok()
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    (0..64)
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_good_for_its_browser_only() {
        let key = CsrfKey::derive(b"secret");
        let token = key.token("browser-a");
        assert!(key.check("browser-a", &token));
        assert!(!key.check("browser-b", &token));
        assert!(!key.check("browser-a", ""));
        assert!(!key.check("browser-a", &token[..63]));
        assert!(!CsrfKey::derive(b"other").check("browser-a", &token));
    }
}
