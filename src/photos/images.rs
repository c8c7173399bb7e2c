//! Turning an upload into the images Terril keeps: checked by content, its size read from
//! its header and bounded before a pixel is decoded, scaled down, turned upright,
//! re-encoded (which drops every metadata block, the EXIF GPS position included), and a
//! thumbnail.
//!
//! Memory: the decoded image takes width × height × 3 or 4 bytes (the limit below), and
//! scaling it down takes a few more bytes per pixel of the source's width times the
//! result's height; image's own resize would take 16 (f32 RGBA), 400 MB for a 12,000 px
//! wide image, hence `fast_image_resize`. Everything after scaling is at most 2,048 px a side.
use std::io::{BufRead, Seek};

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::error::ImageError;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::upload::Upload;
use crate::domain::error::DomainError;

/// The longest side of the kept photo and of its thumbnail, in pixels.
const FULL_SIDE: u32 = 2048;
const THUMB_SIDE: u32 = 400;
/// The longest side decoded, whatever the pixel limit (a 24 MP panorama still fits).
pub const MAX_SIDE: u32 = 12_000;
/// Decoded bytes a pixel may take: 8-bit RGBA. A 16-bit PNG counts twice its pixels.
const BYTES_A_PIXEL: u64 = 4;
/// What a decoder may allocate beyond the image itself (a PNG's rows, a JPEG's tables).
const DECODER_SLACK: u64 = 16 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;

/// How large an upload may be once decoded (`[photos]` settings).
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub max_pixels: u64,
}

impl Bounds {
    fn max_decoded_bytes(self) -> u64 {
        self.max_pixels.saturating_mul(BYTES_A_PIXEL)
    }

    /// The same bounds, as the decoders themselves enforce them.
    fn limits(self) -> Limits {
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(self.max_decoded_bytes().saturating_add(DECODER_SLACK));
        limits
    }
}

pub struct Prepared {
    pub full: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn refused(code: &str, message: &str) -> DomainError {
    DomainError::field("photo", code, message)
}

fn too_large(bounds: Bounds) -> DomainError {
    let megapixels = bounds.max_pixels as f64 / 1e6;
    let message = format!(
        "this image is too large to be read: at most {megapixels:.1} million pixels \
         and {MAX_SIDE} pixels a side are taken; scale it down first"
    );
    refused("image_too_large", &message)
}

/// An image error as the field error a person can act on.
fn unreadable(bounds: Bounds) -> impl Fn(ImageError) -> DomainError {
    move |error| match error {
        ImageError::Limits(_) => too_large(bounds),
        _ => refused("unreadable_image", "this image could not be read"),
    }
}

/// The format of `upload`, if it is one Terril reads.
fn format_of(upload: &mut Upload) -> Result<ImageFormat, DomainError> {
    let head = upload.head(32).map_err(DomainError::internal)?;
    match image::guess_format(&head) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Ok(format),
        _ => Err(refused(
            "not_an_image",
            "this file is not a JPEG, PNG or WebP image",
        )),
    }
}

/// Refuses an image of these sizes: sides, pixels, and bytes once decoded.
fn check_size(width: u32, height: u32, decoded: u64, bounds: Bounds) -> Result<(), DomainError> {
    let pixels = u64::from(width) * u64::from(height);
    let long = width.max(height) > MAX_SIDE;
    if long || pixels > bounds.max_pixels || decoded > bounds.max_decoded_bytes() {
        return Err(too_large(bounds));
    }
    Ok(())
}

/// The decoder of an upload, its header read and its size checked, before any pixel is
/// decoded; a field error `photo` when it is too large or its header unreadable.
fn open<'a, R: BufRead + Seek + 'a>(
    upload: R,
    format: ImageFormat,
    bounds: Bounds,
) -> Result<impl ImageDecoder + 'a, DomainError> {
    let mut reader = ImageReader::with_format(upload, format);
    reader.limits(bounds.limits());
    let decoder = reader.into_decoder().map_err(unreadable(bounds))?;
    let (width, height) = decoder.dimensions();
    check_size(width, height, decoder.total_bytes(), bounds)?;
    Ok(decoder)
}

