//! Terril: an open materials exchange for reuse.
pub mod accounts;
pub mod app;
pub mod auth;
pub mod catalogue;
pub mod cli;
pub mod configuration;
pub mod db;
pub mod domain;
pub mod error;
pub mod events;
pub mod exchange;
pub mod jobs;
pub mod matching;
pub mod notify;
pub mod routes;
pub mod startup;
pub mod telemetry;
