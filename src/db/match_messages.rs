//! Every query on `match_messages`: the thread between the two sides of a match.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::match_messages;
use super::DbConnection;
use crate::domain::{MatchId, MessageId, OrganisationId, UserId};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = match_messages)]
pub struct MatchMessage {
    pub id: MessageId,
    pub match_id: MatchId,
    pub organisation_id: OrganisationId,
    /// None when an API key wrote it, or when its author was removed.
    pub user_id: Option<UserId>,
    pub body: String,
    pub created_at: NaiveDateTime,
}

impl MatchMessage {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(match_messages::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn find(conn: &mut DbConnection, id: &MessageId) -> QueryResult<Option<MatchMessage>> {
        match_messages::table.find(id).first(conn).optional()
    }

    /// Up to `limit` messages of the match after `after`, oldest first (ids are UUID v7,
    /// ordered by the time they were made).
    pub fn of_match(
        conn: &mut DbConnection,
        match_id: &MatchId,
        after: Option<&MessageId>,
        limit: i64,
    ) -> QueryResult<Vec<MatchMessage>> {
        let mut query = match_messages::table
            .filter(match_messages::match_id.eq(match_id))
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(match_messages::id.gt(after));
        }
        query
            .order(match_messages::id.asc())
            .limit(limit)
            .load(conn)
    }

    pub fn count_of_match(conn: &mut DbConnection, match_id: &MatchId) -> QueryResult<i64> {
        match_messages::table
            .filter(match_messages::match_id.eq(match_id))
            .count()
            .get_result(conn)
    }
}