/// A JPEG's size from its header, read where it lies: image's decoder copies the whole
/// file before reading its header.
fn check_jpeg_header(reader: impl BufRead + Seek, bounds: Bounds) -> Result<(), DomainError> {
    let options = zune_jpeg::zune_core::options::DecoderOptions::default()
        .set_strict_mode(false)
        .set_max_width(usize::MAX)
        .set_max_height(usize::MAX);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(reader, options);
    let unreadable = || refused("unreadable_image", "this image could not be read");
    decoder.decode_headers().map_err(|_| unreadable())?;
    let (width, height) = decoder.dimensions().ok_or_else(unreadable)?;
    let side = |n: usize| u32::try_from(n).map_err(|_| too_large(bounds));
    let (width, height) = (side(width)?, side(height)?);
    // Decoded as RGB (CMYK included) or grey: at most 3 bytes a pixel.
    let decoded = u64::from(width) * u64::from(height) * 3;
    check_size(width, height, decoded, bounds)
}

/// Refuses `upload` as [`prepare`] would for its kind or its size, from its header alone:
/// cheap (a few KB read), so a huge image is refused without waiting for a turn.
pub fn inspect(upload: &mut Upload, bounds: Bounds) -> Result<(), DomainError> {
    let format = format_of(upload)?;
    let reader = upload.reader().map_err(DomainError::internal)?;
    match format {
        ImageFormat::Jpeg => check_jpeg_header(reader, bounds),
        _ => open(reader, format, bounds).map(drop),
    }
}

/// The images to keep of `upload`, or a field error `photo` when it is not a JPEG, PNG
/// or WebP image that decodes within `bounds`. CPU work: run it off the async threads.
pub fn prepare(mut upload: Upload, bounds: Bounds) -> Result<Prepared, DomainError> {
    let format = format_of(&mut upload)?;
    let reader = upload.into_reader().map_err(DomainError::internal)?;
    let mut decoder = open(reader, format, bounds)?;
    let orientation = decoder.orientation().ok();
    let picture = DynamicImage::from_decoder(decoder).map_err(unreadable(bounds))?;
    // Scaled first, then turned: turning the full-size image would copy it whole.
    let mut full = fit(picture, FULL_SIDE)?;
    if let Some(orientation) = orientation {
        full.apply_orientation(orientation);
    }
    let thumb = fit_copy(&full, THUMB_SIDE)?;
    Ok(Prepared {
        width: full.width(),
        height: full.height(),
        full: jpeg(full)?,
        thumb: jpeg(thumb)?,
    })
}

/// The size of the thumbnail of a photo kept at `width` × `height` (for a page's `<img>`
/// attributes, so that nothing moves as it loads).
pub fn thumbnail_size(width: u32, height: u32) -> (u32, u32) {
    if width <= THUMB_SIDE && height <= THUMB_SIDE {
        return (width.max(1), height.max(1));
    }
    fitted(width, height, THUMB_SIDE)
}

/// The size of a `width` × `height` image scaled so that its longest side is `side`.
fn fitted(width: u32, height: u32, side: u32) -> (u32, u32) {
    let scale = f64::from(side) / f64::from(width.max(height));
    let scaled = |n: u32| ((f64::from(n) * scale).round() as u32).clamp(1, side);
    (scaled(width), scaled(height))
}

/// Scaled down, keeping its proportions, so that its longest side is at most `side`;
/// never enlarged. The source is let go as soon as it is scaled.
fn fit(picture: DynamicImage, side: u32) -> Result<DynamicImage, DomainError> {
    if picture.width() <= side && picture.height() <= side {
        return Ok(picture);
    }
    fit_copy(&picture, side)
}

/// [`fit`], keeping the source.
fn fit_copy(picture: &DynamicImage, side: u32) -> Result<DynamicImage, DomainError> {
    if picture.width() <= side && picture.height() <= side {
        return Ok(picture.clone());
    }
    let (width, height) = fitted(picture.width(), picture.height(), side);
    let mut out = DynamicImage::new(width, height, picture.color());
    // Alpha is not premultiplied (that copies the whole source): the JPEG drops it anyway.
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Bilinear))
        .use_alpha(false);
    Resizer::new()
        .resize(picture, &mut out, &options)
        .map_err(DomainError::internal)?;
    Ok(out)
}

