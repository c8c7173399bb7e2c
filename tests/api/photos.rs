//! Listing photos: checked by content, re-encoded without metadata (a GPS position in EXIF
//! does not come back), with a thumbnail; only the listing's organisation adds them, at
//! most 8; a draft's photos are its organisation's alone.
use image::{ImageFormat, RgbImage};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{
    assert_problem, bricks_in_lens, post_listing, spawn_app, spawn_app_with, ApiResponse, Browser,
    TestApp, TestUser,
};

/// A recognisable GPS latitude numerator, to look for in what comes back.
const GPS_MARK: [u8; 4] = [0x5a, 0x17, 0xc0, 0x1d];

pub(crate) fn picture(format: ImageFormat) -> Vec<u8> {
    let pixels = RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    pixels.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A JPEG whose EXIF block holds a GPS position (GPSLatitudeRef N, GPSLatitude).
fn jpeg_with_gps() -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    // IFD0: one entry, GPSInfo (0x8825) pointing at the GPS IFD at offset 26.
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x8825u16.to_le_bytes());
    tiff.extend_from_slice(&4u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&26u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD: GPSLatitudeRef "N", GPSLatitude three rationals at offset 56.
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&2u32.to_le_bytes());
    tiff.extend_from_slice(b"N\0\0\0");
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&5u16.to_le_bytes());
    tiff.extend_from_slice(&3u32.to_le_bytes());
    tiff.extend_from_slice(&56u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(tiff.len(), 56);
    for (num, den) in [(u32::from_le_bytes(GPS_MARK), 1u32), (27, 1), (2628, 100)] {
        tiff.extend_from_slice(&num.to_le_bytes());
        tiff.extend_from_slice(&den.to_le_bytes());
    }
    let jpeg = picture(ImageFormat::Jpeg);
    let mut app1 = vec![0xff, 0xe1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    [&jpeg[..2], &app1, &jpeg[2..]].concat()
}

/// A valid PNG of 12,000 × 12,000 black pixels (144 million; 432 MB as RGB), written row
/// by row: a few tens of KB, like the 410 KiB file of issue 23. Made once (it takes
/// seconds unoptimised), before the app starts: an idle pooled connection would
/// otherwise meet the server's keep-alive timeout.
fn huge_png() -> Vec<u8> {
    static HUGE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    HUGE.get_or_init(write_huge_png).clone()
}

fn write_huge_png() -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 12_000, 12_000);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    let mut writer = encoder.write_header().unwrap();
    let mut rows = writer.stream_writer().unwrap();
    let row = [0u8; 12_000 / 8];
    for _ in 0..12_000 {
        rows.write_all(&row).unwrap();
    }
    rows.finish().unwrap();
    writer.finish().unwrap();
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub(crate) async fn upload(
    app: &TestApp,
    user: &TestUser,
    listing: &Value,
    body: Vec<u8>,
    kind: &str,
) -> ApiResponse {
    let path = format!(
        "/api/v1/listings/{}/photos",
        listing["id"].as_str().unwrap()
    );
    let request = app
        .client
        .post(app.url(&path))
        .header("content-type", kind)
        .body(body);
    app.send("POST", &path, request, Some(&user.access_token))
        .await
}

pub(crate) async fn fetch(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, Vec<u8>) {
    let answer = app.get(path, token).await;
    (answer.status(), answer.bytes().to_vec())
}

#[tokio::test]
async fn a_photo_comes_back_upright_smaller_and_without_its_gps_position() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let sent = jpeg_with_gps();
    assert!(contains(&sent, b"Exif\0\0") && contains(&sent, &GPS_MARK));

    let answer = upload(&app, &holder, &listing, sent, "image/jpeg").await;
    assert_eq!(answer.status(), 201);
    let photo: Value = answer.json().await.unwrap();
    assert_eq!(
        (photo["width"].as_i64(), photo["height"].as_i64()),
        (Some(640), Some(480))
    );

    // Anyone may see a published listing's photos.
    let (status, full) = fetch(&app, photo["url"].as_str().unwrap(), None).await;
    assert_eq!(status, 200);
    assert!(!contains(&full, b"Exif"), "no EXIF block");
    assert!(!contains(&full, &GPS_MARK), "no GPS position");
    let decoded = image::load_from_memory(&full).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (640, 480));
    let (_, thumb) = fetch(&app, photo["thumbnail_url"].as_str().unwrap(), None).await;
    let thumb = image::load_from_memory(&thumb).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (400, 300));

    for (format, kind) in [
        (ImageFormat::Png, "image/png"),
        (ImageFormat::WebP, "application/octet-stream"),
    ] {
        let answer = upload(&app, &holder, &listing, picture(format), kind).await;
        assert_eq!(answer.status(), 201, "{kind}");
    }
    let path = format!(
        "/api/v1/listings/{}/photos",
        listing["id"].as_str().unwrap()
    );
    let listed: Value = app.get_json(&path, None).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_file_that_is_not_an_image_is_a_field_error_and_nothing_is_stored() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let text = b"this is a text file named photo.jpg".to_vec();
    let problem = assert_problem(
        upload(&app, &holder, &listing, text, "image/jpeg").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "photo");
    assert_eq!(problem["errors"][0]["code"], "not_an_image");
    let broken = picture(ImageFormat::Jpeg)[..600].to_vec();
    let problem = assert_problem(
        upload(&app, &holder, &listing, broken, "image/jpeg").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["code"], "unreadable_image");
    let too_big = vec![0xffu8; 10 * 1024 * 1024 + 1];
    assert_eq!(
        upload(&app, &holder, &listing, too_big, "image/jpeg")
            .await
            .status(),
        413
    );

    let path = format!(
        "/api/v1/listings/{}/photos",
        listing["id"].as_str().unwrap()
    );
    let listed: Value = app.get_json(&path, None).await;
    assert_eq!(listed["items"], serde_json::json!([]));
}

