//! A browser-like client for the page tests: it keeps cookies and does not follow
//! redirects, so that each one is checked.
use reqwest::{Client, StatusCode};

use super::{TestApp, PASSWORD};

pub struct Browser {
    client: Client,
    base: String,
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookie: Vec<String>,
    pub html: String,
}

impl Page {
    /// The CSRF token of the page's forms.
    pub fn csrf(&self) -> String {
        let start = self.html.find("name=\"csrf\" value=\"").expect("a form") + 19;
        self.html[start..start + 64].to_owned()
    }
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        let client = Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self {
            client,
            base: app.address.clone(),
        }
    }

    async fn read(response: reqwest::Response) -> Page {
        let header = |name: &str| -> Vec<String> {
            response
                .headers()
                .get_all(name)
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect()
        };
        let (location, set_cookie) = (header("location").pop(), header("set-cookie"));
        let status = response.status();
        Page {
            status,
            location,
            set_cookie,
            html: response.text().await.unwrap(),
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::read(
            self.client
                .get(format!("{}{path}", self.base))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn get_in(&self, path: &str, accept_language: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.base));
        let response = request
            .header("accept-language", accept_language)
            .send()
            .await;
        Self::read(response.unwrap()).await
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let request = self.client.post(format!("{}{path}", self.base)).form(form);
        Self::read(request.send().await.unwrap()).await
    }

    /// Sends a file form (multipart) as a browser does: the CSRF token, then the file.
    pub async fn send_file(&self, action: &str, csrf: &str, field: &str, file: Vec<u8>) -> Page {
        let boundary = "terril-test-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; \
             filename=\"{field}.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(&file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = self
            .client
            .post(format!("{}{action}", self.base))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body);
        Self::read(request.send().await.unwrap()).await
    }

    /// Opens `path` and sends its form as a browser sends a form with a file input
    /// (multipart): the page's CSRF token, these fields, then each file as
    /// (input name, file name, content type, bytes).
    pub async fn submit_with_files(
        &self,
        path: &str,
        action: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &str, Vec<u8>)],
    ) -> Page {
        let csrf = self.get(path).await.csrf();
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        self.send_multipart(action, &form, files).await
    }

    /// Sends these fields, then these files, as a multipart form.
    pub async fn send_multipart(
        &self,
        action: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &str, Vec<u8>)],
    ) -> Page {
        let boundary = "terril-test-form-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        for (name, file_name, content_type, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                     filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = self
            .client
            .post(format!("{}{action}", self.base))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body);
        Self::read(request.send().await.unwrap()).await
    }

    /// Opens `path` and sends its form with these fields and the page's CSRF token.
    pub async fn submit(&self, path: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.get(path).await.csrf();
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        self.post(action, &form).await
    }

    /// A browser signed in as `email` (a verified user).
    pub async fn signed_in(app: &TestApp, email: &str) -> Self {
        let browser = Self::new(app);
        assert_eq!(browser.sign_in(email, PASSWORD).await.status, 303);
        browser
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Page {
        self.submit(
            "/sign-in",
            "/sign-in",
            &[("email", email), ("password", password)],
        )
        .await
    }
}
