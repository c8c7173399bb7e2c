//! The writes on posts, written once for listings and wanted requests: create, update,
//! publish and withdraw. Each runs in one transaction, then brings the search index in
//! line with what was stored.
use super::input::{LocationInput, PostInput};
use super::lifecycle::{self, PostRecord};
use super::version::Precondition;
use super::Posts;
use crate::db::{now, DbConnection};
use crate::domain::error::{DomainError, FieldError};
use crate::domain::{Actor, PostStatus};
use crate::exchange::Context;
use crate::sites;

/// A change of status of the actor's post (`lifecycle::publish`, `lifecycle::withdraw`).
pub type Transition<P> =
    fn(&mut DbConnection, &Context<'_>, &Actor, &<P as PostRecord>::Id) -> Result<P, DomainError>;

/// A post's input placed at its site and checked (see [`Posts::check`]), to be stored by
/// [`Posts::create_checked`] or [`Posts::update_checked`].
pub struct CheckedInput<I: PostInput> {
    actor: Actor,
    input: I,
    checked: I::Checked,
}

impl Posts {
    /// Checks and stores a new post of the actor's organisation, a draft or published,
    /// and puts it in the search index.
    pub async fn create<I: PostInput>(
        &self,
        actor: Actor,
        input: I,
        publish: bool,
    ) -> Result<I::Record, DomainError> {
        let post = self.check(actor, input).await?;
        self.create_checked(post, publish, |_, _| Ok(())).await
    }

    /// The input placed and checked, every error told at once; nothing is stored. For a
    /// way in that has more to check before the post is stored (a listing's photos).
    pub async fn check<I: PostInput>(
        &self,
        actor: Actor,
        input: I,
    ) -> Result<CheckedInput<I>, DomainError> {
        let (input, checked) = self.checked(&actor, input).await?;
        Ok(CheckedInput {
            actor,
            input,
            checked,
        })
    }

    /// Stores a new post checked by [`Posts::check`], and what `also` stores with it in
    /// the same transaction (given the post as stored): if either fails, neither is kept.
    pub async fn create_checked<I: PostInput>(
        &self,
        post: CheckedInput<I>,
        publish: bool,
        also: impl FnOnce(&mut DbConnection, &I::Record) -> Result<(), DomainError> + Send + 'static,
    ) -> Result<I::Record, DomainError> {
        let CheckedInput {
            actor,
            input,
            checked,
        } = post;
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
                lifecycle::create(conn, &posts.context(), &actor, &stored)?;
                also(conn, &stored)
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
        let post = self.check(actor, input).await?;
        self.update_checked(post, id, precondition, |_, _| Ok(()))
            .await
    }

    /// Replaces the details of the actor's post with an input checked by [`Posts::check`],
    /// and stores what `also` stores in the same transaction (see [`Posts::create_checked`]).
    pub async fn update_checked<I: PostInput>(
        &self,
        post: CheckedInput<I>,
        id: <I::Record as PostRecord>::Id,
        precondition: Precondition,
        also: impl FnOnce(&mut DbConnection, &I::Record) -> Result<(), DomainError> + Send + 'static,
    ) -> Result<I::Record, DomainError> {
        let CheckedInput {
            actor,
            input,
            checked,
        } = post;
        let posts = self.clone();
        let row = self
            .db
            .transact(move |conn| -> Result<_, DomainError> {
                let edit = |_: &mut DbConnection, row: &mut I::Record| {
                    precondition.check(row.updated_at())?;
                    input.apply(checked, row);
                    Ok(())
                };
                let row = lifecycle::edit(conn, &posts.context(), &actor, &id, edit)?;
                also(conn, &row)?;
                Ok(row)
            })
            .await?;
        row.index(&self.catalogue);
        Ok(row)
    }

    /// The input placed (see [`Posts::placed`]) and checked, every error told at once.
    async fn checked<I: PostInput>(
        &self,
        actor: &Actor,
        input: I,
    ) -> Result<(I, I::Checked), DomainError> {
        let (input, site_error) = self.placed(actor, input).await?;
        match (input.check(&self.catalogue.taxonomy), site_error) {
            (Ok(checked), None) => Ok((input, checked)),
            (Err(error), None) => Err(error),
            (Ok(_), Some(site_error)) => Err(DomainError::Invalid(vec![site_error])),
            (Err(DomainError::Invalid(mut errors)), Some(site_error)) => {
                // A location is missing because the site is: that is one error, not two.
                errors.retain(|e| e.field != "location");
                errors.push(site_error);
                errors.sort_by(|a, b| a.field.cmp(&b.field));
                Err(DomainError::Invalid(errors))
            }
            (Err(error), Some(_)) => Err(error),
        }
    }

    /// The input at the place of the site it names, when it gives no location of its own;
    /// a field error when the site is not one of the actor's organisation's.
    async fn placed<I: PostInput>(
        &self,
        actor: &Actor,
        mut input: I,
    ) -> Result<(I, Option<FieldError>), DomainError> {
        let Some(site_id) = input.site_id().cloned() else {
            return Ok((input, None));
        };
        let organisation_id = actor.organisation()?.clone();
        let found = self
            .db
            .run(
                move |conn| match sites::get(conn, &organisation_id, &site_id) {
                    Ok(site) => Ok(Some(site)),
                    Err(DomainError::NotFound) => Ok(None),
                    Err(error) => Err(error),
                },
            )
            .await?;
        let Some(site) = found else {
            let message = "your organisation has no site with this id";
            return Ok((
                input,
                Some(FieldError::new("site_id", "unknown_site", message)),
            ));
        };
        let location = input.location_mut();
        if location.is_none() {
            *location = Some(LocationInput::of_site(&site));
        }
        Ok((input, None))
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
