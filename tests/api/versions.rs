//! `ETag` and `If-Match`: two integrators editing the same post cannot lose each other's
//! changes.
use serde_json::Value;

use crate::helpers::{
    assert_problem, bricks_in_lens, bricks_wanted_in_lille, post_listing, post_wanted, spawn_app,
    ApiResponse, TestApp, TestUser,
};

async fn put_if_match(
    app: &TestApp,
    user: &TestUser,
    path: &str,
    body: &Value,
    if_match: &str,
) -> ApiResponse {
    let request = app
        .client
        .put(app.url(path))
        .json(body)
        .header("If-Match", if_match);
    app.send("PUT", path, request, Some(&user.access_token))
        .await
}

fn etag(response: &ApiResponse) -> String {
    response.headers()["etag"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_stale_version_is_refused_with_412_and_changes_nothing() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("etag@example.fr", "Etag").await;
    let listing = post_listing(&app, &owner, &bricks_in_lens(), true).await;
    let path = format!("/api/v1/listings/{}", listing["id"].as_str().unwrap());
    let read = app.get(&path, Some(&owner.access_token)).await;
    let version = etag(&read);
    assert!(
        version.starts_with('"') && version.ends_with('"'),
        "{version}"
    );

    let mut first = bricks_in_lens();
    first["title"] = "Briques, première édition".into();
    let edited = put_if_match(&app, &owner, &path, &first, &version).await;
    assert_eq!(edited.status(), 200);
    let newer = etag(&edited);
    assert_ne!(newer, version, "an edit makes a new version");
    assert_eq!(etag(&app.get(&path, None).await), newer);

    // Another client still holding the first version.
    let mut second = bricks_in_lens();
    second["title"] = "Briques, seconde édition".into();
    let stale = put_if_match(&app, &owner, &path, &second, &version).await;
    assert_problem(stale, 412, "precondition_failed").await;
    let now: Value = app.get_json(&path, None).await;
    assert_eq!(now["title"], "Briques, première édition");

    // Any of a list, or any version at all, will do; a value that is no entity tag names
    // no version.
    let list = format!("\"0\", {newer}");
    assert_eq!(
        put_if_match(&app, &owner, &path, &second, &list)
            .await
            .status(),
        200
    );
    assert_eq!(
        put_if_match(&app, &owner, &path, &first, "*")
            .await
            .status(),
        200
    );
    let malformed = put_if_match(&app, &owner, &path, &first, "version-3").await;
    assert_problem(malformed, 412, "precondition_failed").await;
}

#[tokio::test]
async fn of_two_writers_holding_the_same_version_exactly_one_wins() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("race@example.fr", "Race").await;
    let wanted = post_wanted(&app, &owner, &bricks_wanted_in_lille()).await;
    let path = format!("/api/v1/wanted/{}", wanted["id"].as_str().unwrap());
    let version = etag(&app.get(&path, Some(&owner.access_token)).await);
    let bodies: Vec<Value> = (0..2)
        .map(|n| {
            let mut body = bricks_wanted_in_lille();
            body["title"] = format!("Besoin {n}").into();
            body
        })
        .collect();
    let (a, b) = tokio::join!(
        put_if_match(&app, &owner, &path, &bodies[0], &version),
        put_if_match(&app, &owner, &path, &bodies[1], &version)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 412]);
}
