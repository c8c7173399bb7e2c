//! Parsed value types: once a request is turned into these, it is known to be valid.
pub mod actor;
pub mod error;
pub mod format;
pub mod ids;
pub mod json_input;
pub mod json_value;
pub mod pagination;
pub mod secret;
pub mod siret;
pub mod storage;
pub mod text;
pub mod validation;
pub mod validators;

pub use actor::Actor;
pub use ids::*;
pub use storage::StorageError;

use serde::{Deserialize, Serialize};

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize,
            diesel::AsExpression, diesel::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Reads a value stored by [`Self::as_str`].
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::domain::TextValue for $name {
            fn text(&self) -> &str {
                self.as_str()
            }

            fn from_text(text: String) -> Result<Self, String> {
                $name::parse(&text).ok_or_else(|| format!("{text:?} is not a {}", stringify!($name)))
            }
        }

        $crate::domain::text_column!($name);
    };
}

/// A value stored as text: what [`text_column!`] needs to map it to a `Text` column.
pub trait TextValue: Sized {
    fn text(&self) -> &str;
    fn from_text(text: String) -> Result<Self, String>;
}

/// Maps a [`TextValue`] to a `Text` column on every backend (both engines and the
/// `MultiConnection` over them).
macro_rules! text_column {
    ($name:ty) => {
        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                let text = $crate::domain::TextValue::text(self);
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, DB>>::to_sql(text, out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<
                                                                            diesel::sql_types::Text,
                                                                            DB,
                                                                        >>::from_sql(bytes)?;
                Ok(<$name as $crate::domain::TextValue>::from_text(text)?)
            }
        }
    };
}
pub(crate) use text_column;

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

string_enum!(
    /// The state a material is in, from best to worst.
    Condition {
        Unused => "unused",
        ReusableAsIs => "reusable_as_is",
        NeedsReconditioning => "needs_reconditioning",
        RecyclingOnly => "recycling_only",
    }
);

impl Condition {
    /// Higher is better: a taker's worst acceptable condition is a lower bound.
    pub fn rank(self) -> u8 {
        match self {
            Condition::Unused => 3,
            Condition::ReusableAsIs => 2,
            Condition::NeedsReconditioning => 1,
            Condition::RecyclingOnly => 0,
        }
    }
}

string_enum!(
    /// Units a quantity may be given in.
    Unit { Tonne => "t", Kilogram => "kg", CubicMetre => "m3", SquareMetre => "m2", Metre => "m", Piece => "piece" }
);

string_enum!(
    /// The life cycle of a listing or a wanted request.
    PostStatus {
        Draft => "draft",
        Published => "published",
        Reserved => "reserved",
        Exhausted => "exhausted",
        Withdrawn => "withdrawn",
        Expired => "expired",
    }
);

impl PostStatus {
    /// Statuses in which a post is public and found by searches.
    pub const VISIBLE: [PostStatus; 2] = [PostStatus::Published, PostStatus::Reserved];

    pub fn is_visible(self) -> bool {
        matches!(self, PostStatus::Published | PostStatus::Reserved)
    }

    /// Whether anyone may see a post in this status (its page, its photos): the visible
    /// ones and exhausted ones; drafts, withdrawn and expired posts are their owner's only.
    pub fn is_public(self) -> bool {
        self.is_visible() || self == PostStatus::Exhausted
    }
}

string_enum!(
    /// The kinds of email a user chooses a delivery mode for.
    NotificationKind {
        MatchFound => "match_found",
        ReservationRequested => "reservation_requested",
        ReservationConfirmed => "reservation_confirmed",
        ReservationRefused => "reservation_refused",
        ReservationCancelled => "reservation_cancelled",
        SavedSearchHit => "saved_search_hit",
        MessageReceived => "message_received",
    }
);

string_enum!(
    /// How a user wants a kind of email: at once, grouped in one email a day, or not at all.
    NotificationMode { Immediate => "immediate", Digest => "digest", Never => "never" }
);

string_enum!(
    /// The life cycle of a reservation (see `exchange::transitions`).
    ReservationStatus {
        Requested => "requested",
        Confirmed => "confirmed",
        Refused => "refused",
        Cancelled => "cancelled",
        Completed => "completed",
    }
);

impl ReservationStatus {
    /// Statuses in which a reservation holds quantity that is not collected yet.
    pub const LIVE: [ReservationStatus; 2] =
        [ReservationStatus::Requested, ReservationStatus::Confirmed];
    /// Statuses in which a reservation holds or took quantity of its listing.
    pub const HOLDING: [ReservationStatus; 3] = [
        ReservationStatus::Requested,
        ReservationStatus::Confirmed,
        ReservationStatus::Completed,
    ];
}

string_enum!(
    /// A match is open while its pair fits, closed otherwise.
    MatchStatus { Open => "open", Closed => "closed" }
);

string_enum!(
    /// What one side of a match said of it.
    Interest { Pending => "pending", Interested => "interested", Declined => "declined" }
);

