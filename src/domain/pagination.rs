//! Cursor pagination: `limit` (1..100, default 20) and an opaque `cursor` from the previous
//! page's `next_cursor`. Lists are ordered by id (UUID v7, so creation order); the cursor is
//! the last id seen, so rows inserted meanwhile never shift a page. Any id is a position,
//! so every cursor of the form the spec gives is valid (a made-up one starts somewhere).
//! Shared by the API's lists, the pages and the operations that read a page of rows.
use serde::{Deserialize, Serialize};

use crate::domain::error::DomainError;

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

pub struct PageRequest {
    pub limit: i64,
    pub after: Option<String>,
}

impl PageQuery {
    pub fn parse(&self) -> Result<PageRequest, DomainError> {
        let limit = checked_limit(self.limit)?;
        let after = match &self.cursor {
            None => None,
            Some(cursor) => Some(decode_cursor(cursor)?),
        };
        Ok(PageRequest { limit, after })
    }
}

/// A list's `limit`: 1 to 100, 20 when not given.
pub fn checked_limit(limit: Option<i64>) -> Result<i64, DomainError> {
    let limit = limit.unwrap_or(20);
    if (1..=100).contains(&limit) {
        Ok(limit)
    } else {
        Err(DomainError::field(
            "limit",
            "range",
            "limit must be between 1 and 100",
        ))
    }
}

fn decode_cursor(cursor: &str) -> Result<String, DomainError> {
    match uuid::Uuid::try_parse(cursor) {
        Ok(id) => Ok(id.hyphenated().to_string()),
        Err(_) => Err(DomainError::field(
            "cursor",
            "invalid",
            "this cursor is not one the API gave",
        )),
    }
}

impl PageRequest {
    /// Asks the database for one row more than the page, to know if another page follows.
    pub fn fetch_limit(&self) -> i64 {
        self.limit + 1
    }

    pub fn page<R, T>(
        &self,
        mut rows: Vec<R>,
        id: impl Fn(&R) -> &str,
        view: impl Fn(R) -> T,
    ) -> Page<T> {
        let more = rows.len() as i64 > self.limit;
        rows.truncate(self.limit as usize);
        let next_cursor = if more {
            rows.last().map(|last| id(last).to_owned())
        } else {
            None
        };
        Page {
            items: rows.into_iter().map(view).collect(),
            next_cursor,
        }
    }
}
