//! Requests that reqwest refuses to send, written byte by byte on a TCP stream: bytes that
//! are not allowed in a request line or a header, and their percent-encoded forms.
//!
//! actix-http reads the request head before any of Terril's code runs: a raw byte that is
//! not UTF-8 in the path (httparse), a non-ASCII one (`http::Uri`) or a control byte or
//! non-token byte in a header is answered there with a bare 400 and the connection closed,
//! and actix-http 3 has no hook to shape that answer. What reaches Terril (every
//! percent-encoded byte, and obs-text in header values) is answered with a problem.
use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::Value;

use crate::helpers::{spawn_app, TestApp};

/// Sends `head` (a whole request head) on a new connection; returns the status and the
/// body, read until the server closes.
fn send_raw(app: &TestApp, head: &[u8]) -> (u16, String, Vec<u8>) {
    let address = app.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    stream.write_all(head).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a whole head");
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head[9..12].parse().unwrap();
    (status, head.to_lowercase(), answer[split + 4..].to_vec())
}

fn get(path: &[u8], headers: &[u8]) -> Vec<u8> {
    [
        b"GET ".as_slice(),
        path,
        b" HTTP/1.1\r\nHost: terril.test\r\n",
        headers,
        b"Connection: close\r\n\r\n",
    ]
    .concat()
}

fn problem(head: &str, body: &[u8]) -> Value {
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    serde_json::from_slice(body).unwrap()
}

#[tokio::test]
async fn raw_bytes_the_parser_refuses_get_400_and_the_server_keeps_serving() {
    let app = spawn_app().await;
    let refused: [(&[u8], &[u8]); 4] = [
        (b"/api/v1/\xff", b""),
        (b"/api/v1/listings/caf\xc3\xa9", b""),
        (b"/api/v1/me", b"X-Bad: a\x01b\r\n"),
        (b"/api/v1/me", b"X\xffBad: b\r\n"),
    ];
    for (path, headers) in refused {
        let (status, _, _) = send_raw(&app, &get(path, headers));
        assert_eq!(status, 400, "{path:?} {headers:?}");
    }
    let (status, _, _) = send_raw(&app, &get(b"/health/live", b""));
    assert_eq!(status, 200);
}

#[tokio::test]
async fn percent_encoded_bytes_and_header_values_reach_terril_and_get_problems() {
    let app = spawn_app().await;
    for path in [
        &b"/api/v1/%FF"[..],
        b"/%FF%FE",
        b"/api/v1/listings/%FF",
        b"/api/v1/materials/%C3",
        b"/api/v1/photos/%FF/%00",
    ] {
        let (status, head, body) = send_raw(&app, &get(path, b""));
        assert_eq!(status, 404, "{path:?}");
        assert_eq!(problem(&head, &body)["code"], "not_found", "{path:?}");
    }
    let (status, head, body) = send_raw(&app, &get(b"/api/v1/listings?lat=%FF", b""));
    assert_eq!(status, 400);
    assert_eq!(problem(&head, &body)["code"], "bad_request");
    // A header value may hold obs-text (RFC 9110 §5.5): it is read, and not a credential.
    let (status, head, body) =
        send_raw(&app, &get(b"/api/v1/me", b"Authorization: Bearer \xff\r\n"));
    assert_eq!(status, 401);
    assert_eq!(problem(&head, &body)["code"], "unauthenticated");
}
