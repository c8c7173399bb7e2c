//! Photos chosen in the listing form itself (multipart, no script): the listing and its
//! photos are stored together or not at all, a refused file is named beside the photo
//! field, and the listing's page shows them as a gallery, one large at a time.
use image::ImageFormat;
use serde_json::Value;

use crate::helpers::{spawn_app_with, Browser, TestApp};
use crate::pages_listings::BRICKS;
use crate::photos::picture;

/// An app whose photos go to a folder of the test's own, to count what is kept.
async fn app_with_photo_folder() -> (TestApp, tempfile::TempDir) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().display().to_string();
    let app = spawn_app_with(|settings| settings.photos.folder = Some(path)).await;
    (app, folder)
}

/// How many images the photo store holds.
fn images_in(folder: &tempfile::TempDir) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| match e.file_type() {
                        Ok(t) if t.is_dir() => count(&e.path()),
                        _ => 1,
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    count(folder.path())
}

fn publish() -> Vec<(&'static str, &'static str)> {
    let mut fields = BRICKS.to_vec();
    fields.push(("submit", "publish"));
    fields
}

type File = (&'static str, &'static str, &'static str, Vec<u8>);

fn png(name: &'static str) -> File {
    ("photos", name, "image/png", picture(ImageFormat::Png))
}

fn jpeg(name: &'static str) -> File {
    ("photos", name, "image/jpeg", picture(ImageFormat::Jpeg))
}

async fn holder(app: &TestApp) -> (Browser, String) {
    let user = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    (
        Browser::signed_in(app, "holder@example.fr").await,
        user.access_token,
    )
}

/// The listings the organisation's change feed says were created.
async fn created(app: &TestApp, token: &str) -> usize {
    let changes: Value = app.get_json("/api/v1/changes", Some(token)).await;
    let items = changes["items"].as_array().unwrap();
    items
        .iter()
        .filter(|c| c["type"] == "listing.created")
        .count()
}

async fn photo_ids(app: &TestApp, listing_path: &str) -> Vec<String> {
    let path = format!("/api/v1{listing_path}/photos");
    let listed: Value = app.get_json(&path, None).await;
    let items = listed["items"].as_array().unwrap();
    items
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The `<img>` the gallery shows large.
fn large_image(html: &str) -> &str {
    let at = html
        .find("<figure class=\"gallery-large\">")
        .expect("a large photo");
    let html = &html[at..];
    &html[..html.find("</figure>").unwrap()]
}

#[tokio::test]
async fn a_listing_is_posted_with_its_photos_in_one_form_and_shown_as_a_gallery() {
    let (app, folder) = app_with_photo_folder().await;
    let (browser, _) = holder(&app).await;
    let form = browser.get("/listings/new").await;
    assert!(form.html.contains("enctype=\"multipart/form-data\""));
    assert!(form.html.contains("name=\"photos\" multiple"));

    let files = [jpeg("briques-face.jpg"), png("briques-palette.png")];
    let posted = browser
        .submit_with_files("/listings/new", "/listings/new", &publish(), &files)
        .await;
    assert_eq!(posted.status, 303, "{}", posted.html);
    let path = posted.location.unwrap();
    let ids = photo_ids(&app, &path).await;
    assert_eq!(ids.len(), 2, "both photos, in the order sent");
    assert_eq!(images_in(&folder), 4, "each photo and its thumbnail");

    // Anyone sees the first large, with its size, and thumbnails to choose another.
    let page = Browser::new(&app).get(&path).await;
    assert_eq!(page.status, 200);
    let large = large_image(&page.html);
    assert!(large.contains(&format!("src=\"/photos/{}/full.jpg\"", ids[0])));
    assert!(large.contains("width=\"640\" height=\"480\""), "{large}");
    assert!(large.contains("alt=\"Photo 1 sur 2 de « Briques pleines de réemploi »\""));
    assert!(page
        .html
        .contains(&format!("href=\"{path}?photo=2#photos\" rel=\"next\"")));
    let shared = page.html.split("property=\"og:image\"").nth(1).unwrap();
    let shared = &shared[..shared.find('>').unwrap()];
    assert!(
        shared.contains(&format!("/photos/{}/full.jpg", ids[0])),
        "a shared link shows the first photo: {shared}"
    );

    // The second, chosen by its thumbnail's link, in English too.
    let second = Browser::new(&app)
        .get_in(&format!("{path}?photo=2"), "en")
        .await;
    let large = large_image(&second.html);
    assert!(large.contains(&format!("src=\"/photos/{}/full.jpg\"", ids[1])));
    assert!(large.contains("alt=\"Photo 2 of 2 of “Briques pleines de réemploi”\""));
    assert!(second.html.contains(&format!(
        "href=\"{path}?photo=2#photos\" aria-current=\"true\""
    )));
    assert!(second.html.contains("alt=\"Enlarge photo 1\""));
    let full = Browser::new(&app)
        .get(&format!("/photos/{}/full.jpg", ids[1]))
        .await;
    assert_eq!(full.status, 200);
}

#[tokio::test]
async fn an_invalid_listing_sent_with_a_photo_stores_nothing_and_asks_for_the_photo_again() {
    let (app, folder) = app_with_photo_folder().await;
    let (browser, token) = holder(&app).await;
    let mut fields: Vec<_> = publish()
        .into_iter()
        .filter(|(k, _)| *k != "quantity")
        .collect();
    fields.push(("quantity", "beaucoup"));
    let page = browser
        .submit_with_files(
            "/listings/new",
            "/listings/new",
            &fields,
            &[png("briques.png")],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.html.contains("id=\"quantity-error\""), "{}", page.html);
    let again = error_of(&page.html, "photos").expect("a word beside the photo field");
    assert!(again.contains("choisissez-les à nouveau"), "{again}");
    assert!(page.html.contains("value=\"Briques pleines de réemploi\""));
    assert_eq!(created(&app, &token).await, 0);
    assert_eq!(images_in(&folder), 0, "no photo decoded nor kept");
}

#[tokio::test]
async fn a_file_that_is_not_an_image_is_named_beside_the_photo_field_and_nothing_is_stored() {
    let (app, folder) = app_with_photo_folder().await;
    let (browser, token) = holder(&app).await;
    let notes = (
        "photos",
        "notes.txt",
        "text/plain",
        b"bricks, 12 t".to_vec(),
    );
    // A good photo first: its images, stored on the way, are removed too.
    let files = [png("briques.png"), notes];
    let page = browser
        .submit_with_files("/listings/new", "/listings/new", &publish(), &files)
        .await;
    assert_eq!(page.status, 422, "{}", page.html);
    let why = error_of(&page.html, "photos").expect("the reason beside the photo field");
    assert!(why.contains("« notes.txt »"), "{why}");
    assert!(why.contains("pas une image JPEG, PNG ou WebP"), "{why}");
    assert!(page
        .html
        .contains("aria-invalid=\"true\" aria-describedby=\"photos-error"));
    assert_eq!(created(&app, &token).await, 0);
    assert_eq!(images_in(&folder), 0);
}

#[tokio::test]
async fn more_photos_than_a_listing_holds_are_refused_and_none_is_decoded() {
    let (app, folder) = app_with_photo_folder().await;
    let (browser, token) = holder(&app).await;
    let files: Vec<File> = (0..9).map(|_| png("briques.png")).collect();
    let page = browser
        .submit_with_files("/listings/new", "/listings/new", &publish(), &files)
        .await;
    assert_eq!(page.status, 422);
    let why = error_of(&page.html, "photos").unwrap();
    assert!(why.contains("8 au plus"), "{why}");
    assert_eq!(created(&app, &token).await, 0);
    assert_eq!(images_in(&folder), 0);
}

#[tokio::test]
async fn a_form_with_files_from_another_site_is_refused_before_its_files_are_read() {
    let (app, folder) = app_with_photo_folder().await;
    let (browser, token) = holder(&app).await;
    let mut fields = publish();
    fields.insert(0, ("csrf", "forged"));
    let page = browser
        .send_multipart("/listings/new", &fields, &[png("x.png")])
        .await;
    assert_eq!(page.status, 403, "{}", page.html);
    assert_eq!(created(&app, &token).await, 0);
    assert_eq!(images_in(&folder), 0);
}

#[tokio::test]
async fn the_edit_form_shows_the_photos_and_adds_more_with_the_details() {
    let (app, _folder) = app_with_photo_folder().await;
    let (browser, _) = holder(&app).await;
    let posted = browser
        .submit_with_files(
            "/listings/new",
            "/listings/new",
            &publish(),
            &[png("a.png")],
        )
        .await;
    let path = posted.location.unwrap();
    let edit = format!("{path}/edit");
    let form = browser.get(&edit).await;
    let first = &photo_ids(&app, &path).await[0];
    assert!(form.html.contains(&format!(
        "src=\"/photos/{first}/thumb.jpg\" width=\"400\" height=\"300\""
    )));
    assert!(form.html.contains("Cette annonce a une photo, 8 au plus."));
    assert!(form.html.contains("Jusqu&#x27;à 7 photos"), "{}", form.html);

    let mut fields: Vec<_> = BRICKS
        .iter()
        .copied()
        .filter(|(k, _)| *k != "title")
        .collect();
    fields.push(("title", "Briques pleines, deux vues"));
    let saved = browser
        .submit_with_files(&edit, &edit, &fields, &[jpeg("b.jpg")])
        .await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    assert_eq!(photo_ids(&app, &path).await.len(), 2);
    let page = browser.get(&path).await;
    assert!(page.html.contains("Briques pleines, deux vues"));
}

/// The text of a field's error on a form page.
fn error_of(html: &str, field: &str) -> Option<String> {
    let start = format!("id=\"{field}-error\">");
    let at = html.find(&start)? + start.len();
    Some(html[at..].split('<').next()?.replace("&#x27;", "'"))
}
