//! The life cycle of a post (a listing or a wanted request): created as a draft or
//! published, edited, published again, withdrawn, expired. These are the rules; the
//! operations of `posts` (and bulk imports) call them inside their transaction.
//!
//! ```text
//! draft --publish--> published <--> reserved --> exhausted   (listings, by reservations)
//!   |                   |  \--window closes--> expired --publish--> published
//!   \-------------------+--withdraw--> withdrawn
//! ```
use chrono::{NaiveDate, NaiveDateTime};
use diesel::QueryResult;

use crate::catalogue::Catalogue;
use crate::db::jobs::Job;
use crate::db::listings::Listing;
use crate::db::wanted_requests::WantedRequest;
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError};
use crate::domain::Actor;
use crate::domain::StorageError;
use crate::domain::{JobKind, ListingId, OrganisationId, PostChange, PostStatus, WantedId};
use crate::events;
use crate::exchange::{reservations, Context};

/// What the life-cycle rules need of a listing or a wanted request.
pub trait PostRecord: Sized + Send + 'static {
    /// The kind of matching job for this type of post.
    const JOB_KIND: JobKind;
    /// The type of its id (`ListingId`, `WantedId`).
    type Id: std::ops::Deref<Target = str> + serde::de::DeserializeOwned + Clone + Send + 'static;
    fn id(&self) -> &Self::Id;
    /// Locks the row for the rest of the transaction (see `Listing::lock`).
    fn lock(conn: &mut DbConnection, id: &Self::Id) -> QueryResult<()>;
    fn find(conn: &mut DbConnection, id: &Self::Id) -> QueryResult<Option<Self>>;
    fn insert(&self, conn: &mut DbConnection) -> QueryResult<()>;
    fn save(&self, conn: &mut DbConnection) -> QueryResult<()>;
    /// Appends the domain event of `change` to this post.
    fn record(
        &self,
        conn: &mut DbConnection,
        change: PostChange,
        actor: &Actor,
        at: NaiveDateTime,
    ) -> QueryResult<()>;
    fn organisation_id(&self) -> &OrganisationId;
    fn status(&self) -> PostStatus;
    fn set_status(&mut self, status: PostStatus, at: NaiveDateTime);
    /// The time of the last change: every change of the row moves it, so it is the
    /// post's version (its `ETag`).
    fn updated_at(&self) -> NaiveDateTime;
    /// The last day of the availability (listing) or need (wanted) window.
    fn window_end(&self) -> Option<NaiveDate>;
    /// Brings the search index in line with the stored row.
    fn index(&self, catalogue: &Catalogue);
    /// Brings the status in line with what is held, once published again (a listing that
    /// expired with reservations waiting is `reserved`, not `published`).
    fn on_publish(&self, _conn: &mut DbConnection, _cx: &Context<'_>) -> Result<(), DomainError> {
        Ok(())
    }
    /// What an edit changes besides the owner's fields: a listing's available quantity is
    /// what its reservations do not hold of the new quantity (less than they hold is
    /// refused).
    fn on_edit(&mut self, _conn: &mut DbConnection) -> Result<(), DomainError> {
        Ok(())
    }
    /// What withdrawing the post undoes besides its matches (a listing's reservations).
    fn on_withdraw(
        &self,
        _conn: &mut DbConnection,
        _cx: &Context<'_>,
        _actor: &Actor,
    ) -> Result<(), DomainError> {
        Ok(())
    }
}

/// Statuses from which an owner may edit a post.
pub const EDITABLE: &[PostStatus] = &[
    PostStatus::Draft,
    PostStatus::Published,
    PostStatus::Expired,
];
const PUBLISHABLE: &[PostStatus] = &[PostStatus::Draft, PostStatus::Expired];
const WITHDRAWABLE: &[PostStatus] = &[
    PostStatus::Draft,
    PostStatus::Published,
    PostStatus::Reserved,
    PostStatus::Expired,
];

/// Stores a new post (a draft, or published at once), queued for matching when published.
pub fn create<P: PostRecord>(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    post: &P,
) -> Result<(), DomainError> {
    let published = post.status() == PostStatus::Published;
    if published {
        require_open_window(post, cx)?;
    }
    post.insert(conn).map_err(external_ref_clash)?;
    post.record(conn, PostChange::Created, actor, cx.at)?;
    if published {
        post.record(conn, PostChange::Published, actor, cx.at)?;
    }
    queue_matching(conn, post, cx.at)?;
    Ok(())
}

