//! Headers every answer carries: no sniffing, no storing of a caller's answers or tokens.
use crate::helpers::{spawn_app, PASSWORD};

#[tokio::test]
async fn every_answer_forbids_sniffing_and_private_ones_are_not_stored() {
    let app = spawn_app().await;
    let public = app.get("/api/v1/materials", None).await;
    assert_eq!(public.headers()["x-content-type-options"], "nosniff");
    assert_ne!(
        public
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("no-store"),
        "public reference data may be cached"
    );
    let missing = app.get("/api/v1/nothing-here", None).await;
    assert_eq!(missing.headers()["x-content-type-options"], "nosniff");

    let user = app.signed_up_user("headers@example.fr", "Headers").await;
    let mine = app.get("/api/v1/me", Some(&user.access_token)).await;
    assert_eq!(mine.status(), 200);
    assert_eq!(mine.headers()["cache-control"], "no-store");
    let tokens = app.login("headers@example.fr", PASSWORD).await;
    assert_eq!(tokens.status(), 200);
    assert_eq!(tokens.headers()["cache-control"], "no-store");
}
