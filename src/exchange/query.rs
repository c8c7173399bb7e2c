//! Which matches an organisation reads in a list (`GET /api/v1/matches`, a post's matches,
//! the matches page): the query's filters checked, and one page of them, best first.
use serde::Deserialize;

use crate::db::matches::{Match, MatchFilter};
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::pagination::{checked_limit, Page};
use crate::domain::{MatchId, MatchStatus, OrganisationId};

#[derive(Debug, Deserialize)]
pub struct MatchQuery {
    pub status: Option<String>,
    pub listing: Option<String>,
    pub wanted: Option<String>,
    pub min_score: Option<f64>,
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

impl MatchQuery {
    /// The filter of the matches of `organisation_id` this query asks for.
    pub fn filter(&self, organisation_id: &OrganisationId) -> Result<MatchFilter, DomainError> {
        let limit = checked_limit(self.limit)?;
        let status = self
            .status
            .as_deref()
            .map(|s| {
                MatchStatus::parse(s).ok_or_else(|| {
                    DomainError::field("status", "invalid", "status is open or closed")
                })
            })
            .transpose()?;
        if self.min_score.is_some_and(|s| !(0.0..=100.0).contains(&s)) {
            return Err(DomainError::field(
                "min_score",
                "range",
                "min_score is between 0 and 100",
            ));
        }
        Ok(MatchFilter {
            organisation_id: organisation_id.clone(),
            status,
            listing_id: self
                .listing
                .as_deref()
                .map(|id| parse_id("listing", id))
                .transpose()?,
            wanted_request_id: self
                .wanted
                .as_deref()
                .map(|id| parse_id("wanted", id))
                .transpose()?,
            min_score: self.min_score,
            after: self.cursor.as_deref().map(decode_cursor).transpose()?,
            // One more than the page, to know if another page follows.
            limit: limit + 1,
        })
    }
}

/// One page of the filtered matches (the filter names the organisation that reads them).
pub fn page(conn: &mut DbConnection, filter: &MatchFilter) -> Result<Page<Match>, DomainError> {
    let limit = (filter.limit - 1) as usize;
    let mut rows = Match::list(conn, filter)?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = if more {
        rows.last().map(encode_cursor)
    } else {
        None
    };
    Ok(Page {
        items: rows,
        next_cursor,
    })
}

/// The cursor is the (score, id) of the last match of a page, sorted by score then id:
/// `<score bits, 16 hex>.<id>`. Every cursor of this form is a position.
fn encode_cursor(m: &Match) -> String {
    format!("{:016x}.{}", m.score.to_bits(), m.id)
}

/// An id given in the query string: a field error when it is not one.
fn parse_id<Id: std::str::FromStr>(field: &'static str, text: &str) -> Result<Id, DomainError> {
    text.parse()
        .map_err(|_| DomainError::field(field, "invalid", "this is not an id (ids are UUIDs)"))
}

fn decode_cursor(cursor: &str) -> Result<(f64, MatchId), DomainError> {
    let invalid = || DomainError::field("cursor", "invalid", "this cursor is not one the API gave");
    let (bits, id) = cursor.split_once('.').ok_or_else(invalid)?;
    if bits.len() != 16 {
        return Err(invalid());
    }
    let score = f64::from_bits(u64::from_str_radix(bits, 16).map_err(|_| invalid())?);
    let id = MatchId::parse(id).ok_or_else(invalid)?;
    Ok((score, id))
}