/// Replaces the owner's post with what `edit` makes of it; `edit` may refuse.
pub fn edit<P: PostRecord>(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    id: &P::Id,
    edit: impl FnOnce(&mut DbConnection, &mut P) -> Result<(), DomainError>,
) -> Result<P, DomainError> {
    let mut post: P = owned(conn, id, actor.organisation()?)?;
    require_status(post.status(), EDITABLE, "edited")?;
    edit(conn, &mut post)?;
    post.on_edit(conn)?;
    post.set_status(post.status(), cx.at);
    post.save(conn).map_err(external_ref_clash)?;
    post.record(conn, PostChange::Updated, actor, cx.at)?;
    queue_matching(conn, &post, cx.at)?;
    Ok(post)
}

/// Publishes a draft or an expired post whose window is still open.
pub fn publish<P: PostRecord>(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    id: &P::Id,
) -> Result<P, DomainError> {
    transition(conn, cx, actor, id, PUBLISHABLE, PostStatus::Published)
}

/// Withdraws a post: its matches close, a listing's waiting reservations are cancelled.
pub fn withdraw<P: PostRecord>(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    id: &P::Id,
) -> Result<P, DomainError> {
    transition(conn, cx, actor, id, WITHDRAWABLE, PostStatus::Withdrawn)
}

fn transition<P: PostRecord>(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    id: &P::Id,
    from: &[PostStatus],
    to: PostStatus,
) -> Result<P, DomainError> {
    let mut post: P = owned(conn, id, actor.organisation()?)?;
    let (action, change) = match to {
        PostStatus::Published => ("published", PostChange::Published),
        _ => ("withdrawn", PostChange::Withdrawn),
    };
    require_status(post.status(), from, action)?;
    if to == PostStatus::Published {
        require_open_window(&post, cx)?;
    }
    post.set_status(to, cx.at);
    post.save(conn)?;
    post.record(conn, change, actor, cx.at)?;
    match to {
        PostStatus::Withdrawn => post.on_withdraw(conn, cx, actor)?,
        PostStatus::Published => post.on_publish(conn, cx)?,
        _ => {}
    }
    let post = P::find(conn, post.id())?.ok_or(DomainError::NotFound)?;
    queue_matching(conn, &post, cx.at)?;
    Ok(post)
}

/// A post is published only while its window is open (today included).
fn require_open_window<P: PostRecord>(post: &P, cx: &Context<'_>) -> Result<(), DomainError> {
    if post.window_end().is_some_and(|end| end < cx.at.date()) {
        return Err(Conflict::WindowClosed.into());
    }
    Ok(())
}

/// The owner may do this to a post in this status, or it is an invalid transition.
pub fn require_status(
    status: PostStatus,
    allowed: &[PostStatus],
    action: &'static str,
) -> Result<(), DomainError> {
    if allowed.contains(&status) {
        Ok(())
    } else {
        Err(Conflict::InvalidTransition {
            current: status.as_str(),
            action,
        }
        .into())
    }
}

/// The one unique constraint on a post besides its id is (organisation, external_ref).
fn external_ref_clash(err: diesel::result::Error) -> DomainError {
    match StorageError::from(err) {
        StorageError::UniqueViolation(_) => Conflict::DuplicateExternalRef.into(),
        other => other.into(),
    }
}

/// Queues the post for matching, in the transaction that changed it: a published post
/// finds its counterparts, a changed one has its matches refreshed, a withdrawn one has
/// them closed. Drafts are never matched.
pub fn queue_matching<P: PostRecord>(
    conn: &mut DbConnection,
    post: &P,
    at: NaiveDateTime,
) -> QueryResult<()> {
    if post.status() == PostStatus::Draft {
        return Ok(());
    }
    Job::enqueue(conn, P::JOB_KIND, post.id(), 0, at)
}

/// The post if it belongs to the organisation; NotFound otherwise, whether or not it
/// exists. The row stays locked until the transaction ends, so a reservation cannot slip
/// between this read and the write that follows.
pub fn owned<P: PostRecord>(
    conn: &mut DbConnection,
    id: &P::Id,
    organisation_id: &OrganisationId,
) -> Result<P, DomainError> {
    P::lock(conn, id)?;
    P::find(conn, id)?
        .filter(|post| post.organisation_id() == organisation_id)
        .ok_or(DomainError::NotFound)
}

