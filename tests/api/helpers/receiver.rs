//! A webhook receiver on a port of its own: it records every request (headers and body)
//! and answers what the test scripted, in order (200 once the script runs out).
use std::collections::VecDeque;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

#[derive(Clone, Debug)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> String {
        self.headers[name].to_str().unwrap().to_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// What the receiver answers to one request.
#[derive(Clone, Copy, Debug)]
pub enum Answer {
    Status(u16),
    /// A redirect to another path of the receiver, which must not be followed.
    Redirect,
    /// No answer for this long.
    Hang(Duration),
}

#[derive(Default)]
struct Shared {
    received: Vec<Received>,
    script: VecDeque<Answer>,
    /// Requests to the redirect's target.
    redirected: usize,
}

#[derive(Clone)]
pub struct Receiver {
    pub port: u16,
    shared: Arc<Mutex<Shared>>,
}

impl Receiver {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let state = web::Data::from(shared.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .route("/moved", web::post().to(moved))
                .default_service(web::to(receive))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        Self { port, shared }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn answer(&self, answers: &[Answer]) {
        self.shared.lock().unwrap().script.extend(answers);
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().unwrap().received.clone()
    }

    pub fn redirected(&self) -> usize {
        self.shared.lock().unwrap().redirected
    }
}

async fn receive(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Mutex<Shared>>,
) -> HttpResponse {
    let mut headers = HeaderMap::new();
    for (name, value) in req.headers() {
        headers.insert(
            HeaderName::from_bytes(name.as_str().as_bytes()).unwrap(),
            HeaderValue::from_bytes(value.as_bytes()).unwrap(),
        );
    }
    let answer = {
        let mut shared = shared.lock().unwrap();
        shared.received.push(Received {
            headers,
            body: body.to_vec(),
        });
        shared.script.pop_front().unwrap_or(Answer::Status(200))
    };
    match answer {
        Answer::Status(code) => {
            HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap()).finish()
        }
        Answer::Redirect => HttpResponse::Found()
            .insert_header(("location", "/moved"))
            .finish(),
        Answer::Hang(duration) => {
            tokio::time::sleep(duration).await;
            HttpResponse::Ok().finish()
        }
    }
}

async fn moved(shared: web::Data<Mutex<Shared>>) -> HttpResponse {
    shared.lock().unwrap().redirected += 1;
    HttpResponse::Ok().finish()
}
