//! `[web]`: the sessions of people signed in to the pages, the map's tiles, and who runs
//! the service (for the legal pages).
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct WebSettings {
    /// A session ends this many days after sign-in, used or not.
    pub session_days: i64,
    /// A session unused for this many hours ends.
    pub session_idle_hours: i64,
    /// After a person publishes a post, its page waits up to this long for the matcher
    /// (on any instance) to run, so the page can say how many matches it found; 0 never
    /// waits (the page then says Terril is searching).
    pub publish_wait_ms: u64,
    pub map: MapSettings,
    pub operator: OperatorSettings,
}

/// `[web.operator]`: who runs this instance, as the legal notice must say (LCEN, art. 6
/// III: the publisher's name, address, contact, registration number, the director of
/// publication, and the host). Empty fields are shown as "not given" on the pages, so an
/// operator sees at once what is missing.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct OperatorSettings {
    /// The publisher: a company or body's name.
    pub name: String,
    /// Its legal form and capital, e.g. "SCIC SAS au capital de 10 000 €".
    pub legal_form: String,
    pub address: String,
    /// SIREN or RCS registration.
    pub registration: String,
    pub email: String,
    pub phone: String,
    pub publication_director: String,
    /// The host's name, address and phone, as one line.
    pub host: String,
    /// Who answers questions about personal data (a DPO, or the operator).
    pub privacy_contact: String,
}

/// `[web.map]`: where the map's background tiles come from. The map library itself is in
/// the binary; only tiles come from elsewhere, and when they cannot load the markers and
/// the list still show.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MapSettings {
    /// A tile URL template with `{z}`, `{x}` and `{y}` (http or https).
    pub tile_url: String,
    /// Shown in the map's corner, as the tile server's terms ask (HTML).
    pub attribution: String,
    pub max_zoom: u8,
}

impl Default for MapSettings {
    fn default() -> Self {
        Self {
            tile_url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            attribution:
                "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>"
                    .into(),
            max_zoom: 19,
        }
    }
}

impl MapSettings {
    /// The origin tiles load from (for the pages' content security policy); refuses a
    /// template that is not an http(s) URL with `{z}`, `{x}` and `{y}`.
    pub fn tile_origin(&self) -> anyhow::Result<String> {
        let url = url::Url::parse(&self.tile_url)
            .map_err(|e| anyhow::anyhow!("web.map.tile_url is not a URL: {e}"))?;
        let placeholders = ["{z}", "{x}", "{y}"]
            .iter()
            .all(|p| self.tile_url.contains(p));
        if !matches!(url.scheme(), "http" | "https") || !placeholders {
            anyhow::bail!("web.map.tile_url must be an http(s) URL with {{z}}, {{x}} and {{y}}");
        }
        Ok(url.origin().ascii_serialization())
    }
}

impl Default for WebSettings {
    fn default() -> Self {
        Self {
            session_days: 30,
            session_idle_hours: 7 * 24,
            publish_wait_ms: 2_000,
            map: MapSettings::default(),
            operator: OperatorSettings::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MapSettings;

    #[test]
    fn the_tile_origin_is_read_from_the_template() {
        let osm = MapSettings::default();
        assert_eq!(osm.tile_origin().unwrap(), "https://tile.openstreetmap.org");
        let local = MapSettings {
            tile_url: "http://127.0.0.1:8085/tiles/{z}/{x}/{y}.png".into(),
            ..MapSettings::default()
        };
        assert_eq!(local.tile_origin().unwrap(), "http://127.0.0.1:8085");
        for bad in [
            "javascript:alert(1)/{z}/{x}/{y}",
            "https://t.example/{z}/{x}.png",
            "nope",
        ] {
            let settings = MapSettings {
                tile_url: bad.into(),
                ..MapSettings::default()
            };
            assert!(settings.tile_origin().is_err(), "{bad}");
        }
    }
}
