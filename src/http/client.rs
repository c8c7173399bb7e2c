//! Whose budget a request spends: its API key's, its user's, or its client IP's.
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use actix_web::dev::ServiceRequest;
use ipnet::IpNet;

use crate::auth::jwt::JwtKeys;
use crate::auth::tokens::hash_secret;
use crate::http::caller::{credential, Credential};
use crate::limits::{BudgetKind, Client, Limiters};

// `Client` is the rate limiter's key, in `limits`; how a request is resolved to one is
// the edge's business, here.
impl Client {
    /// Who is calling, as far as can be told without the database: a verified access
    /// token's user, an API key already seen to be valid, or else the client IP.
    /// Sign-in and its kin always count by IP, as they are tried without credentials.
    pub fn of(
        request: &ServiceRequest,
        kind: BudgetKind,
        limiters: &Limiters,
        jwt: &JwtKeys,
    ) -> Client {
        let ip = || Client::Ip(client_ip(request, &limiters.settings().trusted_proxies));
        if kind == BudgetKind::Auth {
            return ip();
        }
        match credential(request.request()) {
            Some(Credential::Bearer(token)) => match jwt.verify(&token) {
                Ok(claims) => Client::User(claims.sub),
                Err(_) => ip(),
            },
            Some(Credential::ApiKey(key)) => {
                let hash = hash_secret(&key);
                if limiters.knows_api_key(&hash) {
                    Client::ApiKey(hash)
                } else {
                    ip()
                }
            }
            None => ip(),
        }
    }
}

/// The hash of an API key this instance has not yet seen to be valid, if the request
/// carries one.
pub fn unknown_api_key(request: &ServiceRequest, limiters: &Limiters) -> Option<String> {
    match credential(request.request()) {
        Some(Credential::ApiKey(key)) => {
            Some(hash_secret(&key)).filter(|hash| !limiters.knows_api_key(hash))
        }
        _ => None,
    }
}

/// The address of the peer; behind trusted proxies, the nearest address in
/// `X-Forwarded-For` that is not one of them (the right-most entries are the ones the
/// proxies themselves appended, so they are the ones that can be believed).
pub fn client_ip(request: &ServiceRequest, trusted: &[IpNet]) -> IpAddr {
    let peer = request
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer;
    if is_trusted(&peer) {
        let forwarded: Vec<&str> = request
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        for hop in forwarded.iter().rev() {
            let Ok(ip) = hop.trim().parse::<IpAddr>() else {
                break;
            };
            client = ip;
            if !is_trusted(&ip) {
                break;
            }
        }
    }
    by_block(client)
}

fn by_block(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 72) - 1);
                IpAddr::V6(Ipv6Addr::from(prefix))
            }
        },
        v4 => v4,
    }
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
