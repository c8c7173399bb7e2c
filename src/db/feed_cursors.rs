//! Every query on `feed_cursors`: where each durable reader of the event feed stands.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::events::Cursor;
use super::schema::feed_cursors;
use super::DbConnection;

/// The reader that turns events into emails (`exchange::notices`).
pub const NOTICES: &str = "notices";

/// The reader that fans events out to webhook endpoints (`webhooks::fanout`).
pub const WEBHOOKS: &str = "webhooks";

/// Takes the reader's cursor for the rest of the transaction; None when another
/// transaction holds it (on PostgreSQL, `FOR UPDATE SKIP LOCKED`: one instance reads at a
/// time, the others go on with other work) or when the reader has no row.
pub fn claim(conn: &mut DbConnection, name: &str) -> QueryResult<Option<Cursor>> {
    let query = feed_cursors::table
        .find(name)
        .select((feed_cursors::transaction_id, feed_cursors::position));
    let found: Option<(i64, i64)> = match conn {
        DbConnection::Pg(pg) => query.for_update().skip_locked().first(pg).optional()?,
        // SQLite has one writer at a time: the write transaction is the lock.
        DbConnection::Sqlite(lite) => query.first(lite).optional()?,
    };
    Ok(found.map(|(transaction_id, position)| Cursor {
        transaction_id,
        position,
    }))
}

/// Moves the reader past `cursor`, in the transaction that acted on the events before it.
pub fn advance(
    conn: &mut DbConnection,
    name: &str,
    cursor: Cursor,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(feed_cursors::table.find(name))
        .set((
            feed_cursors::transaction_id.eq(cursor.transaction_id),
            feed_cursors::position.eq(cursor.position),
            feed_cursors::updated_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}
