//! The event feed: read in order, each event once, and never past a transaction that is
//! still running, so a late commit reaches every instance.
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::Connection;
use serde_json::Value;
use terril::db::events::{self, Cursor, NewEvent};
use terril::db::Engine;
use terril::domain::{EventId, EventKind, ListingId};

use crate::helpers::{bricks_in_lens, bricks_wanted_in_lille, post_listing, search_ids, spawn_app};

#[tokio::test]
async fn the_feed_gives_every_event_once_in_order_across_batches() {
    let app = spawn_app().await;
    let db = app.db.clone();
    let read = tokio::task::spawn_blocking(move || {
        let at = terril::db::now();
        db.write_blocking(|conn| {
            for n in 0..2_500 {
                NewEvent {
                    kind: EventKind::ListingUpdated,
                    listing_id: Some(ListingId::from_uuid(uuid::Uuid::from_u128(n))),
                    wanted_request_id: None,
                    match_id: None,
                    reservation_id: None,
                    holder_organisation_id: None,
                    taker_organisation_id: None,
                    actor_organisation_id: None,
                    actor_user_id: None,
                    occurred_at: at,
                    id: EventId::generate(),
                }
                .append(conn)?;
            }
            anyhow::Ok(())
        })
        .unwrap();
        let mut conn = db.get().unwrap();
        let (mut cursor, mut seen) = (Cursor::default(), Vec::new());
        loop {
            let (batch, _) = events::after(&mut conn, cursor, 1_000).unwrap();
            let Some(last) = batch.last() else { break };
            cursor = last.cursor();
            seen.extend(
                batch
                    .into_iter()
                    .map(|e| (e.cursor(), e.listing_id.unwrap())),
            );
        }
        seen
    })
    .await
    .unwrap();
    assert_eq!(read.len(), 2_500);
    assert!(
        read.windows(2).all(|w| w[0].0 < w[1].0),
        "strictly in feed order"
    );
    assert_eq!(read[0].1.as_str(), uuid::Uuid::from_u128(0).to_string());
    assert_eq!(
        read[2_499].1.as_str(),
        uuid::Uuid::from_u128(2_499).to_string()
    );
}

/// On PostgreSQL: a listing whose transaction stays open 15 s while another instance
/// writes and commits other posts is still found by that instance once it commits, and
/// matched. (Polling `updated_at` with a 10 s overlap missed it for good.)
#[tokio::test]
async fn a_post_that_commits_late_reaches_the_other_instance_and_the_matcher() {
    let app = spawn_app().await;
    if app.db.engine() != Engine::Postgres {
        return; // SQLite has one writer at a time: no commit can be late.
    }
    let sibling = app.sibling().await;
    let holder = app
        .signed_up_user("holder@late.test", "Démolition Lente")
        .await;
    let taker = app.signed_up_user("taker@late.test", "Bâtir Lille").await;
    let other = app.signed_up_user("other@late.test", "Ailleurs").await;
    let wanted = app
        .post_wanted(&taker.access_token, &bricks_wanted_in_lille())
        .await;
    let wanted: Value = wanted.json().await.unwrap();
    app.run_matching().await;

    // Hold the holder's organisation row: the listing's insert stamps its row, writes it and
    // then waits in its foreign-key check, inside its open transaction.
    let mut blocker = diesel::PgConnection::establish(&app.settings.database_url).unwrap();
    blocker.batch_execute("BEGIN").unwrap();
    blocker
        .batch_execute(&format!(
            "SELECT id FROM organisations WHERE id = '{}' FOR UPDATE",
            holder.organisation_id
        ))
        .unwrap();
    let late = {
        let (address, token) = (app.address.clone(), holder.access_token.clone());
        tokio::spawn(async move {
            reqwest::Client::new()
                .post(format!("{address}/api/v1/listings?publish=true"))
                .bearer_auth(token)
                .json(&bricks_in_lens())
                .send()
                .await
                .unwrap()
        })
    };
    wait_for_a_blocked_writer(&app.settings.database_url).await;
    let held_since = Instant::now();
    // Meanwhile the sibling writes and commits other posts, and follows the feed.
    for _ in 0..3 {
        post_listing(&sibling, &other, &bricks_in_lens(), true).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    tokio::time::sleep(Duration::from_secs(15).saturating_sub(held_since.elapsed())).await;
    blocker.batch_execute("COMMIT").unwrap();
    let created = late.await.unwrap();
    assert_eq!(created.status(), 201);
    let listing: Value = created.json().await.unwrap();
    let id = listing["id"].as_str().unwrap().to_owned();

    let deadline = Instant::now() + Duration::from_secs(10);
    while !search_ids(&sibling, "lat=50.43&lon=2.83&radius_km=10&limit=100")
        .await
        .contains(&id)
    {
        assert!(
            Instant::now() < deadline,
            "the sibling never found the late listing"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.run_matching().await;
    let path = format!("/api/v1/wanted/{}/matches", wanted["id"].as_str().unwrap());
    let matches: Value = app.get_json(&path, Some(&taker.access_token)).await;
    let paired: Vec<&str> = matches["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["listing"]["id"].as_str().unwrap())
        .collect();
    assert!(paired.contains(&id.as_str()), "not matched: {paired:?}");
}

/// Waits until some backend of the database waits for a lock.
async fn wait_for_a_blocked_writer(url: &str) {
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = diesel::PgConnection::establish(url).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let waiting = diesel::sql_query("SELECT count(*) AS n FROM pg_locks WHERE NOT granted")
            .get_result::<Count>(&mut conn)
            .unwrap();
        if waiting.n > 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the listing's insert never blocked"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