#[tokio::test]
async fn only_the_holder_adds_at_most_eight_and_a_draft_s_photos_are_its_own() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let other = app.signed_up_user("other@example.fr", "Ailleurs").await;
    let draft = post_listing(&app, &holder, &bricks_in_lens(), false).await;
    let small = picture(ImageFormat::Png);
    assert_eq!(
        upload(&app, &other, &draft, small.clone(), "image/png")
            .await
            .status(),
        404
    );
    let mut first = Value::Null;
    for n in 0..8 {
        let answer = upload(&app, &holder, &draft, small.clone(), "image/png").await;
        assert_eq!(answer.status(), 201, "photo {n}");
        if n == 0 {
            first = answer.json().await.unwrap();
        }
    }
    assert_problem(
        upload(&app, &holder, &draft, small.clone(), "image/png").await,
        409,
        "quota_exceeded",
    )
    .await;

    let url = first["url"].as_str().unwrap();
    assert_eq!(
        fetch(&app, url, None).await.0,
        404,
        "a draft's photo is not public"
    );
    assert_eq!(fetch(&app, url, Some(&other.access_token)).await.0, 404);
    assert_eq!(fetch(&app, url, Some(&holder.access_token)).await.0, 200);

    let path = format!(
        "/api/v1/listings/{}/photos/{}",
        draft["id"].as_str().unwrap(),
        first["id"].as_str().unwrap()
    );
    assert_eq!(
        app.delete(&path, Some(&other.access_token)).await.status(),
        404
    );
    assert_eq!(
        app.delete(&path, Some(&holder.access_token)).await.status(),
        204
    );
    assert_eq!(fetch(&app, url, Some(&holder.access_token)).await.0, 404);
    assert_eq!(
        upload(&app, &holder, &draft, small, "image/png")
            .await
            .status(),
        201,
        "room again"
    );
}

#[tokio::test]
async fn an_image_of_too_many_pixels_is_refused_from_its_header_and_nothing_is_stored() {
    let huge = huge_png();
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    assert!(huge.len() < 500_000, "small on disk: {} bytes", huge.len());

    let problem = assert_problem(
        upload(&app, &holder, &listing, huge, "image/png").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "photo");
    assert_eq!(problem["errors"][0]["code"], "image_too_large");
    let message = problem["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("24.0 million pixels"), "{message}");

    let path = format!(
        "/api/v1/listings/{}/photos",
        listing["id"].as_str().unwrap()
    );
    let listed: Value = app.get_json(&path, None).await;
    assert_eq!(listed["items"], serde_json::json!([]));
    assert_eq!(
        upload(
            &app,
            &holder,
            &listing,
            picture(ImageFormat::Jpeg),
            "image/jpeg"
        )
        .await
        .status(),
        201,
        "an ordinary photo still passes"
    );
}

#[tokio::test]
async fn the_pixel_limit_is_a_setting_and_the_page_says_what_was_wrong() {
    let huge = huge_png();
    // 640 × 480 is 307,200 pixels.
    let app = spawn_app_with(|settings| {
        settings.photos.max_pixels = std::num::NonZeroU64::new(300_000).unwrap();
    })
    .await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let problem = assert_problem(
        upload(
            &app,
            &holder,
            &listing,
            picture(ImageFormat::Png),
            "image/png",
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["code"], "image_too_large");

    let browser = Browser::signed_in(&app, "holder@example.fr").await;
    let id = listing["id"].as_str().unwrap();
    let page = browser.get(&format!("/listings/{id}")).await;
    let sent = browser
        .send_file(
            &format!("/listings/{id}/photos"),
            &page.csrf(),
            "photo",
            huge,
        )
        .await;
    assert_eq!(sent.status, 303);
    let back = sent.location.unwrap();
    assert_eq!(
        back,
        format!("/listings/{id}?photo_error=image_too_large#photos")
    );
    let shown = browser.get(back.trim_end_matches("#photos")).await;
    assert!(
        shown.html.contains("trop de pixels"),
        "the page says why: {}",
        shown.html
    );
    let path = format!("/api/v1/listings/{id}/photos");
    let listed: Value = app.get_json(&path, None).await;
    assert_eq!(listed["items"], serde_json::json!([]));
}
