//! The API reference page is served by Terril itself, renderer included.
use crate::helpers::spawn_app;

#[tokio::test]
async fn the_reference_page_loads_its_renderer_and_the_spec_from_terril_only() {
    let app = spawn_app().await;
    let page = app.get("/docs", None).await;
    assert_eq!(page.status(), 200);
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.starts_with("default-src 'none'; script-src 'self';"),
        "{policy}"
    );
    let html = page.text().await.unwrap();
    let scripts: Vec<&str> = html
        .match_indices("<script src=\"")
        .map(|(at, _)| html[at + 13..].split('"').next().unwrap())
        .collect();
    assert_eq!(scripts, ["/docs/redoc.standalone.js", "/docs/start.js"]);
    assert!(!html.contains("<script>"), "no inline script");

    let renderer = app.get("/docs/redoc.standalone.js", None).await;
    assert_eq!(renderer.status(), 200);
    let vendored = std::fs::read("assets/docs/redoc.standalone.js").unwrap();
    assert_eq!(renderer.text().await.unwrap().len(), vendored.len());
    let start = app.get("/docs/start.js", None).await.text().await.unwrap();
    assert!(
        start.contains("Redoc.init('/api/v1/openapi.yaml'"),
        "{start}"
    );
}
