use super::client_ip;
use crate::limits::RateLimitSettings;

fn request_from(peer: &str, forwarded: Option<&str>) -> actix_web::dev::ServiceRequest {
    let mut request = actix_web::test::TestRequest::default().peer_addr(peer.parse().unwrap());
    if let Some(value) = forwarded {
        request = request.insert_header(("x-forwarded-for", value));
    }
    request.to_srv_request()
}

#[test]
fn forwarded_addresses_are_believed_from_listed_proxies_only() {
    let proxies: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
    let ip = |peer, header| client_ip(&request_from(peer, header), &proxies).to_string();
    // From a listed proxy: the nearest address that is not a proxy.
    assert_eq!(ip("10.0.0.2:1", Some("203.0.113.9")), "203.0.113.9");
    assert_eq!(
        ip("10.0.0.2:1", Some("198.51.100.1, 203.0.113.9, 10.0.0.7")),
        "203.0.113.9"
    );
    // From anyone else the header is the client's own claim, and ignored.
    assert_eq!(ip("192.0.2.5:1", Some("203.0.113.9")), "192.0.2.5");
    // A proxy that forwards nothing, or rubbish: the proxy, or the last believable hop.
    assert_eq!(ip("10.0.0.2:1", None), "10.0.0.2");
    assert_eq!(ip("10.0.0.2:1", Some("not-an-ip, 10.0.0.3")), "10.0.0.3");
    // IPv6 clients count by their /56.
    assert_eq!(ip("[2001:db8:1:2:3:4:5:6]:1", None), "2001:db8:1::");
}

#[test]
fn trusted_proxies_take_addresses_and_networks_as_documented() {
    // The value as the environment gives it (`TERRIL_RATE_LIMIT__TRUSTED_PROXIES=...`),
    // parsed as figment parses every variable, and as the file gives it.
    let from_env = |written: &str| {
        let value: figment::value::Value = written.parse().unwrap();
        figment::Figment::new()
            .merge(("trusted_proxies", value))
            .extract::<RateLimitSettings>()
            .map_err(|e| e.to_string())
    };
    let settings = from_env("[10.0.0.0/8, 192.0.2.7, 2001:db8::/32, ::1]").unwrap();
    let written: Vec<String> = settings
        .trusted_proxies
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        written,
        ["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "::1/128"]
    );
    use figment::providers::{Format, Toml};
    let file: RateLimitSettings = figment::Figment::from(Toml::string(
        "trusted_proxies = ['10.0.0.0/8', '192.0.2.7']",
    ))
    .extract()
    .unwrap();
    assert_eq!(file.trusted_proxies, settings.trusted_proxies[..2]);
    // A bare address is that address alone.
    let ip = |peer| {
        client_ip(
            &request_from(peer, Some("203.0.113.9")),
            &file.trusted_proxies,
        )
    };
    assert_eq!(ip("192.0.2.7:1").to_string(), "203.0.113.9");
    assert_eq!(ip("192.0.2.8:1").to_string(), "192.0.2.8");
    // Anything else is refused, naming the entry and the setting.
    let error = from_env("[10.0.0.0/8, proxy.internal]").unwrap_err();
    assert!(
        error.contains("`proxy.internal` in rate_limit.trusted_proxies"),
        "{error}"
    );
    assert!(from_env("[10.0.0.0/33]").is_err());
}
