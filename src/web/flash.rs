//! Flash messages: one short sentence after an action ("Brouillon enregistré."), shown
//! once on the next page, in that page's language, with `role="status"`.
//!
//! The action's answer (a redirect) sets a cookie naming the sentence's key in the
//! catalogue (never its text, so the next page says it in its own language) and, for
//! some, a count. The cookie is signed with the forms' key and bound to the browser id,
//! so no other site or browser can make a page say something. The page that shows it
//! clears it; a redirect in between leaves it for the page at the end.
//!
//! Why not the actix-web-flash-messages crate (0.5): its cookie is always `Secure`, which
//! the pages served over plain http in development and tests would never get back, and its
//! messages are strings, where a key and a count are what the next page must translate.
use actix_web::cookie::{Cookie, SameSite};
use actix_web::HttpResponse;

use super::Pages;

pub const FLASH_COOKIE: &str = "terril_flash";

/// A sentence of the catalogue (`flash-*`), with a count for the sentences that take one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub key: String,
    pub count: Option<i64>,
}

impl Flash {
    pub fn new(key: &str) -> Self {
        Self {
            key: key.to_owned(),
            count: None,
        }
    }

    pub fn counted(key: &str, count: i64) -> Self {
        Self {
            key: key.to_owned(),
            count: Some(count),
        }
    }

    /// `key` or `key:count`: what the cookie carries besides its signature.
    fn payload(&self) -> String {
        match self.count {
            Some(count) => format!("{}:{count}", self.key),
            None => self.key.clone(),
        }
    }

    fn parse(payload: &str) -> Option<Self> {
        let (key, count) = match payload.split_once(':') {
            Some((key, count)) => (key, Some(count.parse().ok()?)),
            None => (payload, None),
        };
        let plain = key.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        (key.starts_with("flash-") && plain && key.len() <= 64).then(|| Self {
            key: key.to_owned(),
            count,
        })
    }
}

/// The signature of `payload` for this browser: the forms' HMAC over a text no form
/// token is made of (browser ids never hold a NUL).
fn signature(pages: &Pages, browser_id: &str, payload: &str) -> String {
    pages.csrf.token(&format!("flash\0{browser_id}\0{payload}"))
}

/// The cookie that carries `flash` to this browser's next page.
pub fn cookie(pages: &Pages, browser_id: &str, flash: &Flash) -> Cookie<'static> {
    let payload = flash.payload();
    let value = format!("{payload}.{}", signature(pages, browser_id, &payload));
    Cookie::build(FLASH_COOKIE, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(pages.secure_cookies)
        .finish()
}

/// The flash a cookie's value carries, if it was signed for this browser.
pub fn read(pages: &Pages, browser_id: &str, value: &str) -> Option<Flash> {
    let (payload, signed) = value.rsplit_once('.')?;
    let expected = signature(pages, browser_id, payload);
    // Both are hex digests of the same key: comparing them in constant time is not
    // needed to keep the key, but costs nothing.
    let same = expected.len() == signed.len()
        && expected
            .bytes()
            .zip(signed.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same.then(|| Flash::parse(payload)).flatten()
}

/// Adds the flash cookie to an answer (usually a redirect).
pub fn attach(response: &mut HttpResponse, pages: &Pages, browser_id: &str, flash: &Flash) {
    // Adding a cookie fails only on a value that is not a valid header: ours never is.
    let _ = response.add_cookie(&cookie(pages, browser_id, flash));
}

/// Removes the flash cookie: the page that showed it sends this.
pub fn clear(response: &mut HttpResponse) {
    let mut gone = Cookie::build(FLASH_COOKIE, "").path("/").finish();
    gone.make_removal();
    let _ = response.add_cookie(&gone);
}

#[cfg(test)]
mod tests {
    use super::Flash;

    #[test]
    fn only_flash_keys_with_an_optional_count_are_read() {
        let counted = Flash::counted("flash-listings-published", 3);
        assert_eq!(Flash::parse(&counted.payload()), Some(counted));
        let plain = Flash::new("flash-signed-in");
        assert_eq!(Flash::parse(&plain.payload()), Some(plain));
        for wrong in ["nav-search", "flash-x:y", "flash-<b>", ""] {
            assert_eq!(Flash::parse(wrong), None, "{wrong}");
        }
    }
}
