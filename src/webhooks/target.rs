//! Where a webhook may be sent: no request forgery. A target is an http(s) URL (https only
//! in production), written as an RFC 3986 URI (the spec's `format: uri`), whose host
//! resolves to global addresses only: never loopback, private, link-local
//! (169.254.169.254, the cloud metadata service, included), shared (CGNAT), multicast,
//! documentation, benchmarking or otherwise reserved, in IPv4 or IPv6. An IPv6 address
//! that carries an IPv4 address, and reaches it through the host's stack or a translator,
//! is judged by the IPv4 address: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
//! (`::a.b.c.d`), NAT64's well-known prefix (`64:ff9b::/96`, which RFC 6052 keeps for
//! global IPv4 addresses) and 6to4 (`2002::/16`). Any other IPv6 address must be global
//! unicast (`2000::/3`, less its special ranges): the rest of the space is reserved, and
//! forms such as SIIT's `::ffff:0:a.b.c.d` are refused whatever they carry.
//! The check applies to the address connected to, at delivery; at creation the URL is
//! checked as far as it can be without connecting.
//! Named hosts may be allowed for tests and closed networks (the `allowed` list, to be a
//! setting once endpoints can be created).
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use url::{Host, Url};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the URL does not parse")]
    Unparsable,
    #[error(
        "the URL is not an RFC 3986 URI: spaces and other characters outside URIs must be \
         percent-encoded, and names written in ASCII (xn--)"
    )]
    NotUri,
    #[error("only http and https URLs may receive webhooks")]
    Scheme,
    #[error("webhooks are sent over https only")]
    NotHttps,
    #[error("the URL has no host")]
    NoHost,
    #[error("URLs with a user name or password are refused")]
    Credentials,
    #[error("{0} is not a public address")]
    NotGlobal(IpAddr),
}

/// Parses and checks a target URL; its host's addresses are checked when resolved.
pub fn check_url(text: &str, https_only: bool, allowed: &[String]) -> Result<Url, Refusal> {
    let url = Url::parse(text).map_err(|_| Refusal::Unparsable)?;
    // The WHATWG parser mends what RFC 3986 refuses (spaces, `|`, non-ASCII names): a URL
    // that needs mending is refused, as the spec's `format: uri` does, rather than stored
    // as something else than what was sent.
    fluent_uri::Uri::parse(text).map_err(|_| Refusal::NotUri)?;
    match url.scheme() {
        "https" => {}
        "http" if !https_only => {}
        "http" => return Err(Refusal::NotHttps),
        _ => return Err(Refusal::Scheme),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::Credentials);
    }
    let host = url.host_str().ok_or(Refusal::NoHost)?;
    if allowed.iter().any(|a| a.eq_ignore_ascii_case(host)) {
        return Ok(url);
    }
    // A literal address is checked now (the parser has read every IPv4 spelling, such as
    // `0x7f.1`, as the address it is); a name, once resolved.
    match url.host() {
        Some(Host::Ipv4(ip)) => check_address(IpAddr::V4(ip))?,
        Some(Host::Ipv6(ip)) => check_address(IpAddr::V6(ip))?,
        Some(Host::Domain(_)) => {}
        None => return Err(Refusal::NoHost),
    }
    Ok(url)
}

pub fn check_address(ip: IpAddr) -> Result<(), Refusal> {
    if is_global(ip) {
        Ok(())
    } else {
        Err(Refusal::NotGlobal(ip))
    }
}

/// IANA's special-purpose registries, less the few ranges that are globally reachable.
const NOT_GLOBAL_V4: &[(Ipv4Addr, u8)] = &[
    (Ipv4Addr::new(0, 0, 0, 0), 8),
    (Ipv4Addr::new(10, 0, 0, 0), 8),
    (Ipv4Addr::new(100, 64, 0, 0), 10),
    (Ipv4Addr::new(127, 0, 0, 0), 8),
    (Ipv4Addr::new(169, 254, 0, 0), 16),
    (Ipv4Addr::new(172, 16, 0, 0), 12),
    (Ipv4Addr::new(192, 0, 0, 0), 24),
    (Ipv4Addr::new(192, 0, 2, 0), 24),
    (Ipv4Addr::new(192, 88, 99, 0), 24),
    (Ipv4Addr::new(192, 168, 0, 0), 16),
    (Ipv4Addr::new(198, 18, 0, 0), 15),
    (Ipv4Addr::new(198, 51, 100, 0), 24),
    (Ipv4Addr::new(203, 0, 113, 0), 24),
    (Ipv4Addr::new(224, 0, 0, 0), 4),
    (Ipv4Addr::new(240, 0, 0, 0), 4),
];

/// IANA's global unicast space: the only IPv6 addresses that may be public.
const GLOBAL_UNICAST_V6: (Ipv6Addr, u8) = (Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0), 3);

/// The special-purpose ranges inside the global unicast space.
const NOT_GLOBAL_V6: &[(Ipv6Addr, u8)] = &[
    (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23),
    (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32),
    (Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20),
];

