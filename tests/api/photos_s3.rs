//! Photos in S3-compatible object storage, shared by two instances: one takes the photo,
//! the other serves it, and removing it empties the bucket. It needs an S3 server, so it
//! is ignored by a plain `cargo test`; `scripts/s3-photos.sh` starts one (moto's server,
//! from PyPI), makes the bucket and runs it with `TEST_S3_ENDPOINT` and `TEST_S3_BUCKET`.
use image::ImageFormat;
use serde_json::Value;

use crate::helpers::{bricks_in_lens, post_listing, spawn_app_with};
use crate::photos::{fetch, picture, upload};
use terril::configuration::photos::StoreKind;

/// The keys the bucket holds, from its ListObjectsV2 answer.
async fn keys_in(endpoint: &str, bucket: &str) -> Vec<String> {
    let xml = reqwest::get(format!("{endpoint}/{bucket}?list-type=2"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    xml.split("<Key>")
        .skip(1)
        .map(|rest| rest.split("</Key>").next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
#[ignore = "needs an S3 server: scripts/s3-photos.sh starts one and runs this"]
async fn photos_kept_in_a_bucket_are_served_by_every_instance() {
    let endpoint = std::env::var("TEST_S3_ENDPOINT").expect("TEST_S3_ENDPOINT");
    let bucket = std::env::var("TEST_S3_BUCKET").expect("TEST_S3_BUCKET");
    let (e, b) = (endpoint.clone(), bucket.clone());
    let app = spawn_app_with(move |settings| {
        settings.photos.store = StoreKind::S3;
        settings.photos.s3.endpoint = Some(e);
        settings.photos.s3.bucket = b;
        settings.photos.s3.access_key_id = "testing".into();
        settings.photos.s3.secret_access_key = Some("testing".to_owned().into());
        settings.photos.s3.allow_http = true;
    })
    .await;
    let before = keys_in(&endpoint, &bucket).await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let answer = upload(
        &app,
        &holder,
        &listing,
        picture(ImageFormat::Png),
        "image/png",
    )
    .await;
    assert_eq!(answer.status(), 201);
    let photo: Value = answer.json().await.unwrap();
    let id = photo["id"].as_str().unwrap();

    let keys = keys_in(&endpoint, &bucket).await;
    for file in ["full.jpg", "thumb.jpg"] {
        let key = format!("photos/{id}/{file}");
        assert!(keys.contains(&key), "{key} in the bucket: {keys:?}");
    }
    let folder = app.settings.data_folder().join("photos");
    assert!(
        !folder.join(format!("photos/{id}")).exists(),
        "nothing in a folder"
    );

    // Another instance on the same database and bucket serves the photo.
    let other = app.sibling().await;
    let (status, full) = fetch(&other, photo["url"].as_str().unwrap(), None).await;
    assert_eq!(status, 200);
    let decoded = image::load_from_memory(&full).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (640, 480));

    let path = format!(
        "/api/v1/listings/{}/photos/{id}",
        listing["id"].as_str().unwrap()
    );
    let removed = other.delete(&path, Some(&holder.access_token)).await;
    assert_eq!(removed.status(), 204);
    assert_eq!(
        keys_in(&endpoint, &bucket).await,
        before,
        "the bucket is as it was"
    );
    assert_eq!(
        fetch(&app, photo["url"].as_str().unwrap(), None).await.0,
        404
    );
}