/// How many posts of each kind one run of the expiry job expires (the rest, the next run).
const EXPIRY_BATCH: i64 = 1_000;

/// Expires the published posts whose window closed before the day of `at`, records each,
/// and closes their matches; returns how many listings and wanted requests expired.
pub fn expire_closed(
    conn: &mut DbConnection,
    at: NaiveDateTime,
) -> Result<(usize, usize), DomainError> {
    let system = Actor::default();
    let listings = Listing::expire_closed(conn, at.date(), at, EXPIRY_BATCH)?;
    for row in &listings {
        events::listing(conn, row, PostChange::Expired, &system, at)?;
    }
    let wanted = WantedRequest::expire_closed(conn, at.date(), at, EXPIRY_BATCH)?;
    for row in &wanted {
        events::wanted(conn, row, PostChange::Expired, &system, at)?;
    }
    crate::matching::reconcile::close_expired(conn)?;
    Ok((listings.len(), wanted.len()))
}

/// Whether an organisation (None: anyone) may see a post of `owner` in `status`: published,
/// reserved and exhausted posts are public; drafts, withdrawn and expired ones are their
/// organisation's only.
pub fn may_see(
    viewer: Option<&OrganisationId>,
    owner: &OrganisationId,
    status: PostStatus,
) -> bool {
    status.is_public() || viewer == Some(owner)
}

/// What both kinds of post implement alike, from their row's fields.
macro_rules! row_access {
    ($row:ident, $id:ty) => {
        type Id = $id;
        fn id(&self) -> &$id {
            &self.id
        }
        fn lock(conn: &mut DbConnection, id: &$id) -> QueryResult<()> {
            $row::lock(conn, id)
        }
        fn find(conn: &mut DbConnection, id: &$id) -> QueryResult<Option<Self>> {
            $row::find(conn, id)
        }
        fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
            $row::insert(self, conn)
        }
        fn save(&self, conn: &mut DbConnection) -> QueryResult<()> {
            $row::save(self, conn)
        }
        fn organisation_id(&self) -> &OrganisationId {
            &self.organisation_id
        }
        fn status(&self) -> PostStatus {
            self.status
        }
        fn set_status(&mut self, status: PostStatus, at: NaiveDateTime) {
            self.status = status;
            self.updated_at = at;
        }
        fn updated_at(&self) -> NaiveDateTime {
            self.updated_at
        }
    };
}

impl PostRecord for Listing {
    const JOB_KIND: JobKind = JobKind::MatchListing;
    row_access!(Listing, ListingId);
    fn record(
        &self,
        conn: &mut DbConnection,
        change: PostChange,
        actor: &Actor,
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        events::listing(conn, self, change, actor, at)
    }
    fn window_end(&self) -> Option<NaiveDate> {
        self.available_until
    }
    fn index(&self, catalogue: &Catalogue) {
        catalogue.apply_listing(self);
    }
    fn on_edit(&mut self, conn: &mut DbConnection) -> Result<(), DomainError> {
        reservations::requantify(conn, self)
    }
    fn on_publish(&self, conn: &mut DbConnection, cx: &Context<'_>) -> Result<(), DomainError> {
        reservations::settle_listing(conn, cx, &Actor::default(), &self.id, false).map(drop)
    }
    /// The reservations still waiting are cancelled (their takers told).
    fn on_withdraw(
        &self,
        conn: &mut DbConnection,
        cx: &Context<'_>,
        actor: &Actor,
    ) -> Result<(), DomainError> {
        reservations::cancel_pending(conn, cx, actor, self)
    }
}

impl PostRecord for WantedRequest {
    const JOB_KIND: JobKind = JobKind::MatchWanted;
    row_access!(WantedRequest, WantedId);
    fn record(
        &self,
        conn: &mut DbConnection,
        change: PostChange,
        actor: &Actor,
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        events::wanted(conn, self, change, actor, at)
    }
    fn window_end(&self) -> Option<NaiveDate> {
        self.needed_until
    }
    fn index(&self, catalogue: &Catalogue) {
        catalogue.apply_wanted(self);
    }
}
