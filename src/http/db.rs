//! The HTTP edge's form of [`Db::run`] and [`Db::transact`]: the same calls with the error
//! fixed to [`ApiError`], so that a handler's closure can use `?` on storage and domain
//! errors alike without naming its error type. Below `http/`, code calls `run` and
//! `transact` with its own error.
use std::future::Future;

use crate::db::{Db, DbConnection};
use crate::http::error::ApiError;

pub trait EdgeDb {
    /// Runs `f` on a pooled connection on the blocking thread pool.
    fn read<T, F>(&self, f: F) -> impl Future<Output = Result<T, ApiError>> + Send
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static;

    /// Runs `f` in one transaction on the blocking thread pool: all of it is stored or none.
    fn write<T, F>(&self, f: F) -> impl Future<Output = Result<T, ApiError>> + Send
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static;
}

impl EdgeDb for Db {
    fn read<T, F>(&self, f: F) -> impl Future<Output = Result<T, ApiError>> + Send
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        self.run(f)
    }

    fn write<T, F>(&self, f: F) -> impl Future<Output = Result<T, ApiError>> + Send
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        self.transact(f)
    }
}
