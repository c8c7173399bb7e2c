//! An organisation, its members and invitations. Only members see their organisation.
pub mod get;
pub mod invitations;
pub mod members;
