//! Typed ids: a listing id cannot be passed where a match id is expected.
//!
//! Every id is a UUID stored as its hyphenated lower-case text (the `Text` columns of both
//! engines). Parsing is the only way to make one from outside, so a path segment or a body
//! field that is not a UUID never reaches a query: a path answers 404 like an unknown id, a
//! body answers a field error.
use serde::{Deserialize, Deserializer, Serialize};

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize,
            diesel::AsExpression, diesel::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A new id, ordered by creation time (UUID v7).
            pub fn generate() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }

            /// Reads a UUID in any of its text forms; `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                uuid::Uuid::try_parse(text).ok().map(Self::from_uuid)
            }

            pub fn from_uuid(id: uuid::Uuid) -> Self {
                Self(id.hyphenated().to_string())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidId;

            fn from_str(text: &str) -> Result<Self, InvalidId> {
                Self::parse(text).ok_or(InvalidId)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Self::parse(&text).ok_or_else(|| serde::de::Error::custom(InvalidId))
            }
        }

        /// Read access as text (for formatting, logs and the index's keys); making one
        /// from text goes through [`Self::parse`].
        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> Self {
                Self::from_uuid(id)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        // Rows written before ids were typed are UUIDs too; a row that is not one is read
        // as it is rather than failing the whole query.
        impl $crate::domain::TextValue for $name {
            fn text(&self) -> &str {
                &self.0
            }

            fn from_text(text: String) -> Result<Self, String> {
                Ok($name(text))
            }
        }

        $crate::domain::text_column!($name);
    };
}

/// A text that is not a UUID where an id was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an id: ids are UUIDs")]
pub struct InvalidId;

typed_id!(
    /// An organisation: a holder, a taker, an integrator or a public body.
    OrganisationId
);
typed_id!(
    /// A person with an account in an organisation.
    UserId
);
typed_id!(
    /// Surplus posted by a holder.
    ListingId
);
typed_id!(
    /// A need posted by a taker.
    WantedId
);
typed_id!(
    /// A pair of a listing and a wanted request that fit each other.
    MatchId
);
typed_id!(
    /// A taker's hold on part of a listing.
    ReservationId
);
typed_id!(
    /// A key an integrator's program signs in with.
    ApiKeyId
);
typed_id!(
    /// An open invitation into an organisation (a single-use token's row).
    InvitationId
);
typed_id!(
    /// A search a user asked to be told about.
    SavedSearchId
);
typed_id!(
    /// Where an organisation wants its webhooks sent.
    WebhookEndpointId
);
typed_id!(
    /// A message of a match's thread (its `match.message_posted` event has the same id).
    MessageId
);
typed_id!(
    /// A photo of a listing.
    PhotoId
);
typed_id!(
    /// A domain event (an entry of a match's history shares its entry's id).
    EventId
);

typed_id!(
    /// One event sent to one webhook endpoint; its `webhook-id`, the same on every attempt.
    WebhookDeliveryId
);

typed_id!(
    /// One attempt at a webhook delivery.
    WebhookAttemptId
);

typed_id!(
    /// A place of an organisation's address book (a depot, a works site).
    SiteId
);

typed_id!(
    /// One side's review of the other after a collection.
    ReviewId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_uuids_only_and_print_them_canonically() {
        let id = ListingId::parse("0192F3A4-5B6C-7D8E-9F00-112233445566").unwrap();
        assert_eq!(id.as_str(), "0192f3a4-5b6c-7d8e-9f00-112233445566");
        assert_eq!(ListingId::parse("' OR '1'='1"), None);
        assert_eq!(
            ListingId::parse("0192f3a4-5b6c-7d8e-9f00-112233445566\0"),
            None
        );
        assert_eq!(ListingId::parse(""), None);
    }

    #[test]
    fn ids_deserialize_from_json_strings_and_refuse_the_rest() {
        let id: MatchId = serde_json::from_str("\"0192f3a4-5b6c-7d8e-9f00-112233445566\"").unwrap();
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"0192f3a4-5b6c-7d8e-9f00-112233445566\""
        );
        assert!(serde_json::from_str::<MatchId>("\"listing-1\"").is_err());
        assert!(serde_json::from_str::<MatchId>("42").is_err());
    }
}
