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
    /// While down: the port, bound but not listening (connections are refused), so that
    /// no test running beside this one is given it for a server of its own.
    reserved: Arc<Mutex<Option<socket2::Socket>>>,
}

impl SmtpServer {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = Self {
            port,
            inbox: Arc::default(),
            reserved: Arc::default(),
        };
        server.serve(listener);
        server
    }

    /// A port where no server listens yet: an SMTP outage until [`Self::start_on_port`].
    pub fn down() -> Self {
        use socket2::{Domain, Socket, Type};
        // Without SO_REUSEADDR, unlike std's listeners: the kernel hands this port to no
        // one else while it is held.
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        let any_port = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        socket.bind(&any_port.into()).unwrap();
        let port = socket.local_addr().unwrap().as_socket().unwrap().port();
        Self {
            port,
            inbox: Arc::default(),
            reserved: Arc::new(Mutex::new(Some(socket))),
        }
    }

    pub fn start_on_port(&self) {
        drop(self.reserved.lock().unwrap().take());
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
