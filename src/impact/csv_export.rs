//! Every CSV Terril writes (the AGEC declaration, the RNDTS register, the open data, the
//! impact reports, the import template) is written through [`CsvExport`], whose rows are
//! typed [`Cell`]s, so that a cell another party typed (a listing's title, an
//! organisation's name, a transporter's address) never reaches a spreadsheet as a formula.
//!
//! The rule is OWASP's (CSV Injection): a cell that starts with `=`, `+`, `-`, `@`, a tab
//! or a carriage return is written with a single quote in front ([`neutralise`]), which
//! spreadsheets read as "this is text". Figures are not text: a negative amount or a
//! coordinate pair must stay what a spreadsheet, data.gouv.fr's validator or the national
//! register's import reads as a number, so a [`Cell::Figure`] is written as it is when it
//! is one, and neutralised like text when it is not (a figure cell never carries a
//! formula, whatever a caller passes in it).
use std::borrow::Cow;

use crate::domain::error::DomainError;

/// One cell of an export: which of the two it is decides whether it may start with a sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Words: anything a person typed or chose, and Terril's own labels and codes.
    Text(&'a str),
    /// A figure Terril formatted from a number (a count, an amount, tonnes, a year, a
    /// coordinate pair `lat lon`), with a point or a comma for decimals; may be empty.
    Figure(&'a str),
}

/// The characters a spreadsheet may take as the start of a formula (OWASP).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text`, with a single quote in front when it starts like a formula.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// One or more numbers separated by single spaces (a coordinate pair is "lat lon"), each
/// an optional sign, digits, and at most one decimal point or comma followed by digits.
fn is_figures(text: &str) -> bool {
    !text.is_empty() && text.split(' ').all(is_number)
}

fn is_number(token: &str) -> bool {
    let unsigned = token.strip_prefix(['-', '+']).unwrap_or(token);
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    match unsigned.split_once(['.', ',']) {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    }
}

impl<'a> Cell<'a> {
    /// What the file holds for this cell.
    pub fn written(self) -> Cow<'a, str> {
        match self {
            Cell::Figure(text) if text.is_empty() || is_figures(text) => Cow::Borrowed(text),
            Cell::Figure(text) | Cell::Text(text) => neutralise(text),
        }
    }
}

/// A CSV file being written in memory, one row of cells at a time.
pub struct CsvExport {
    writer: ::csv::Writer<Vec<u8>>,
}

impl CsvExport {
    /// Lines end in `\n`; cells are separated by `delimiter` and quoted where needed.
    pub fn new(delimiter: u8) -> Self {
        Self::build(delimiter, ::csv::Terminator::Any(b'\n'))
    }

    /// Lines end in `\r\n`, as RFC 4180 writes them.
    pub fn crlf(delimiter: u8) -> Self {
        Self::build(delimiter, ::csv::Terminator::CRLF)
    }

    fn build(delimiter: u8, terminator: ::csv::Terminator) -> Self {
        let writer = ::csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(terminator)
            .from_writer(Vec::new());
        Self { writer }
    }

    /// The header line: column names are text like any other.
    pub fn header<'a>(
        &mut self,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), DomainError> {
        self.row(names.into_iter().map(Cell::Text))
    }

    pub fn row<'a>(
        &mut self,
        cells: impl IntoIterator<Item = Cell<'a>>,
    ) -> Result<(), DomainError> {
        let record: Vec<Cow<'a, str>> = cells.into_iter().map(Cell::written).collect();
        self.writer
            .write_record(record.iter().map(|cell| cell.as_bytes()))
            .map_err(DomainError::internal)
    }

    /// The file's text (always UTF-8: every cell is a `str`).
    pub fn into_text(self) -> Result<String, DomainError> {
        let bytes = self
            .writer
            .into_inner()
            .map_err(|e| DomainError::internal(anyhow::anyhow!("{e}")))?;
        String::from_utf8(bytes).map_err(DomainError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_starts_like_a_formula_gets_a_quote_and_other_text_is_left_alone() {
        for hostile in ["=1+1", "+33 cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "-1.5"] {
            assert_eq!(Cell::Text(hostile).written(), format!("'{hostile}"));
        }
        for plain in ["Briques", "'=already", " =1", "DAP-1", "", "12,5"] {
            assert_eq!(Cell::Text(plain).written(), plain);
        }
    }

    #[test]
    fn a_figure_keeps_its_sign_and_anything_else_in_a_figure_cell_is_neutralised() {
        for figure in [
            "-1.5",
            "-1,5",
            "+2",
            "0",
            "591.00",
            "-1.553000 47.218000",
            "",
        ] {
            assert_eq!(Cell::Figure(figure).written(), figure);
        }
        for hostile in ["-1.5+cmd", "=1", "-", "-1.", "- 1", "-1.5  2", "@1", "-inf"] {
            assert_eq!(Cell::Figure(hostile).written(), format!("'{hostile}"));
        }
    }

    #[test]
    fn rows_are_quoted_where_needed_and_read_back_as_written() {
        let mut export = CsvExport::new(b';');
        export.header(["a", "b", "c"]).unwrap();
        export
            .row([
                Cell::Text("=x;y"),
                Cell::Figure("-3,5"),
                Cell::Text("a \"b\""),
            ])
            .unwrap();
        let text = export.into_text().unwrap();
        assert_eq!(text, "a;b;c\n\"'=x;y\";-3,5;\"a \"\"b\"\"\"\n");
        let mut crlf = CsvExport::crlf(b',');
        crlf.row([Cell::Text("a"), Cell::Figure("1")]).unwrap();
        assert_eq!(crlf.into_text().unwrap(), "a,1\r\n");
    }
}
