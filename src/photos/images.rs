//! Turning an upload into the images Terril keeps: checked by content, decoded within
//! bounds, turned upright, re-encoded (which drops every metadata block, the EXIF GPS
//! position included), and a thumbnail.
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::domain::error::DomainError;

/// The longest side of the kept photo and of its thumbnail, in pixels.
const FULL_SIDE: u32 = 2048;
const THUMB_SIDE: u32 = 400;
/// The largest image decoded (a 10 MB file can claim far more pixels than it holds).
const MAX_SIDE: u32 = 12_000;
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;

pub struct Prepared {
    pub full: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn refused(code: &str, message: &str) -> DomainError {
    DomainError::field("photo", code, message)
}

/// The images to keep of `upload`, or a field error `photo` when it is not a JPEG, PNG
/// or WebP image that decodes. CPU work: run it off the async threads.
pub fn prepare(upload: &[u8]) -> Result<Prepared, DomainError> {
    let format = image::guess_format(upload).ok();
    let Some(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) = format else {
        return Err(refused(
            "not_an_image",
            "this file is not a JPEG, PNG or WebP image",
        ));
    };
    let mut reader = ImageReader::with_format(Cursor::new(upload), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let broken = |_| refused("unreadable_image", "this image could not be read");
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let orientation = decoder.orientation().ok();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(broken)?;
    if let Some(orientation) = orientation {
        picture.apply_orientation(orientation);
    }
    let full = fit(picture, FULL_SIDE);
    let thumb = fit(full.clone(), THUMB_SIDE);
    Ok(Prepared {
        width: full.width(),
        height: full.height(),
        full: jpeg(&full)?,
        thumb: jpeg(&thumb)?,
    })
}

/// Scaled down, keeping its proportions, so that its longest side is at most `side`;
/// never enlarged.
fn fit(picture: DynamicImage, side: u32) -> DynamicImage {
    if picture.width() <= side && picture.height() <= side {
        picture
    } else {
        picture.resize(side, side, FilterType::Triangle)
    }
}

/// JPEG without alpha (transparent areas take their colour) and without metadata.
fn jpeg(picture: &DynamicImage) -> Result<Vec<u8>, DomainError> {
    let rgb = DynamicImage::ImageRgb8(picture.to_rgb8());
    let mut out = Vec::new();
    let encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    rgb.write_with_encoder(encoder)
        .map_err(DomainError::internal)?;
    Ok(out)
}
