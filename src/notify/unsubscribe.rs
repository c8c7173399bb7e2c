//! Signed one-click unsubscribe tokens (RFC 8058 links). A token names a user and a kind
//! of email (or `digest`: every kind the user gets in the daily digest). It does not
//! expire: an unsubscribe link in an old email must still work. It is a JWT with its own
//! audience, so it is useless as an access token and an access token is useless here.
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::auth::jwt::ISSUER;
use crate::domain::error::DomainError;

const AUDIENCE: &str = "terril-unsubscribe";

/// The `kind` of a token that stops the daily digest.
pub const DIGEST: &str = "digest";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    sub: String,
    kind: String,
}

pub struct UnsubscribeTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl UnsubscribeTokens {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["aud", "iss", "sub"]);
        validation.validate_exp = false;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn sign(&self, user_id: &str, kind: &str) -> Result<String, DomainError> {
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user_id.into(),
            kind: kind.into(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(DomainError::internal)
    }

    /// (user id, kind) of a valid token.
    pub fn verify(&self, token: &str) -> Result<(String, String), DomainError> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| (data.claims.sub, data.claims.kind))
            .map_err(|_| DomainError::InvalidToken)
    }
}
