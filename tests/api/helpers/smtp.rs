//! A real SMTP server in the test process, which keeps what it receives.
use std::io;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use mailin_embedded::{response, Handler, Response, Server};

/// A message the SMTP server accepted.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub to: Vec<String>,
    pub raw: String,
}

impl ReceivedMail {
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_lowercase());
        self.raw
            .lines()
            .find(|line| line.to_lowercase().starts_with(&prefix))
            .map(|line| line[prefix.len()..].trim().to_owned())
    }
}

/// A real SMTP server (mailin-embedded) on a thread of the test process.
#[derive(Clone)]
pub struct SmtpServer {
    pub port: u16,
    inbox: Arc<Mutex<Vec<ReceivedMail>>>,
}

impl SmtpServer {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = Self {
            port,
            inbox: Arc::default(),
        };
        server.serve(listener);
        server
    }

    /// A port where no server listens yet: an SMTP outage until [`Self::start_on_port`].
    pub fn down() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Self {
            port,
            inbox: Arc::default(),
        }
    }

    pub fn start_on_port(&self) {
        let listener =
            TcpListener::bind(("127.0.0.1", self.port)).expect("the SMTP port was taken");
        self.serve(listener);
    }

    fn serve(&self, listener: TcpListener) {
        let collector = Collector {
            inbox: self.inbox.clone(),
            to: Vec::new(),
            data: Vec::new(),
        };
        std::thread::spawn(move || {
            let mut server = Server::new(collector);
            server
                .with_name("smtp.test")
                .with_num_threads(16)
                .with_tcp_listener(listener);
            let _ = server.serve();
        });
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        self.inbox.lock().unwrap().clone()
    }
}

#[derive(Clone)]
struct Collector {
    inbox: Arc<Mutex<Vec<ReceivedMail>>>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Collector {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mail = ReceivedMail {
            to: self.to.clone(),
            raw: String::from_utf8_lossy(&self.data).into_owned(),
        };
        self.inbox.lock().unwrap().push(mail);
        response::OK
    }
}