string_enum!(
    /// What a domain event tells of (the names webhooks and the change feed will carry).
    EventKind {
        ListingCreated => "listing.created",
        ListingPublished => "listing.published",
        ListingUpdated => "listing.updated",
        ListingWithdrawn => "listing.withdrawn",
        ListingExpired => "listing.expired",
        ListingExhausted => "listing.exhausted",
        WantedCreated => "wanted.created",
        WantedPublished => "wanted.published",
        WantedUpdated => "wanted.updated",
        WantedWithdrawn => "wanted.withdrawn",
        WantedExpired => "wanted.expired",
        MatchCreated => "match.created",
        MatchUpdated => "match.updated",
        MatchClosed => "match.closed",
        MatchReopened => "match.reopened",
        MatchMessagePosted => "match.message_posted",
        ReservationRequested => "reservation.requested",
        ReservationConfirmed => "reservation.confirmed",
        ReservationRefused => "reservation.refused",
        ReservationCancelled => "reservation.cancelled",
        ReservationCompleted => "reservation.completed",
        ReviewPosted => "review.posted",
    }
);

string_enum!(
    /// An entry of a match's history, as its two sides read it (`match_events.kind`).
    HistoryKind {
        Created => "created",
        Refreshed => "refreshed",
        Interested => "interested",
        Declined => "declined",
        Closed => "closed",
        Reopened => "reopened",
        ReservationRequested => "reservation_requested",
        ReservationConfirmed => "reservation_confirmed",
        ReservationRefused => "reservation_refused",
        ReservationCancelled => "reservation_cancelled",
        ReservationCompleted => "reservation_completed",
    }
);

impl HistoryKind {
    /// The domain event an entry of this kind is.
    pub fn event(self) -> EventKind {
        match self {
            HistoryKind::Created => EventKind::MatchCreated,
            HistoryKind::Refreshed | HistoryKind::Interested | HistoryKind::Declined => {
                EventKind::MatchUpdated
            }
            HistoryKind::Closed => EventKind::MatchClosed,
            HistoryKind::Reopened => EventKind::MatchReopened,
            HistoryKind::ReservationRequested => EventKind::ReservationRequested,
            HistoryKind::ReservationConfirmed => EventKind::ReservationConfirmed,
            HistoryKind::ReservationRefused => EventKind::ReservationRefused,
            HistoryKind::ReservationCancelled => EventKind::ReservationCancelled,
            HistoryKind::ReservationCompleted => EventKind::ReservationCompleted,
        }
    }
}

/// What happened to a post, whichever its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostChange {
    Created,
    Published,
    Updated,
    Withdrawn,
    Expired,
    Exhausted,
}

/// The post a match job is about: the job row stores its kind and the post's id as text,
/// and this is what reading them back yields (nothing, for a row Terril could not have
/// written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostRef {
    Listing(ListingId),
    Wanted(WantedId),
}

impl PostRef {
    /// The post of a `match_listing` or `match_wanted` job.
    pub fn of_match_job(kind: JobKind, subject_id: &str) -> Option<Self> {
        match kind {
            JobKind::MatchListing => ListingId::parse(subject_id).map(PostRef::Listing),
            JobKind::MatchWanted => WantedId::parse(subject_id).map(PostRef::Wanted),
            _ => None,
        }
    }
}

string_enum!(
    /// The kinds of background job (see `jobs`).
    JobKind {
        DeliverEmail => "deliver_email",
        MatchListing => "match_listing",
        MatchWanted => "match_wanted",
        ExpirePosts => "expire_posts",
        SendDigests => "send_digests",
        PurgeIdempotencyKeys => "purge_idempotency_keys",
        DeliverWebhook => "deliver_webhook",
        PurgeWebhookDeliveries => "purge_webhook_deliveries",
    }
);

string_enum!(
    /// Where a webhook delivery stands: attempts to come, received (a 2xx answer), out of
    /// attempts, or kept for an endpoint that was disabled.
    DeliveryStatus {
        Pending => "pending",
        Succeeded => "succeeded",
        Failed => "failed",
        Held => "held",
    }
);

string_enum!(
    /// Why a webhook endpoint is disabled: by one of its organisation's managers, or by
    /// Terril after its deliveries failed for days.
    DisabledReason { ByAdmin => "by_admin", Failing => "failing" }
);

string_enum!(
    /// Where a background job stands: waiting (or leased by a runner), or out of attempts.
    JobStatus { Queued => "queued", Dead => "dead" }
);

string_enum!(
    /// Where an email of the outbox stands.
    EmailStatus { Pending => "pending", Sent => "sent", Failed => "failed" }
);

string_enum!(
    /// The road vehicle that carried an exchange, by the classes freight factors are
    /// published for (`reference/impact_factors.json`).
    Vehicle {
        Van => "van",
        Rigid7To17 => "rigid_7_5_17",
        RigidOver17 => "rigid_over_17",
        Articulated => "articulated",
    }
);

string_enum!(
    /// The territories impact reports and open data are counted in, from the gazetteer.
    TerritoryLevel {
        Commune => "commune",
        Epci => "epci",
        Department => "department",
        Region => "region",
    }
);

pub mod soil;
