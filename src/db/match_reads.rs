//! Every query on `match_reads`: when each side (organisation) of a match last read its
//! thread, and which threads hold messages of the other side written since.
use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::schema::{match_messages, match_reads, matches};
use super::DbConnection;
use crate::domain::{ListingId, MatchId, OrganisationId, WantedId};

/// A thread with messages the organisation has not read.
#[derive(Debug, Clone, Queryable)]
pub struct UnreadThread {
    pub match_id: MatchId,
    pub listing_id: ListingId,
    pub wanted_request_id: WantedId,
    pub unread: i64,
}

/// Records that the organisation read the match's thread at `at`.
pub fn mark_read(
    conn: &mut DbConnection,
    match_id: &MatchId,
    organisation_id: &OrganisationId,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let query = diesel::insert_into(match_reads::table)
        .values((
            match_reads::match_id.eq(match_id),
            match_reads::organisation_id.eq(organisation_id),
            match_reads::read_at.eq(at),
        ))
        .on_conflict((match_reads::match_id, match_reads::organisation_id))
        .do_update()
        .set(match_reads::read_at.eq(at));
    super::execute_native(conn, query).map(drop)
}

/// The organisation's matches (either side) whose thread holds messages of the other side
/// written after the organisation last read it, newest thread first, at most `limit`.
pub fn unread_threads(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    limit: i64,
) -> QueryResult<Vec<UnreadThread>> {
    let org = organisation_id.as_str();
    let read = match_reads::table.on(match_reads::match_id
        .eq(match_messages::match_id)
        .and(match_reads::organisation_id.eq(org)));
    match_messages::table
        .inner_join(matches::table)
        .left_join(read)
        .filter(
            matches::holder_organisation_id
                .eq(org)
                .or(matches::taker_organisation_id.eq(org)),
        )
        .filter(match_messages::organisation_id.ne(org))
        .filter(
            match_reads::read_at
                .nullable()
                .is_null()
                .or(match_messages::created_at
                    .nullable()
                    .gt(match_reads::read_at.nullable())
                    .assume_not_null()),
        )
        .group_by((matches::id, matches::listing_id, matches::wanted_request_id))
        .select((
            matches::id,
            matches::listing_id,
            matches::wanted_request_id,
            count_star(),
        ))
        .order(diesel::dsl::max(match_messages::id).desc())
        .limit(limit)
        .load(conn)
}
