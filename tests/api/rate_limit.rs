use crate::helpers::{assert_problem, spawn_app_with};

#[tokio::test]
async fn repeated_logins_from_one_address_get_429() {
    let app = spawn_app_with(|s| {
        s.rate_limit.auth_per_minute = 1;
        s.rate_limit.auth_burst = 3;
    })
    .await;
    for _ in 0..3 {
        let response = app.login("guess@example.fr", "password-guess").await;
        assert_eq!(response.status(), 401);
    }
    let limited = app.login("guess@example.fr", "password-guess").await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_problem(limited, 429, "rate_limited").await;
    // The budget is shared by the sensitive endpoints, not by the rest of the API.
    assert_problem(app.register("r@example.fr", "R").await, 429, "rate_limited").await;
    assert_eq!(app.get("/health/live", None).await.status(), 200);
}
