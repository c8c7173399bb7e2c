//! What several test files set up the same way: signed-up users, published posts, their
//! matches, API keys and reservations. Each helper sends the very request the tests wrote
//! by hand before; those that assert a status say so.
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use super::{ApiResponse, TestApp, TestUser, PASSWORD};

/// The body of `POST /api/v1/auth/register` for a new organisation and its owner.
pub fn registration(email: &str, organisation: &str) -> Value {
    json!({
        "organisation": {
            "name": organisation,
            "kind": "holder",
            "siret": "12002701600357",
            "address": { "street": "Base 11/19, rue de Bourgogne", "postal_code": "62750",
                         "city": "Loos-en-Gohelle", "country": "FR" },
            "language": "fr"
        },
        "user": { "name": "Zoé Lefebvre", "email": email, "password": PASSWORD }
    })
}

/// The value of the first `token=` parameter in a text.
pub fn token_in(text: &str) -> Option<String> {
    let start = text.find("token=")? + "token=".len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Some(token)
}

fn as_json(body: &impl Serialize) -> Value {
    serde_json::to_value(body).expect("a request body serialises")
}

impl TestApp {
    /// GETs `path` and reads the answer as JSON, whatever its status.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str, token: Option<&str>) -> T {
        self.get(path, token).await.json().await.unwrap()
    }

    /// POSTs `body` to `path` and reads the answer as JSON, whatever its status.
    pub async fn post_json<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
        token: Option<&str>,
    ) -> T {
        self.post(path, body, token).await.json().await.unwrap()
    }

    /// `POST /api/v1/listings?publish=…` with a `ListingBody` or a hand-made `Value`.
    pub async fn post_listing(
        &self,
        token: &str,
        body: &impl Serialize,
        publish: bool,
    ) -> ApiResponse {
        let path = format!("/api/v1/listings?publish={publish}");
        self.post(&path, &as_json(body), Some(token)).await
    }

    /// `POST /api/v1/wanted?publish=true` with a `WantedBody` or a hand-made `Value`.
    pub async fn post_wanted(&self, token: &str, body: &impl Serialize) -> ApiResponse {
        self.post("/api/v1/wanted?publish=true", &as_json(body), Some(token))
            .await
    }

    /// `POST /api/v1/api-keys` for a key called `name` with these scopes.
    pub async fn create_api_key(&self, token: &str, name: &str, scopes: &[&str]) -> ApiResponse {
        let body = json!({ "name": name, "scopes": scopes });
        self.post("/api/v1/api-keys", &body, Some(token)).await
    }

    /// Asks for `quantity` of a match's listing.
    pub async fn reserve(
        &self,
        match_id: &str,
        quantity: impl Into<Value>,
        token: &str,
    ) -> ApiResponse {
        let path = format!("/api/v1/matches/{match_id}/reservations");
        let body = json!({ "quantity": quantity.into() });
        self.post(&path, &body, Some(token)).await
    }

    /// `POST /api/v1/reservations/{id}/{action}` with an empty object (`confirm`,
    /// `cancel`, a completion without figures...).
    pub async fn reservation_step(&self, id: &str, action: &str, token: &str) -> ApiResponse {
        let path = format!("/api/v1/reservations/{id}/{action}");
        self.post(&path, &json!({}), Some(token)).await
    }

    /// Registers, verifies and signs in a new owner of a new organisation.
    pub async fn signed_up_user(&self, email: &str, organisation: &str) -> TestUser {
        assert_eq!(self.register(email, organisation).await.status(), 202);
        let token = self.token_from_last_email(email);
        let verified = self
            .post(
                "/api/v1/auth/verify-email",
                &json!({ "token": token }),
                None,
            )
            .await;
        assert_eq!(verified.status(), 204);
        let tokens: Value = self.login(email, PASSWORD).await.json().await.unwrap();
        let access_token = tokens["access_token"].as_str().unwrap().to_owned();
        let me: Value = self.get_json("/api/v1/me", Some(&access_token)).await;
        TestUser {
            email: email.to_owned(),
            organisation_id: me["organisation"]["id"].as_str().unwrap().to_owned(),
            user_id: me["user"]["id"].as_str().unwrap().to_owned(),
            access_token,
            refresh_token: tokens["refresh_token"].as_str().unwrap().to_owned(),
        }
    }

    /// A reservation of 1,000 of a new listing of the holder's bricks, asked from the
    /// listing by the taker, then confirmed and completed (collected) by the holder.
    pub async fn collected_reservation(&self, holder: &TestUser, taker: &TestUser) -> Value {
        let listing = post_listing(self, holder, &super::bricks_in_lens(), true).await;
        let path = format!(
            "/api/v1/listings/{}/reservations",
            listing["id"].as_str().unwrap()
        );
        let body = json!({ "quantity": 1000 });
        let reserved = self.post(&path, &body, Some(&taker.access_token)).await;
        assert_eq!(reserved.status(), 201);
        let reserved: Value = reserved.json().await.unwrap();
        let id = reserved["id"].as_str().unwrap();
        for step in ["confirm", "complete"] {
            let answer = self.reservation_step(id, step, &holder.access_token).await;
            assert_eq!(answer.status(), 200, "{step}");
        }
        reserved
    }

    /// The Lens demolition firm and the Lille builder most exchanges are between.
    pub async fn holder_and_taker(&self) -> (TestUser, TestUser) {
        let holder = self
            .signed_up_user("holder@demolition.test", "Démolition Lens")
            .await;
        let taker = self
            .signed_up_user("taker@builder.test", "Construire Lille")
            .await;
        (holder, taker)
    }

    /// Runs the grouped match emails' pass as if it were `at`; returns how many emails it
    /// queued.
    pub async fn send_grouped_at(&self, at: chrono::NaiveDateTime) -> usize {
        terril::notify::grouped::send_due(&self.db, &self.notifier, at)
            .await
            .expect("sending grouped match emails")
    }
}

/// Posts a listing (published or a draft); asserts 201 and returns it.
pub async fn post_listing(
    app: &TestApp,
    user: &TestUser,
    body: &impl Serialize,
    publish: bool,
) -> Value {
    let response = app.post_listing(&user.access_token, body, publish).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// Publishes a wanted request; asserts 201 and returns it.
pub async fn post_wanted(app: &TestApp, user: &TestUser, body: &impl Serialize) -> Value {
    let response = app.post_wanted(&user.access_token, body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// The matches of a wanted request, as its owner sees them.
pub async fn matches_of_wanted(app: &TestApp, owner: &TestUser, wanted: &Value) -> Vec<Value> {
    let path = format!("/api/v1/wanted/{}/matches", wanted["id"].as_str().unwrap());
    let response = app.get(&path, Some(&owner.access_token)).await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    page["items"].as_array().unwrap().clone()
}

/// The ids of the listings a public search finds, in order.
pub async fn search_ids(app: &TestApp, query: &str) -> Vec<String> {
    let page: Value = app
        .get_json(&format!("/api/v1/listings?{query}"), None)
        .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Creates an API key; asserts 201 and returns the answer (with its `secret`).
pub async fn api_key(app: &TestApp, user: &TestUser, name: &str, scopes: &[&str]) -> Value {
    let response = app.create_api_key(&user.access_token, name, scopes).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}