pub fn is_global(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4 != Ipv4Addr::BROADCAST
                && !NOT_GLOBAL_V4
                    .iter()
                    .any(|&(net, len)| within_v4(v4, net, len))
        }
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => is_global(IpAddr::V4(v4)),
            None => {
                let (unicast, len) = GLOBAL_UNICAST_V6;
                within_v6(v6, unicast, len)
                    && !NOT_GLOBAL_V6
                        .iter()
                        .any(|&(net, len)| within_v6(v6, net, len))
            }
        },
    }
}

/// The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4
/// (2002::/16) address: what such an address reaches.
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = v6.segments();
    let low = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if s[..6] == [0; 6] && v6 != Ipv6Addr::UNSPECIFIED && v6 != Ipv6Addr::LOCALHOST {
        return Some(low);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(low);
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    None
}

fn within_v4(ip: Ipv4Addr, net: Ipv4Addr, len: u8) -> bool {
    Ipv4Net::new(net, len).is_ok_and(|n| IpNet::V4(n).contains(&IpAddr::V4(ip)))
}

fn within_v6(ip: Ipv6Addr, net: Ipv6Addr, len: u8) -> bool {
    Ipv6Net::new(net, len).is_ok_and(|n| IpNet::V6(n).contains(&IpAddr::V6(ip)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(ip: &str) -> bool {
        check_address(ip.parse().unwrap()).is_err()
    }

    #[test]
    fn every_kind_of_address_that_is_not_public_is_refused() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "239.255.255.250",
            "192.0.2.10",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::10.0.0.1",
            "2002:0a00:0001::1",
            "fec0::1",
            // IPv4-mapped, IPv4-compatible and NAT64 forms of loopback, private and
            // metadata addresses, in every spelling.
            "::ffff:7f00:1",
            "::ffff:10.1.2.3",
            "::ffff:192.168.0.1",
            "::ffff:a9fe:a9fe",
            "::7f00:1",
            "::10.0.0.1",
            "::169.254.169.254",
            "64:ff9b::7f00:1",
            "64:ff9b::169.254.169.254",
            "64:ff9b::192.168.1.1",
            "64:ff9b:1::8.8.8.8",
            // SIIT's IPv4-translated form (`::ffff:0:a.b.c.d`) and the rest of the space
            // outside global unicast, whatever they carry.
            "::ffff:0:7f00:1",
            "::ffff:0:808:808",
            "100::1",
            "400::1",
            "5f00::1",
            "3fff::1",
        ] {
            assert!(refused(ip), "{ip} must be refused");
        }
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "::8.8.8.8",
            "64:ff9b::8.8.8.8",
            "2002:0808:0808::1",
            "172.32.0.1",
        ] {
            assert!(!refused(ip), "{ip} is public");
        }
    }

    #[test]
    fn urls_are_checked_for_scheme_credentials_and_literal_addresses() {
        let check = |url: &str, https_only| check_url(url, https_only, &[]).err();
        assert_eq!(check("https://hooks.example.org/terril", true), None);
        assert_eq!(check("http://hooks.example.org/terril", false), None);
        assert_eq!(
            check("http://hooks.example.org/terril", true),
            Some(Refusal::NotHttps)
        );
        assert_eq!(
            check("ftp://hooks.example.org/", false),
            Some(Refusal::Scheme)
        );
        assert_eq!(check("file:///etc/passwd", false), Some(Refusal::Scheme));
        assert_eq!(
            check("https://u:p@hooks.example.org/", true),
            Some(Refusal::Credentials)
        );
        assert_eq!(check("not a url", true), Some(Refusal::Unparsable));
        assert!(matches!(
            check("https://127.0.0.1/", true),
            Some(Refusal::NotGlobal(_))
        ));
        assert!(matches!(
            check("https://[::1]:8443/", true),
            Some(Refusal::NotGlobal(_))
        ));
        assert!(matches!(
            check("http://169.254.169.254/latest/meta-data/", false),
            Some(Refusal::NotGlobal(_))
        ));
        for literal in [
            "http://[::ffff:0:7f00:1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::127.0.0.1]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://0x7f.1/",
            "http://2130706433/",
        ] {
            assert!(
                matches!(check(literal, false), Some(Refusal::NotGlobal(_))),
                "{literal}"
            );
        }
        assert_eq!(check("http://[::ffff:8.8.8.8]/hook", false), None);
        for not_uri in [
            "https://hooks.example.org/a b",
            "https://hooks.example.org/a|b",
            "https://bücher.example/",
            "https://hooks.example.org/\\x",
        ] {
            assert_eq!(check(not_uri, false), Some(Refusal::NotUri), "{not_uri}");
        }
        assert_eq!(check("https://xn--bcher-kva.example/", false), None);
        // Named private targets may be allowed, for tests and closed networks.
        let allowed = vec!["127.0.0.1".to_owned()];
        assert!(check_url("http://127.0.0.1:9000/hook", false, &allowed).is_ok());
    }
}
