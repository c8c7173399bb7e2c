//! Saved searches: a user's standing search, told of each new listing that fits it.
use super::reconcile::MatchRun;
use crate::catalogue::geometry::distance_km;
use crate::catalogue::summaries::ListingSummary;
use crate::catalogue::taxonomy::Taxonomy;
use crate::db::listings::Listing;
use crate::db::now;
use crate::db::saved_searches::SavedSearch;
use crate::db::users::User;
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError};
use crate::domain::text::fold;
use crate::domain::{NotificationKind, SavedSearchId, UserId};
use crate::notify::notice::tell;
use crate::notify::wording::saved_search_notice;

/// Stores a user's new saved search, whose class (if any) must be one of the taxonomy's.
pub fn store(
    conn: &mut DbConnection,
    taxonomy: &Taxonomy,
    search: &SavedSearch,
    limit: u32,
) -> Result<(), DomainError> {
    let held = SavedSearch::count_of_organisation(conn, &search.organisation_id)?;
    Conflict::check_quota("saved searches", held, limit)?;
    if let Some(code) = &search.material_code {
        if taxonomy.id_of(code).is_none() {
            let message = "no material class has this code";
            return Err(DomainError::field("material", "unknown", message));
        }
    }
    Ok(search.insert(conn)?)
}

/// Deletes the user's saved search `id`; NotFound for any other.
pub fn remove(
    conn: &mut DbConnection,
    user_id: &UserId,
    id: &SavedSearchId,
) -> Result<(), DomainError> {
    if SavedSearch::delete(conn, id, user_id)? {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// Tells the owners of the saved searches the listing fits, once per search and listing.
pub fn announce(
    conn: &mut DbConnection,
    cx: &MatchRun<'_>,
    row: &Listing,
    listing: &ListingSummary,
) -> Result<(), DomainError> {
    let taxonomy = &cx.catalogue.taxonomy;
    let codes: Vec<String> = taxonomy
        .ancestors(listing.class)
        .into_iter()
        .map(|c| taxonomy.class(c).code.clone())
        .collect();
    let text = fold(&format!("{} {}", row.title, row.description));
    for search in SavedSearch::on_classes(conn, &codes)? {
        if search.organisation_id == row.organisation_id {
            continue;
        }
        let Some(distance) = fits(&search, row, listing, &text) else {
            continue;
        };
        if !SavedSearch::record_hit(conn, &search.id, &row.id, now())? {
            continue;
        }
        let user = User::find(conn, &search.user_id)?;
        let key = format!("saved-search.{}.{}", search.id, row.id);
        tell(
            conn,
            cx.notifier,
            &user,
            NotificationKind::SavedSearchHit,
            &key,
            |lang| saved_search_notice(cx.notifier, taxonomy, &search, row, distance, lang),
        )?;
    }
    Ok(())
}

/// The distance when the listing fits the search (the class was checked by the query).
fn fits(search: &SavedSearch, row: &Listing, listing: &ListingSummary, text: &str) -> Option<f64> {
    if !search.include_subclasses
        && search
            .material_code
            .as_deref()
            .is_some_and(|code| code != row.material_code)
    {
        return None;
    }
    let distance = distance_km(
        (search.latitude, search.longitude),
        (listing.latitude, listing.longitude),
    );
    let condition_ok = search
        .worst_condition
        .is_none_or(|worst| listing.condition.rank() >= worst.rank());
    let price_ok = search
        .max_price_per_unit_eur
        .is_none_or(|max| listing.price_per_unit_eur <= max);
    let words_ok = search.text.as_deref().is_none_or(|t| {
        crate::catalogue::summaries::words(t)
            .iter()
            .all(|w| text.contains(w.as_str()))
    });
    (distance <= search.radius_km && condition_ok && price_ok && words_ok).then_some(distance)
}
