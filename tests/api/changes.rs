//! The change feed: a client that pulls it from the start and then incrementally, while
//! posts are created, edited, withdrawn and expired through two instances, ends with
//! exactly the server's public posts; what a caller may not see is not in it.
use std::collections::BTreeMap;

use diesel::prelude::*;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use terril::domain::PostStatus;

use crate::helpers::{bricks_in_lens, bricks_wanted_in_lille, spawn_app, TestApp, TestUser};

/// A copy of the posts kept from the feed: (type, id) to the post as last seen.
#[derive(Default)]
struct Copy {
    posts: BTreeMap<(String, String), Value>,
    cursor: Option<String>,
}

impl Copy {
    async fn pull(&mut self, app: &TestApp, token: Option<&str>) {
        loop {
            let path = match &self.cursor {
                Some(after) => format!("/api/v1/changes?limit=7&after={after}"),
                None => "/api/v1/changes?limit=7".to_owned(),
            };
            let page: Value = app.get_json(&path, token).await;
            let items = page["items"].as_array().unwrap();
            for change in items {
                let key = (
                    change["resource_type"].as_str().unwrap().to_owned(),
                    change["resource_id"].as_str().unwrap().to_owned(),
                );
                if change["deleted"] == true {
                    self.posts.remove(&key);
                } else if !change["resource"].is_null() {
                    self.posts.insert(key, change["resource"].clone());
                }
            }
            let next = page["next_cursor"].as_str().unwrap().to_owned();
            let done = self.cursor.as_deref() == Some(next.as_str());
            self.cursor = Some(next);
            if done {
                return;
            }
        }
    }

    fn ids(&self) -> Vec<(String, String)> {
        self.posts.keys().cloned().collect()
    }
}

/// The public posts as the database holds them.
fn public_posts(app: &TestApp) -> Vec<(String, String)> {
    use terril::db::schema::{listings, wanted_requests};
    let public = [
        PostStatus::Published.as_str(),
        PostStatus::Reserved.as_str(),
        PostStatus::Exhausted.as_str(),
    ];
    let mut conn = app.db.get().unwrap();
    let l: Vec<String> = listings::table
        .filter(listings::status.eq_any(public))
        .select(listings::id)
        .load(&mut *conn)
        .unwrap();
    let w: Vec<String> = wanted_requests::table
        .filter(wanted_requests::status.eq_any(public))
        .select(wanted_requests::id)
        .load(&mut *conn)
        .unwrap();
    let mut all: Vec<(String, String)> = l
        .into_iter()
        .map(|id| ("listing".to_owned(), id))
        .chain(w.into_iter().map(|id| ("wanted".to_owned(), id)))
        .collect();
    all.sort();
    all
}

/// One random change through one of the two instances.
async fn random_change(
    rng: &mut impl Rng,
    apps: [&TestApp; 2],
    user: &TestUser,
    mine: &mut Vec<String>,
) {
    let app = apps[rng.random_range(0..2)];
    let token = Some(user.access_token.as_str());
    let wanted = rng.random_bool(0.3);
    let (collection, body) = if wanted {
        ("wanted", bricks_wanted_in_lille())
    } else {
        ("listings", bricks_in_lens())
    };
    match (rng.random_range(0..4), mine.is_empty()) {
        (0, _) | (_, true) => {
            let created: Value = app
                .post_json(&format!("/api/v1/{collection}"), &body, token)
                .await;
            let path = format!("/api/v1/{collection}/{}", created["id"].as_str().unwrap());
            if rng.random_bool(0.7) {
                app.post(&format!("{path}/publish"), &serde_json::json!({}), token)
                    .await;
            }
            mine.push(path);
        }
        (1, _) => {
            let path = &mine[rng.random_range(0..mine.len())];
            let mut edited = if path.contains("/wanted/") {
                bricks_wanted_in_lille()
            } else {
                bricks_in_lens()
            };
            edited["title"] = format!("Édition {}", rng.random::<u16>()).into();
            app.put(path, &edited, token).await;
        }
        (2, _) => {
            let path = mine[rng.random_range(0..mine.len())].clone();
            app.post(&format!("{path}/withdraw"), &serde_json::json!({}), token)
                .await;
        }
        _ => {
            // Its window closes: the expiry job takes it out.
            let path = &mine[rng.random_range(0..mine.len())];
            let id = path.rsplit('/').next().unwrap().to_owned();
            close_window(app, path.contains("/wanted/"), &id);
            app.expire_closed_posts().await;
        }
    }
}

fn close_window(app: &TestApp, wanted: bool, id: &str) {
    use terril::db::schema::{listings, wanted_requests};
    let yesterday = chrono::Utc::now().date_naive() - chrono::Duration::days(1);
    let mut conn = app.db.get().unwrap();
    if wanted {
        diesel::update(wanted_requests::table.find(id))
            .set(wanted_requests::needed_until.eq(yesterday))
            .execute(&mut *conn)
            .unwrap();
    } else {
        diesel::update(listings::table.find(id))
            .set(listings::available_until.eq(yesterday))
            .execute(&mut *conn)
            .unwrap();
    }
}

#[tokio::test]
async fn a_client_of_the_feed_converges_on_the_public_posts() {
    let app = spawn_app().await;
    let other = app.sibling().await;
    let alice = app.signed_up_user("alice@feed.test", "Alice").await;
    let bob = app.signed_up_user("bob@feed.test", "Bob").await;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    let (mut alices, mut bobs) = (Vec::new(), Vec::new());
    let mut copy = Copy::default();
    for round in 0..4 {
        for _ in 0..12 {
            random_change(&mut rng, [&app, &other], &alice, &mut alices).await;
            random_change(&mut rng, [&app, &other], &bob, &mut bobs).await;
        }
        // Pulled from either instance, anonymously.
        let through = if round % 2 == 0 { &app } else { &other };
        copy.pull(through, None).await;
        assert_eq!(copy.ids(), public_posts(&app), "round {round}");
    }
    assert!(
        !copy.posts.is_empty(),
        "the run left public posts to compare"
    );
}

#[tokio::test]
async fn drafts_are_seen_by_their_organisation_only() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("own@feed.test", "Own").await;
    let draft: Value = app
        .post_json(
            "/api/v1/listings",
            &bricks_in_lens(),
            Some(&owner.access_token),
        )
        .await;
    let key = (
        "listing".to_owned(),
        draft["id"].as_str().unwrap().to_owned(),
    );
    let mut anonymous = Copy::default();
    anonymous.pull(&app, None).await;
    assert!(!anonymous.posts.contains_key(&key), "a draft is not public");
    let mut own = Copy::default();
    own.pull(&app, Some(&owner.access_token)).await;
    assert_eq!(own.posts[&key]["status"], "draft");
    let refused = app.get("/api/v1/changes?after=not-a-cursor", None).await;
    assert_eq!(refused.status(), 422);
}
