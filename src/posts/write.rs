//! The writes on posts, written once for listings and wanted requests: create, update,
//! publish and withdraw. Each runs in one transaction, then brings the search index in
//! line with what was stored.
use super::input::PostInput;
use super::lifecycle::{self, PostRecord};
use super::version::Precondition;
use super::Posts;
use crate::db::{now, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::{Actor, PostStatus};
use crate::exchange::Context;

/// A change of status of the actor's post (`lifecycle::publish`, `lifecycle::withdraw`).
pub type Transition<P> =
    fn(&mut DbConnection, &Context<'_>, &Actor, &<P as PostRecord>::Id) -> Result<P, DomainError>;

impl Posts {
    /// Checks and stores a new post of the actor's organisation, a draft or published,
    /// and puts it in the search index.
    pub async fn create<I: PostInput>(
        &self,
        actor: Actor,
        input: I,
        publish: bool,
    ) -> Result<I::Record, DomainError> {
        let checked = input.check(&self.catalogue.taxonomy)?;
        let status = if publish {
            PostStatus::Published
        } else {
            PostStatus::Draft
        };
        let organisation_id = actor.organisation()?.clone();
        let mut row = I::new_row(organisation_id, actor.user_id.clone(), status, now());
        input.apply(checked, &mut row);
        let (posts, stored) = (self.clone(), row.clone());
        self.db
            .transact(move |conn| -> Result<_, DomainError> {
                lifecycle::create(conn, &posts.context(), &actor, &stored)
            })
            .await?;
        row.index(&self.catalogue);
        Ok(row)
    }

    /// Replaces the details of the actor's post, if `precondition` names its version.
    pub async fn update<I: PostInput>(
        &self,
        actor: Actor,
        id: <I::Record as PostRecord>::Id,
        input: I,
        precondition: Precondition,
    ) -> Result<I::Record, DomainError> {
        let checked = input.check(&self.catalogue.taxonomy)?;
        let posts = self.clone();
        let row = self
            .db
            .transact(move |conn| -> Result<_, DomainError> {
                let edit = |_: &mut DbConnection, row: &mut I::Record| {
                    precondition.check(row.updated_at())?;
                    input.apply(checked, row);
                    Ok(())
                };
                lifecycle::edit(conn, &posts.context(), &actor, &id, edit)
            })
            .await?;
        row.index(&self.catalogue);
        Ok(row)
    }

    /// Publishes or withdraws the actor's post.
    pub async fn change_status<P: PostRecord>(
        &self,
        actor: Actor,
        id: P::Id,
        operation: Transition<P>,
    ) -> Result<P, DomainError> {
        let posts = self.clone();
        let post = self
            .db
            .transact(move |conn| -> Result<_, DomainError> {
                operation(conn, &posts.context(), &actor, &id)
            })
            .await?;
        post.index(&self.catalogue);
        Ok(post)
    }
}
