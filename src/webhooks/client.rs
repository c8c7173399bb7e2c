//! The HTTP client that sends webhooks: a timeout, no redirects, no proxy from the
//! environment, and a resolver that hands the connector only addresses `target` allows,
//! so the address checked is the address connected to (a name that resolves to a public
//! address at creation and to 169.254.169.254 at delivery is refused at delivery).
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, USER_AGENT};

use super::target::{check_address, check_url, Refusal};

/// What one attempt came to.
pub struct Sent {
    /// None when no answer came.
    pub status: Option<u16>,
    pub duration: Duration,
    pub error: Option<String>,
}

impl Sent {
    /// A 2xx answer: received. Anything else (a redirect included) is a failure.
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

pub struct Sender {
    client: reqwest::Client,
    https_only: bool,
    allowed: Arc<Vec<String>>,
}

/// Resolves as the system does, then keeps the addresses webhooks may go to.
struct CheckedResolver {
    allowed: Arc<Vec<String>>,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allowed = self.allowed.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept = keep_allowed(&host, found, &allowed)?;
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

/// The addresses of `host` that webhooks may go to: all of them for an allowed name,
/// otherwise the global ones (an IPv4-mapped or NAT64 answer judged by the IPv4 address it
/// carries); a refusal when none is left.
fn keep_allowed(
    host: &str,
    found: Vec<SocketAddr>,
    allowed: &[String],
) -> Result<Vec<SocketAddr>, Refusal> {
    if allowed.iter().any(|a| a.eq_ignore_ascii_case(host)) {
        return Ok(found);
    }
    let mut refused = None;
    let global: Vec<SocketAddr> = found
        .into_iter()
        .filter(|a| match check_address(a.ip()) {
            Ok(()) => true,
            Err(refusal) => {
                refused = Some(refusal);
                false
            }
        })
        .collect();
    match (global.is_empty(), refused) {
        (true, Some(refusal)) => Err(refusal),
        _ => Ok(global),
    }
}

impl Sender {
    pub fn new(timeout: Duration, https_only: bool, allowed: Vec<String>) -> anyhow::Result<Self> {
        let allowed = Arc::new(allowed);
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(CheckedResolver {
                allowed: allowed.clone(),
            }))
            .build()?;
        Ok(Self {
            client,
            https_only,
            allowed,
        })
    }

    /// POSTs `body` to `url` with the Standard Webhooks headers.
    pub async fn send(
        &self,
        url: &str,
        id: &str,
        timestamp: i64,
        signature: &str,
        body: String,
    ) -> Sent {
        let started = Instant::now();
        // Checked again at each attempt: the rules may have changed since creation, and a
        // literal address never reaches the resolver.
        if let Err(refusal) = check_url(url, self.https_only, &self.allowed) {
            return Sent {
                status: None,
                duration: started.elapsed(),
                error: Some(refusal.to_string()),
            };
        }
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static("Terril-Webhooks/1"));
        let answer = self
            .client
            .post(url)
            .headers(headers)
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(body)
            .send()
            .await;
        match answer {
            Ok(response) => Sent {
                status: Some(response.status().as_u16()),
                duration: started.elapsed(),
                error: None,
            },
            Err(e) => Sent {
                status: None,
                duration: started.elapsed(),
                error: Some(describe(&e)),
            },
        }
    }
}

/// The error and its causes, without the URL (the endpoint's own, shown beside it).
fn describe(e: &reqwest::Error) -> String {
    let mut text = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "could not connect".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses(list: &[&str]) -> Vec<SocketAddr> {
        list.iter()
            .map(|ip| SocketAddr::new(ip.parse().unwrap(), 443))
            .collect()
    }

    #[test]
    fn a_name_answering_ipv4_in_ipv6_clothes_is_judged_by_the_ipv4_address() {
        for private in [
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
        ] {
            let refused = keep_allowed("hooks.example.org", addresses(&[private]), &[]);
            assert!(
                matches!(refused, Err(Refusal::NotGlobal(_))),
                "{private}: {refused:?}"
            );
        }
        let mixed = addresses(&["::ffff:127.0.0.1", "::ffff:8.8.8.8", "10.0.0.1"]);
        let kept = keep_allowed("hooks.example.org", mixed, &[]).unwrap();
        assert_eq!(kept, addresses(&["::ffff:8.8.8.8"]), "only the public one");
        let allowed = vec!["receiver.test".to_owned()];
        let local = keep_allowed("receiver.test", addresses(&["::ffff:127.0.0.1"]), &allowed);
        assert!(local.is_ok(), "an allowed name reaches what it resolves to");
    }
}
