//! Distances on the sphere. Points are indexed as 3D unit vectors: the straight-line
//! (chord) distance between two unit vectors grows strictly with their great-circle
//! distance, so an ordinary Euclidean R-tree over them answers "within d km" and
//! "nearest first" exactly, with no special case at the poles or the antimeridian.
//! The distance reported is the haversine distance of the geo crate.
use geo::{Distance, Haversine, Point};

/// geo's mean Earth radius, so chord thresholds and reported distances agree.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

pub fn unit_vector(latitude: f64, longitude: f64) -> [f64; 3] {
    let (lat, lon) = (latitude.to_radians(), longitude.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The squared chord length of a great-circle distance, for R-tree queries, widened by a
/// hair so rounding never drops a point that is inside; callers filter exactly afterwards.
pub fn chord_squared_for_km(km: f64) -> f64 {
    let angle = (km / EARTH_RADIUS_KM).min(std::f64::consts::PI);
    let chord = 2.0 * (angle / 2.0).sin();
    chord * chord * (1.0 + 1e-9) + 1e-15
}

pub fn distance_km(from: (f64, f64), to: (f64, f64)) -> f64 {
    let a = Point::new(from.1, from.0);
    let b = Point::new(to.1, to.0);
    Haversine.distance(a, b) / 1000.0
}

/// A latitude/longitude box (west may exceed east when it crosses the antimeridian).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl BoundingBox {
    pub fn contains(&self, latitude: f64, longitude: f64) -> bool {
        let in_longitude = if self.west <= self.east {
            (self.west..=self.east).contains(&longitude)
        } else {
            longitude >= self.west || longitude <= self.east
        };
        in_longitude && (self.south..=self.north).contains(&latitude)
    }

    /// The box's centre, and a radius that surely covers it: the farthest of many points
    /// along its edges, plus a margin (edges of constant latitude are not great circles).
    pub fn covering_circle(&self) -> ((f64, f64), f64) {
        let width = if self.west <= self.east {
            self.east - self.west
        } else {
            self.east + 360.0 - self.west
        };
        let mut centre_lon = self.west + width / 2.0;
        if centre_lon > 180.0 {
            centre_lon -= 360.0;
        }
        let centre = ((self.south + self.north) / 2.0, centre_lon);
        let mut radius: f64 = 0.0;
        for step in 0..=64 {
            let t = f64::from(step) / 64.0;
            let lon = self.west + width * t;
            let lat = self.south + (self.north - self.south) * t;
            for point in [
                (self.south, lon),
                (self.north, lon),
                (lat, self.west),
                (lat, self.east),
            ] {
                radius = radius.max(distance_km(centre, point));
            }
        }
        (centre, radius * 1.01 + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lens_to_lille_is_about_27_km_and_chords_order_like_distances() {
        let lens = (50.4320, 2.8330);
        let lille = (50.6292, 3.0573);
        let amiens = (49.8941, 2.2958);
        let d = distance_km(lens, lille);
        assert!((25.0..30.0).contains(&d), "{d}");
        let chord = |a: (f64, f64), b: (f64, f64)| {
            let (p, q) = (unit_vector(a.0, a.1), unit_vector(b.0, b.1));
            (0..3).map(|i| (p[i] - q[i]).powi(2)).sum::<f64>()
        };
        assert!(chord(lens, lille) < chord(lens, amiens));
        assert!(chord(lens, lille) <= chord_squared_for_km(d));
        assert!(chord(lens, amiens) > chord_squared_for_km(d));
    }
}
