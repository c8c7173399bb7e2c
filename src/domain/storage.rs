//! What can go wrong below the rules, converted once from diesel and the pool.
use diesel::r2d2;

/// What can go wrong below the rules: converted once from diesel and the pool.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The row asked for does not exist.
    #[error("the row does not exist")]
    NotFound,
    /// The pool is exhausted or the database does not answer.
    #[error("the database is unavailable")]
    Unavailable,
    /// PostgreSQL rolled the transaction back (deadlock, serialisation): nothing was
    /// stored, and trying again will work.
    #[error("the transaction was rolled back by a concurrent one; retryable")]
    Retryable,
    /// A unique constraint refused the row; the message names it.
    #[error("a row with these values exists already: {0}")]
    UniqueViolation(String),
    #[error(transparent)]
    Other(anyhow::Error),
}

impl From<diesel::result::Error> for StorageError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match err {
            Error::NotFound => StorageError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                let name = info.constraint_name().unwrap_or(info.message());
                StorageError::UniqueViolation(name.to_owned())
            }
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                StorageError::Unavailable
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, ref info)
            | Error::DatabaseError(DatabaseErrorKind::Unknown, ref info)
                if info.message().contains("deadlock") || info.message().contains("serializ") =>
            {
                tracing::warn!(error = info.message(), "transaction rolled back; retryable");
                StorageError::Retryable
            }
            other => StorageError::Other(other.into()),
        }
    }
}

impl From<r2d2::PoolError> for StorageError {
    fn from(err: r2d2::PoolError) -> Self {
        tracing::warn!(error = %err, "database pool exhausted or unreachable");
        StorageError::Unavailable
    }
}
