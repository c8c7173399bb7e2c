//! Short-lived access tokens (HS256). One audience per token purpose: these are API access
//! tokens only; anything else signed with the same secret is rejected by audience.
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::configuration::Settings;
use crate::domain::error::DomainError;
use crate::domain::{OrganisationId, Role, UserId};

pub const ISSUER: &str = "terril";
pub const ACCESS_AUDIENCE: &str = "terril-api";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The user id.
    pub sub: UserId,
    pub org: OrganisationId,
    pub role: Role,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_secs: i64,
}

impl JwtKeys {
    pub fn from_settings(settings: &Settings) -> Self {
        let secret = settings.jwt_secret_bytes();
        // Only HS256 is accepted: `alg: none` and algorithm swaps fail validation.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[ACCESS_AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        Self {
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
            validation,
            ttl_secs: settings.access_token_ttl_secs,
        }
    }

    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }

    pub fn issue(
        &self,
        user_id: &UserId,
        organisation_id: &OrganisationId,
        role: Role,
    ) -> Result<String, DomainError> {
        let now = chrono::Utc::now().timestamp();
        let claims = AccessClaims {
            iss: ISSUER.into(),
            aud: ACCESS_AUDIENCE.into(),
            sub: user_id.clone(),
            org: organisation_id.clone(),
            role,
            iat: now,
            nbf: now,
            exp: now + self.ttl_secs,
            jti: uuid::Uuid::new_v4().to_string(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(DomainError::internal)
    }

    /// Any failure (signature, expiry, audience, algorithm) is simply "not a valid token";
    /// the reason goes to the debug log only.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, jsonwebtoken::errors::Error> {
        decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| {
                tracing::debug!(reason = %e, "access token rejected");
                e
            })
    }
}
