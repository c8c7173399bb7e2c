//! Posts (listings and wanted requests): their life cycle, and the operations that people
//! (pages), integrators (the API) and bulk imports ask for on them.
pub mod lifecycle;
