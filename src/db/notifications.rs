//! Every query on `notification_preferences` (how each user wants each kind of email) and
//! `notifications` (what each user was told of each event, and the match notices waiting
//! to go out together).
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{notification_preferences, notifications};
use super::DbConnection;
use crate::domain::{NotificationKind, NotificationMode, UserId};

/// The mode of each kind the user has chosen; kinds not listed are `immediate`.
pub fn preferences(
    conn: &mut DbConnection,
    user_id: &UserId,
) -> QueryResult<Vec<(NotificationKind, NotificationMode)>> {
    notification_preferences::table
        .filter(notification_preferences::user_id.eq(user_id))
        .select((
            notification_preferences::kind,
            notification_preferences::mode,
        ))
        .load(conn)
}

pub fn mode_of(
    conn: &mut DbConnection,
    user_id: &UserId,
    kind: NotificationKind,
) -> QueryResult<NotificationMode> {
    let chosen = notification_preferences::table
        .find((user_id, kind))
        .select(notification_preferences::mode)
        .first::<NotificationMode>(conn)
        .optional()?;
    Ok(chosen.unwrap_or(NotificationMode::Immediate))
}

/// Upserts the user's mode for `kind`: concurrent changes (a click and a mail client's
/// one-click POST) never collide on the key.
pub fn set_mode(
    conn: &mut DbConnection,
    user_id: &UserId,
    kind: NotificationKind,
    mode: NotificationMode,
) -> QueryResult<()> {
    let query = diesel::insert_into(notification_preferences::table)
        .values((
            notification_preferences::user_id.eq(user_id),
            notification_preferences::kind.eq(kind),
            notification_preferences::mode.eq(mode),
        ))
        .on_conflict((
            notification_preferences::user_id,
            notification_preferences::kind,
        ))
        .do_update()
        .set(notification_preferences::mode.eq(mode));
    super::execute_native(conn, query).map(drop)
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = notifications)]
pub struct Notification {
    pub id: String,
    pub user_id: UserId,
    pub kind: NotificationKind,
    /// The event and its kind, e.g. `<match event id>` or `saved-search.<id>.<listing id>`.
    pub event_key: String,
    pub mode: NotificationMode,
    /// One line for the digest.
    pub summary: String,
    pub url: String,
    pub digest_day: NaiveDate,
    pub digested_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// When a notice waiting to go out with others (`notify::grouped`) may go; None for
    /// every other notice.
    pub send_after: Option<NaiveDateTime>,
    /// The id of the notice that names the email this one went out in (the first of its
    /// group); None until a waiting notice is sent, and for the others.
    pub sent_in: Option<String>,
    /// A waiting notice's email, as JSON (its template and variables).
    pub details: Option<String>,
}

impl Notification {
    /// Records the notification unless this user was already told of this event; true
    /// when recorded (and so the email is to be sent).
    pub fn insert_if_new(&self, conn: &mut DbConnection) -> QueryResult<bool> {
        let query = diesel::insert_into(notifications::table)
            .values(self)
            .on_conflict((notifications::event_key, notifications::user_id))
            .do_nothing();
        let inserted = super::execute_native(conn, query)?;
        Ok(inserted == 1)
    }

    /// (user, day) pairs with digest notifications of a day before `today` not yet sent.
    pub fn due_digests(
        conn: &mut DbConnection,
        today: NaiveDate,
    ) -> QueryResult<Vec<(UserId, NaiveDate)>> {
        notifications::table
            .filter(notifications::mode.eq(NotificationMode::Digest))
            .filter(notifications::digested_at.is_null())
            .filter(notifications::digest_day.lt(today))
            .select((notifications::user_id, notifications::digest_day))
            .distinct()
            .load(conn)
    }

    /// How many notification emails the user was sent since `since`: each notice emailed
    /// at once, and each group of notices emailed together once (its first notice).
    pub fn immediate_since(
        conn: &mut DbConnection,
        user_id: &UserId,
        since: NaiveDateTime,
    ) -> QueryResult<i64> {
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::mode.eq(NotificationMode::Immediate))
            .filter(notifications::created_at.ge(since))
            .filter(
                notifications::send_after
                    .is_null()
                    .or(notifications::sent_in.eq(notifications::id.nullable())),
            )
            .count()
            .get_result(conn)
    }

    /// The users with a notice waiting for its group whose time has come at `at`.
    pub fn due_groups(conn: &mut DbConnection, at: NaiveDateTime) -> QueryResult<Vec<UserId>> {
        notifications::table
            .filter(notifications::send_after.is_not_null())
            .filter(notifications::sent_in.is_null())
            .filter(notifications::send_after.le(at))
            .select(notifications::user_id)
            .distinct()
            .load(conn)
    }

    /// The user's notices waiting for their group, oldest first.
    pub fn waiting_of(conn: &mut DbConnection, user_id: &UserId) -> QueryResult<Vec<Notification>> {
        notifications::table
            .filter(notifications::send_after.is_not_null())
            .filter(notifications::sent_in.is_null())
            .filter(notifications::user_id.eq(user_id))
            .order((notifications::created_at.asc(), notifications::id.asc()))
            .load(conn)
    }

    /// Records that the waiting notices `ids` went out in the email named by `group` (the
    /// first of them); returns how many were still waiting, so that of two runs sending
    /// the same group only one sees them all.
    pub fn mark_grouped(
        conn: &mut DbConnection,
        ids: &[String],
        group: &str,
    ) -> QueryResult<usize> {
        diesel::update(
            notifications::table
                .filter(notifications::id.eq_any(ids))
                .filter(notifications::send_after.is_not_null())
                .filter(notifications::sent_in.is_null()),
        )
        .set((
            notifications::sent_in.eq(group),
            notifications::details.eq(None::<String>),
        ))
        .execute(conn)
    }

    /// Takes the waiting notices `ids` out of waiting without an email of their own: into
    /// the digest of `day`, or, with `Never`, not told at all. Returns how many were still
    /// waiting.
    pub fn unwait(
        conn: &mut DbConnection,
        ids: &[String],
        mode: NotificationMode,
        day: NaiveDate,
    ) -> QueryResult<usize> {
        diesel::update(
            notifications::table
                .filter(notifications::id.eq_any(ids))
                .filter(notifications::send_after.is_not_null())
                .filter(notifications::sent_in.is_null()),
        )
        .set((
            notifications::mode.eq(mode),
            notifications::digest_day.eq(day),
            notifications::send_after.eq(None::<NaiveDateTime>),
            notifications::details.eq(None::<String>),
        ))
        .execute(conn)
    }

    pub fn digest_of(
        conn: &mut DbConnection,
        user_id: &UserId,
        day: NaiveDate,
    ) -> QueryResult<Vec<Notification>> {
        notifications::table
            .filter(notifications::mode.eq(NotificationMode::Digest))
            .filter(notifications::digested_at.is_null())
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::digest_day.eq(day))
            .order(notifications::id.asc())
            .load(conn)
    }

    pub fn mark_digested(
        conn: &mut DbConnection,
        ids: &[String],
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(notifications::table.filter(notifications::id.eq_any(ids)))
            .set(notifications::digested_at.eq(at))
            .execute(conn)
            .map(drop)
    }
}
