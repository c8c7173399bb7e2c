//! A listing's photos as its pages show them. On the listing's page, a gallery: one photo
//! large (the first, or the one `?photo=N` names) and thumbnails that choose another by
//! a plain link, so it works without script; on the listing form, the photos it has.
//! Each image carries its width and height, so that nothing moves as it loads.
use minijinja::{context, Value};
use serde::Serialize;

use crate::photos::images::thumbnail_size;
use crate::views::photos::PhotoView;

/// One photo, with the sizes of its two images.
#[derive(Debug, Serialize)]
pub struct GalleryPhoto {
    pub id: String,
    /// Its place among the listing's photos, from 1.
    pub n: usize,
    pub width: u32,
    pub height: u32,
    pub thumb_width: u32,
    pub thumb_height: u32,
}

/// The photos, in the order they were added.
pub fn photos(views: &[PhotoView]) -> Vec<GalleryPhoto> {
    views
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (width, height) = (p.width.max(1) as u32, p.height.max(1) as u32);
            let (thumb_width, thumb_height) = thumbnail_size(width, height);
            GalleryPhoto {
                id: p.id.to_string(),
                n: i + 1,
                width,
                height,
                thumb_width,
                thumb_height,
            }
        })
        .collect()
}

/// The gallery: its photos, the one shown large (`chosen`, as `?photo=` says it; the
/// first when it names none of them) and the ones before and after it.
pub fn gallery(views: &[PhotoView], chosen: Option<&str>) -> Value {
    let photos = photos(views);
    let count = photos.len();
    let current = chosen
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|n| (1..=count).contains(n))
        .unwrap_or(1);
    let previous = (current > 1).then(|| current - 1);
    let next = (current < count).then(|| current + 1);
    context! {
        large => photos.get(current - 1).map(Value::from_serialize),
        photos => Value::from_serialize(&photos),
        count,
        current,
        previous,
        next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(width: i32, height: i32) -> PhotoView {
        PhotoView {
            id: crate::domain::PhotoId::generate(),
            listing_id: crate::domain::ListingId::generate(),
            width,
            height,
            url: String::new(),
            thumbnail_url: String::new(),
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn the_photo_named_is_shown_large_and_any_other_value_shows_the_first() {
        let views = [view(2048, 1536), view(1536, 2048), view(300, 200)];
        let shown = |chosen| {
            let gallery = gallery(&views, chosen);
            let current = gallery.get_attr("current").unwrap();
            usize::try_from(current).unwrap()
        };
        assert_eq!(shown(Some("2")), 2);
        assert_eq!(shown(None), 1);
        assert_eq!(shown(Some("4")), 1);
        assert_eq!(shown(Some("0")), 1);
        assert_eq!(shown(Some("deux")), 1);
        let photos = photos(&views);
        assert_eq!((photos[0].thumb_width, photos[0].thumb_height), (400, 300));
        assert_eq!((photos[1].thumb_width, photos[1].thumb_height), (300, 400));
        assert_eq!((photos[2].thumb_width, photos[2].thumb_height), (300, 200));
    }
}
