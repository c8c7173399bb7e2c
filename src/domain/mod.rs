//! Parsed value types: once a request is turned into these, it is known to be valid.
pub mod siret;

use serde::{Deserialize, Serialize};

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Reads a value stored by [`Self::as_str`].
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

string_enum!(
    /// The language of emails and reference data.
    Language { Fr => "fr", En => "en" }
);

string_enum!(
    /// What an organisation does on Terril.
    OrganisationKind {
        Holder => "holder",
        Taker => "taker",
        HolderAndTaker => "holder_and_taker",
        Integrator => "integrator",
        PublicBody => "public_body",
    }
);

string_enum!(
    /// A user's role in their organisation.
    Role { Owner => "owner", Admin => "admin", Member => "member" }
);

string_enum!(
    /// What an API key may do: `read` for GET, `write` for everything else.
    Scope { Read => "read", Write => "write" }
);

impl Role {
    /// Owners and admins manage members and API keys.
    pub fn can_manage(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }
}

/// Email addresses are compared case-insensitively: stored trimmed and lower-cased.
pub fn normalise_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}
