//! Every query on `notification_preferences` (how each user wants each kind of email) and
//! `notifications` (what each user was told of each event).
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

    /// How many notifications the user was emailed at once since `since`.
    pub fn immediate_since(
        conn: &mut DbConnection,
        user_id: &UserId,
        since: NaiveDateTime,
    ) -> QueryResult<i64> {
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::mode.eq(NotificationMode::Immediate))
            .filter(notifications::created_at.ge(since))
            .count()
            .get_result(conn)
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
