//! Reading an import's rows into a listing's input, and checking each with the rules of
//! every way in (`ListingInput::check`), every error kept with its line and column.
use serde_json::{Map, Value};

use super::columns::{self, Column, Kind};
use super::RowError;
use crate::catalogue::taxonomy::Taxonomy;
use crate::domain::error::{DomainError, FieldError};
use crate::domain::json_input::{parse, Refusal};
use crate::domain::json_value;
use crate::posts::listing::{Checked, ListingInput};

/// The rows read, each as the JSON object of a listing input, with its line.
pub struct Read {
    pub rows: Vec<(usize, Map<String, Value>)>,
    pub errors: Vec<RowError>,
    pub ignored_columns: Vec<String>,
    /// The file is not an inventory at all (its headers are unreadable or lack a
    /// required column): no row could be checked.
    pub refused: bool,
}

/// `;` when the header line has more of them than of `,` (French spreadsheets), else `,`.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// The error of a file with more than `max_rows` rows, found at its row `max_rows + 1`.
fn too_many_rows(max_rows: usize) -> RowError {
    let message = format!("an import takes at most {max_rows} rows");
    RowError::new(0, None, "too_many_rows", &message)
}

impl Read {
    /// Refuses the whole file for its length: its rows are no longer of interest.
    fn refuse_too_many(&mut self, max_rows: usize) {
        self.rows.clear();
        self.errors = vec![too_many_rows(max_rows)];
        self.refused = true;
    }
}

/// The rows of a CSV, read until its end or its row `max_rows + 1` (then the file is
/// refused, without reading further).
pub fn csv(text: &str, max_rows: usize) -> Read {
    let mut read = Read {
        rows: Vec::new(),
        errors: Vec::new(),
        ignored_columns: Vec::new(),
        refused: false,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            read.errors
                .push(RowError::new(1, None, "unreadable", &e.to_string()));
            return read;
        }
    };
    let mut mapped: Vec<Option<&'static Column>> = Vec::with_capacity(headers.len());
    for header in headers.iter() {
        let column = columns::find(header);
        if column.is_none() && !header.trim().is_empty() {
            read.ignored_columns.push(header.trim().to_owned());
        }
        if column.is_some_and(|c| mapped.iter().flatten().any(|m| m.field == c.field)) {
            let message = "this column is named twice";
            read.errors
                .push(RowError::new(1, Some(header), "duplicate_column", message));
        }
        mapped.push(column);
    }
    for column in columns::COLUMNS.iter().filter(|c| c.required) {
        if !mapped.iter().flatten().any(|m| m.field == column.field) {
            let message = format!("the column {} ({}) is missing", column.en, column.fr);
            read.errors.push(RowError::new(
                1,
                Some(column.en),
                "missing_column",
                &message,
            ));
        }
    }
    if !read.errors.is_empty() {
        read.refused = true;
        return read;
    }
    let mut record = csv::StringRecord::new();
    let (mut lines, mut count) = (Lines::new(text), 0);
    loop {
        // The record starts past the line breaks that follow the one before (the reader
        // skips empty lines); csv's own record positions are not the record's first line.
        let before = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = lines.at(first_byte_from(text, before));
                if record.iter().all(|cell| cell.trim().is_empty()) {
                    continue;
                }
                count += 1;
                if count > max_rows {
                    read.refuse_too_many(max_rows);
                    break;
                }
                if record.len() != mapped.len() {
                    let message = format!(
                        "this row has {} cells where the headers name {}",
                        record.len(),
                        mapped.len()
                    );
                    read.errors
                        .push(RowError::new(line, None, "wrong_cell_count", &message));
                    continue;
                }
                match object_of(line, &mapped, record.iter()) {
                    Ok(object) => read.rows.push((line, object)),
                    Err(errors) => read.errors.extend(errors),
                }
            }
            Err(e) => {
                let line = lines.at(first_byte_from(text, before));
                read.errors
                    .push(RowError::new(line, None, "unreadable", &e.to_string()));
                break;
            }
        }
    }
    read
}

/// The first byte at or after `offset` that is not a line break.
fn first_byte_from(text: &str, offset: u64) -> u64 {
    let start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(text.len());
    let skipped = text.as_bytes()[start..]
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .count();
    (start + skipped) as u64
}

/// The line (from 1) of a byte, for offsets that only grow: each call counts the line
/// breaks since the one before, so a file's lines are counted once (counting from the
/// start for each row took minutes for 100,000 rows).
struct Lines<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn at(&mut self, offset: u64) -> usize {
        let end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if end < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        let breaks = self.text[self.offset..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        (self.offset, self.line) = (end, self.line + breaks);
        self.line
    }
}