/// JPEG without alpha (transparent areas take their colour) and without metadata.
fn jpeg(picture: DynamicImage) -> Result<Vec<u8>, DomainError> {
    let picture = match picture {
        rgb @ (DynamicImage::ImageRgb8(_) | DynamicImage::ImageLuma8(_)) => rgb,
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    };
    let mut out = Vec::new();
    let encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    picture
        .write_with_encoder(encoder)
        .map_err(DomainError::internal)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use image::{GrayImage, ImageFormat, RgbaImage};

    use super::*;

    fn encoded(picture: DynamicImage, format: ImageFormat) -> Upload {
        let mut out = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut out, format).unwrap();
        Upload::from(&out.into_inner()[..])
    }

    fn code_of(error: DomainError) -> String {
        match error {
            DomainError::Invalid(fields) => fields[0].code.clone(),
            other => panic!("not a field error: {other:?}"),
        }
    }

    #[test]
    fn an_image_over_the_pixel_limit_is_refused_from_its_header() {
        let mut png = encoded(GrayImage::new(300, 200).into(), ImageFormat::Png);
        let bounds = Bounds { max_pixels: 59_999 };
        assert_eq!(
            code_of(inspect(&mut png, bounds).unwrap_err()),
            "image_too_large"
        );
        let bounds = Bounds { max_pixels: 60_000 };
        assert!(inspect(&mut png, bounds).is_ok());
        assert!(prepare(png, bounds).is_ok());
    }

    #[test]
    fn a_jpeg_s_size_is_read_from_its_header_where_it_lies() {
        let picture = image::RgbImage::new(300, 200);
        let mut jpeg = encoded(picture.into(), ImageFormat::Jpeg);
        let bounds = Bounds { max_pixels: 59_999 };
        assert_eq!(
            code_of(inspect(&mut jpeg, bounds).unwrap_err()),
            "image_too_large"
        );
        assert!(inspect(&mut jpeg, Bounds { max_pixels: 60_000 }).is_ok());
        let mut broken = Upload::from(&b"\xff\xd8\xff\xe0 not a JPEG after all"[..]);
        let bounds = Bounds { max_pixels: 60_000 };
        assert_eq!(
            code_of(inspect(&mut broken, bounds).unwrap_err()),
            "unreadable_image"
        );
    }

    #[test]
    fn a_16_bit_image_counts_its_bytes_and_a_long_side_is_refused() {
        let deep = image::ImageBuffer::<image::Rgba<u16>, _>::new(100, 100);
        let mut png = encoded(DynamicImage::ImageRgba16(deep), ImageFormat::Png);
        // 10,000 pixels, but 80,000 bytes decoded: as many as 20,000 8-bit RGBA pixels.
        let bounds = Bounds { max_pixels: 19_999 };
        assert_eq!(
            code_of(inspect(&mut png, bounds).unwrap_err()),
            "image_too_large"
        );
        assert!(inspect(&mut png, Bounds { max_pixels: 20_000 }).is_ok());
        let mut long = encoded(GrayImage::new(MAX_SIDE + 1, 1).into(), ImageFormat::Png);
        let bounds = Bounds {
            max_pixels: 1 << 30,
        };
        assert_eq!(
            code_of(inspect(&mut long, bounds).unwrap_err()),
            "image_too_large"
        );
    }

    #[test]
    fn a_large_image_is_scaled_to_fit_and_keeps_its_proportions() {
        let picture =
            RgbaImage::from_fn(3000, 1000, |x, _| image::Rgba([(x % 256) as u8, 0, 0, 0]));
        let png = encoded(picture.into(), ImageFormat::Png);
        let prepared = prepare(
            png,
            Bounds {
                max_pixels: 3_000_000,
            },
        )
        .unwrap();
        assert_eq!((prepared.width, prepared.height), (2048, 683));
        let thumb = image::load_from_memory(&prepared.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (400, 133));
        assert_eq!(fitted(640, 480, 400), (400, 300));
        assert_eq!(fitted(1, 9000, 2048), (1, 2048));
    }
}
