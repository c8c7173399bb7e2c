//! A page's form that may carry files (`multipart/form-data`), read in bounded memory.
//! The CSRF token is checked as soon as it arrives, and before any file is read: a form
//! sent from another site never reaches the disk (the form puts its token first). The
//! text fields are kept in memory up to a small cap; each file goes to its own upload (a
//! file beyond 256 KB, see `photos::Upload`) up to [`MAX_UPLOAD_BYTES`], and at most
//! `max_files` are kept. A file refused on the way (too large, one too many) is read to
//! its end and dropped, so that the form comes back whole with the reason beside its
//! field; the whole body is bounded all the same. The same form sent urlencoded (no file
//! chosen, a script, a test) is read too.
use std::io::Write;

use actix_multipart::{Field, Multipart};
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;

use crate::http::body::read_limited;
use crate::http::error::ApiError;
use crate::photos::{Decoding, Upload, MAX_UPLOAD_BYTES};
use crate::web::Visitor;

/// The most text fields a form may send (the listing form has about twenty).
const MAX_FIELDS: usize = 100;
/// The longest file name kept to be shown back.
const MAX_NAME_CHARS: usize = 80;

/// What a form with files may send.
pub struct FileLimits {
    /// All the text fields together, in bytes (each one too).
    pub text_bytes: usize,
    /// The name of the file input.
    pub file_field: &'static str,
    /// The most files kept.
    pub max_files: usize,
}

/// A file sent, under the name it had on the sender's computer.
pub struct SentFile {
    pub name: String,
    pub upload: Upload,
}

/// A file refused before it was kept: `too_large` or `too_many`.
pub struct RefusedFile {
    pub name: String,
    pub code: &'static str,
}

/// A form as it was sent: its text fields in order, its files, and the first file refused.
#[derive(Default)]
pub struct FilesForm {
    pub fields: Vec<(String, String)>,
    pub files: Vec<SentFile>,
    pub refused: Option<RefusedFile>,
}

/// Reads the form of `req`, checking its CSRF token with `visitor` first.
pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
    visitor: &Visitor,
    decoding: &Decoding,
    limits: &FileLimits,
) -> Result<FilesForm, ApiError> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let body = read_limited(req, payload, limits.text_bytes).await?;
        let fields: Vec<(String, String)> = url::form_urlencoded::parse(&body)
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        visitor.check_form(value_of(&fields, "csrf"))?;
        return Ok(FilesForm {
            fields,
            ..FilesForm::default()
        });
    }
    if !content_type.starts_with("multipart/form-data") {
        return Err(ApiError::UnsupportedMediaType);
    }
    // The text, the files kept and one more refused file (read to its end, then dropped).
    let most = limits.text_bytes + (limits.max_files + 1) * MAX_UPLOAD_BYTES;
    let announced = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if announced.is_some_and(|length| length > most) {
        return Err(ApiError::PayloadTooLarge);
    }
    let mut reader = Reader {
        form: FilesForm::default(),
        visitor,
        decoding,
        limits,
        checked: false,
        text: 0,
        total: 0,
        most,
    };
    let mut multipart = Multipart::new(req.headers(), payload);
    while let Some(field) = multipart.next().await {
        reader.field(field.map_err(unreadable)?).await?;
    }
    if !reader.checked {
        visitor.check_form("")?;
    }
    Ok(reader.form)
}

/// The value of the first field `name`, or nothing.
pub fn value_of<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, v)| v.as_str())
}

struct Reader<'a> {
    form: FilesForm,
    visitor: &'a Visitor,
    decoding: &'a Decoding,
    limits: &'a FileLimits,
    /// Whether the CSRF token came, and was right.
    checked: bool,
    /// Bytes of text, and of the whole body, read so far.
    text: usize,
    total: usize,
    most: usize,
}

impl Reader<'_> {
    async fn field(&mut self, mut field: Field) -> Result<(), ApiError> {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(shown_name);
        let Some(file_name) = file_name else {
            return self.text(name, field).await;
        };
        if !self.checked {
            // A file before the token: no form of ours sends that.
            self.visitor.check_form("")?;
        }
        let ours = name == self.limits.file_field;
        // Once a file is refused nothing is stored: the others are only read through.
        let keep =
            ours && self.form.refused.is_none() && self.form.files.len() < self.limits.max_files;
        let mut upload = keep.then(|| self.decoding.upload());
        let mut size = 0;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            self.count(chunk.len())?;
            size += chunk.len();
            if size > MAX_UPLOAD_BYTES {
                upload = None;
            } else if let Some(upload) = upload.as_mut() {
                upload.write_all(&chunk).map_err(ApiError::internal)?;
            }
        }
        // An empty file input sends one part with no file name and no bytes.
        if !ours || (size == 0 && file_name.is_empty()) {
            return Ok(());
        }
        let name = if file_name.is_empty() {
            format!("{} {}", self.limits.file_field, self.form.files.len() + 1)
        } else {
            file_name
        };
        let code = match upload {
            Some(upload) => {
                self.form.files.push(SentFile { name, upload });
                return Ok(());
            }
            None if size > MAX_UPLOAD_BYTES => "too_large",
            None => "too_many",
        };
        self.form.refused.get_or_insert(RefusedFile { name, code });
        Ok(())
    }

    async fn text(&mut self, name: String, mut field: Field) -> Result<(), ApiError> {
        if self.form.fields.len() >= MAX_FIELDS {
            return Err(ApiError::PayloadTooLarge);
        }
        let mut value = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            self.count(chunk.len())?;
            self.text += chunk.len();
            if self.text > self.limits.text_bytes {
                return Err(ApiError::PayloadTooLarge);
            }
            value.extend_from_slice(&chunk);
        }
        let value = String::from_utf8(value)
            .map_err(|_| ApiError::BadRequest("a field of the form is not text".into()))?;
        if name == "csrf" {
            self.visitor.check_form(&value)?;
            self.checked = true;
        }
        self.form.fields.push((name, value));
        Ok(())
    }

    fn count(&mut self, bytes: usize) -> Result<(), ApiError> {
        self.total += bytes;
        if self.total > self.most {
            return Err(ApiError::PayloadTooLarge);
        }
        Ok(())
    }
}

/// The file's name as shown back: without the folders some browsers send, and short.
fn shown_name(sent: &str) -> String {
    let name = sent.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    name.chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect()
}

fn unreadable(_: impl std::fmt::Debug) -> ApiError {
    ApiError::BadRequest("the form could not be read".into())
}

#[cfg(test)]
mod tests {
    use super::shown_name;

    #[test]
    fn a_file_name_is_shown_without_its_folders_and_short() {
        assert_eq!(shown_name("C:\\Users\\léa\\briques.jpg"), "briques.jpg");
        assert_eq!(shown_name("photos/tuiles.png"), "tuiles.png");
        assert_eq!(shown_name(&"a".repeat(200)).chars().count(), 80);
    }
}