/// One CSV row as a listing input: empty cells are left out (the defaults apply), the
/// audit's extra columns become lines of the description.
fn object_of<'a>(
    line: usize,
    mapped: &[Option<&'static Column>],
    cells: impl Iterator<Item = &'a str>,
) -> Result<Map<String, Value>, Vec<RowError>> {
    let mut object = Map::new();
    let mut errors = Vec::new();
    let mut extra_lines = Vec::new();
    for (column, cell) in mapped.iter().zip(cells) {
        let Some(column) = column else { continue };
        if cell.trim().is_empty() {
            continue;
        }
        match columns::read(column, cell) {
            Ok(_) if column.kind == Kind::DescriptionLine => {
                extra_lines.push(format!("{} : {}", column.help_fr, cell.trim()));
            }
            Ok(value) => {
                if column.field == "waste_code" {
                    object.insert("is_waste".into(), Value::Bool(true));
                }
                columns::set(&mut object, column.field, value);
            }
            Err((code, message)) => {
                errors.push(RowError::new(line, Some(column.en), code, &message))
            }
        }
    }
    if !extra_lines.is_empty() {
        let description = object
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let mut parts: Vec<String> = Vec::new();
        if !description.is_empty() {
            parts.push(description);
        }
        parts.extend(extra_lines);
        object.insert("description".into(), Value::String(parts.join("\n")));
    }
    if errors.is_empty() {
        Ok(object)
    } else {
        Err(errors)
    }
}

/// The rows of JSON lines, read until the end or the row `max_rows + 1` (then the file
/// is refused, without reading further).
pub fn json_lines(text: &str, max_rows: usize) -> Read {
    let mut read = Read {
        rows: Vec::new(),
        errors: Vec::new(),
        ignored_columns: Vec::new(),
        refused: false,
    };
    let mut count = 0;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        count += 1;
        if count > max_rows {
            read.refuse_too_many(max_rows);
            break;
        }
        match json_value::from_str(line) {
            Ok(Value::Object(object)) => read.rows.push((index + 1, object)),
            Ok(_) => read.errors.push(RowError::new(
                index + 1,
                None,
                "not_an_object",
                "each line is one JSON object",
            )),
            Err(json_value::Refused::Malformed(e)) => {
                let message = format!("not JSON: {e}");
                read.errors
                    .push(RowError::new(index + 1, None, "malformed_json", &message));
            }
            Err(json_value::Refused::DuplicateKey(path)) => {
                let message = format!("{path} is named twice: name each key once");
                let column = columns::column_of(&path);
                read.errors.push(RowError::new(
                    index + 1,
                    Some(&column),
                    "duplicate_key",
                    &message,
                ));
            }
        }
    }
    read
}

/// The row as a listing's input, read and checked as the API reads and checks its body
/// (the same field errors, NUL bytes and other control characters refused).
pub fn check(
    line: usize,
    object: Map<String, Value>,
    taxonomy: &Taxonomy,
) -> Result<(ListingInput, Checked), Vec<RowError>> {
    let as_errors = |fields: Vec<FieldError>| -> Vec<RowError> {
        fields
            .into_iter()
            .map(|f| {
                let column = columns::column_of(&f.field);
                RowError::new(line, Some(&column), &f.code, &f.message)
            })
            .collect()
    };
    let bytes = serde_json::to_vec(&Value::Object(object)).unwrap_or_default();
    let input: ListingInput = parse(&bytes).map_err(|refusal| match refusal {
        Refusal::Invalid(fields) => as_errors(fields),
        // Not reached (the row is a JSON object already); worded as the API's 400.
        Refusal::Malformed(e) => {
            let message = format!("the request body is not valid JSON: {e}");
            vec![RowError::new(line, None, "malformed_json", &message)]
        }
    })?;
    if input.site_id.is_some() {
        // A site must be checked as the organisation's (`Posts::placed`); rows are placed
        // by their own location.
        let message = "imported rows are placed by their location; name a site through \
                       POST /api/v1/listings";
        return Err(vec![RowError::new(
            line,
            Some("site_id"),
            "not_supported",
            message,
        )]);
    }
    let checked = input.check(taxonomy).map_err(|error| match error {
        DomainError::Invalid(fields) => as_errors(fields),
        // The checks refuse with field errors only; anything else is a fault of Terril's.
        other => vec![RowError::new(
            line,
            None,
            "internal_error",
            &other.to_string(),
        )],
    })?;
    Ok((input, checked))
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_know_their_lines_and_a_quoted_line_break_stays_in_its_cell() {
        let header: Vec<&str> = super::columns::COLUMNS.iter().map(|c| c.en).collect();
        let row = |reference: &str, title: &str| {
            let cells: Vec<String> = super::columns::COLUMNS
                .iter()
                .map(|c| match c.field {
                    "external_ref" => reference.to_owned(),
                    "title" => title.to_owned(),
                    _ => String::new(),
                })
                .collect();
            cells.join(",")
        };
        let text = format!(
            "{}\r\n{}\r\n\r\n{}\r\n",
            header.join(","),
            row("A", "\"two\nlines\""),
            row("B", "one")
        );
        let read = super::csv(&text, 2);
        let lines: Vec<usize> = read.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 5], "{:?}", read.errors);
        assert_eq!(read.rows[0].1["title"], "two\nlines");

        // One row more than the limit refuses the file, whatever its rows hold.
        let read = super::csv(&text, 1);
        assert!(read.refused && read.rows.is_empty());
        let codes: Vec<&str> = read.errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["too_many_rows"]);
    }

    #[test]
    fn json_lines_past_the_limit_refuse_the_file_and_blank_lines_do_not_count() {
        let text = "{\"title\": \"a\"}\n\n  \n{\"title\": \"b\"}\n";
        let read = super::json_lines(text, 2);
        assert_eq!(read.rows.len(), 2);
        assert!(!read.refused);
        let read = super::json_lines(text, 1);
        assert!(read.refused && read.rows.is_empty());
        assert_eq!(read.errors[0].code, "too_many_rows");
    }
}
