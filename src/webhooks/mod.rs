//! Webhooks to integrators (issue 11, under way): the Standard Webhooks signature
//! (`signature.rs`) and the rules of where a webhook may be sent (`target.rs`). Endpoints,
//! delivery on the job queue, retries and the attempt log are to come.
pub mod signature;
pub mod target;
