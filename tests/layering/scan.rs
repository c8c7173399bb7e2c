//! Reading the `crate::` and `super::` paths out of Rust source, without a parser.
//!
//! The source is split into two views of the same length: the code, with comments and
//! literals blanked, and the contents of the string literals alone (validator and serde
//! attributes name functions in strings). Comments, doc comments included, are not code and
//! are never read. A `super::` path is resolved against the file's module and the inline
//! modules (`mod tests { .. }`) around it, so only the paths that leave the crate's first
//! segment name another unit.

/// A path that names a unit: the line it is on (from 1), the first segment below the crate
/// root it reaches (`api` for `crate::api::listings`), and the path as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub line: usize,
    pub unit: String,
    pub path: String,
}

/// Every path in `source` that names a unit, for a file whose module path is `module`
/// (`["api", "listings", "create"]` for src/api/listings/create.rs, empty for src/lib.rs).
pub fn mentions(source: &str, module: &[&str]) -> Vec<Mention> {
    let views = Views::of(source);
    let lines = LineIndex::of(source);
    let mut found = Vec::new();
    let mut inline: Vec<(String, usize)> = Vec::new(); // inline module, depth of its `{`
    let mut depth = 0usize;
    for i in 0..views.code.len() {
        match views.code[i] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                inline.retain(|(_, open)| *open < depth);
            }
            _ => {}
        }
        if let Some(name) = inline_module_at(&views.code, i) {
            inline.push((name, depth));
        }
        if !matches!(views.code[i], b'c' | b's') && !matches!(views.strings[i], b'c' | b's') {
            continue; // no path starts here: spare the module path
        }
        let mut here: Vec<String> = module.iter().map(|s| s.to_string()).collect();
        here.extend(inline.iter().map(|(name, _)| name.clone()));
        for view in [&views.code, &views.strings] {
            for (unit, path) in paths_at(view, i, &here) {
                let line = lines.line_of(i);
                found.push(Mention { line, unit, path });
            }
        }
    }
    found
}

/// The lines (from 1) on which one of `names` stands in the code as a whole word.
pub fn identifiers(source: &str, names: &[&str]) -> Vec<(usize, String)> {
    let views = Views::of(source);
    let lines = LineIndex::of(source);
    let mut found = Vec::new();
    let code = &views.code;
    let mut i = 0;
    while i < code.len() {
        if is_ident(code[i]) && (i == 0 || !is_ident(code[i - 1])) {
            let word = ident_at(code, i);
            if names.contains(&word.as_str()) {
                found.push((lines.line_of(i), word.clone()));
            }
            i += word.len().max(1);
        } else {
            i += 1;
        }
    }
    found
}

/// The code and the strings' contents of one file, each as long as the source.
pub struct Views {
    pub code: Vec<u8>,
    pub strings: Vec<u8>,
}

impl Views {
    pub fn of(source: &str) -> Self {
        let b = source.as_bytes();
        let mut code = b.to_vec();
        let mut strings = vec![b' '; b.len()];
        let mut i = 0;
        while i < b.len() {
            let (start, end, kind) = match b[i] {
                b'/' if b.get(i + 1) == Some(&b'/') => (i, line_end(b, i), Lit::Comment),
                b'/' if b.get(i + 1) == Some(&b'*') => (i, block_end(b, i), Lit::Comment),
                b'"' => (i, quoted_end(b, i + 1), Lit::Str(1, 1)),
                b'\'' => match char_end(b, i) {
                    Some(end) => (i, end, Lit::Comment),
                    None => (i, i + 1, Lit::Code),
                },
                c if is_ident(c) && (i == 0 || !is_ident(b[i - 1])) => {
                    let word = ident_at(b, i);
                    let after = i + word.len();
                    match raw_string(b, &word, after) {
                        Some((end, hashes)) => (after, end, Lit::Str(hashes + 1, hashes + 1)),
                        None => (i, after, Lit::Code),
                    }
                }
                _ => (i, i + 1, Lit::Code),
            };
            match kind {
                Lit::Code => {}
                Lit::Comment => blank(&mut code, start, end),
                Lit::Str(open, close) => {
                    let inner = (start + open).min(end.saturating_sub(close))..end - close;
                    strings[inner.clone()].copy_from_slice(&b[inner]);
                    blank(&mut code, start, end);
                }
            }
            i = end.max(i + 1);
        }
        Views { code, strings }
    }
}

/// What a stretch of source is: code, something to blank, or a string literal with the
/// lengths of its opening and closing delimiters.
enum Lit {
    Code,
    Comment,
    Str(usize, usize),
}

fn blank(view: &mut [u8], start: usize, end: usize) {
    let end = end.min(view.len());
    for byte in &mut view[start..end] {
        if *byte != b'\n' {
            *byte = b' ';
        }
    }
}

fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| i + p)
}

/// The end of a block comment starting at `i`; block comments nest.
fn block_end(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0;
    while i < b.len() {
        if b[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if b[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

/// Just past the closing quote of a string whose contents start at `i`.
fn quoted_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Just past a char literal at `i` (`'{'`, `'\n'`, `'\''`, `'é'`), or none for a lifetime.
fn char_end(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i + 1) == Some(&b'\\') {
        let from = (i + 3).min(b.len());
        let close = b[from..].iter().position(|&c| c == b'\'')?;
        return Some(from + close + 1);
    }
    let first = *b.get(i + 1)?;
    let width = match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    (b.get(i + 1 + width) == Some(&b'\'')).then_some(i + 2 + width)
}

/// A raw string after the prefix `word` (`r`, `br`, `cr`) at `after`: just past its end and
/// the number of `#` around it.
fn raw_string(b: &[u8], word: &str, after: usize) -> Option<(usize, usize)> {
    if !matches!(word, "r" | "br" | "cr") {
        return None;
    }
    let hashes = b[after..].iter().take_while(|&&c| c == b'#').count();
    if b.get(after + hashes) != Some(&b'"') {
        return None; // a raw identifier (`r#type`) or a plain name
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    let body = after + hashes + 1;
    let end = b[body..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map_or(b.len(), |p| body + p + close.len());
    Some((end, hashes))
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn ident_at(b: &[u8], i: usize) -> String {
    let len = b[i..].iter().take_while(|&&c| is_ident(c)).count();
    String::from_utf8_lossy(&b[i..i + len]).into_owned()
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The name of an inline module (`mod tests {`) whose keyword starts at `i`.
fn inline_module_at(code: &[u8], i: usize) -> Option<String> {
    if !code[i..].starts_with(b"mod") || (i > 0 && is_ident(code[i - 1])) {
        return None;
    }
    let name_at = skip_space(code, i + 3);
    if name_at == i + 3 {
        return None; // `model`, `modify`: not the keyword
    }
    let name = ident_at(code, name_at);
    let brace = skip_space(code, name_at + name.len());
    (!name.is_empty() && code.get(brace) == Some(&b'{')).then_some(name)
}

/// The units named by a path starting at `i` in `view`, if one starts there, for code in
/// module `here` (the file's module and the inline modules around `i`).
fn paths_at(view: &[u8], i: usize, here: &[String]) -> Vec<(String, String)> {
    let starts_word = i == 0 || !is_ident(view[i - 1]);
    if !starts_word {
        return Vec::new();
    }
    if view[i..].starts_with(b"crate::") {
        return below_root(view, i, i + 7);
    }
    let after_colons = i >= 2 && &view[i - 2..i] == b"::";
    if !view[i..].starts_with(b"super::") || after_colons {
        return Vec::new();
    }
    let mut up = 0;
    let mut j = i;
    while view[j..].starts_with(b"super::") {
        up += 1;
        j += 7;
    }
    match up.cmp(&here.len()) {
        std::cmp::Ordering::Less => vec![(here[0].clone(), text_of(view, i))],
        std::cmp::Ordering::Equal => below_root(view, i, j),
        std::cmp::Ordering::Greater => Vec::new(), // above the crate: rustc says so
    }
}

/// The units named just below the crate root, at `j` (`api::x` or `{api::x, web}`), for a
/// path whose text starts at `i`.
fn below_root(view: &[u8], i: usize, j: usize) -> Vec<(String, String)> {
    let prefix = String::from_utf8_lossy(&view[i..j]).into_owned();
    let j = skip_space(view, j);
    if view.get(j) != Some(&b'{') {
        let unit = ident_at(view, j);
        return match unit.as_str() {
            "" | "self" => Vec::new(),
            _ => vec![(unit, text_of(view, i))],
        };
    }
    group_items(view, j)
        .into_iter()
        .filter_map(|item| {
            let unit = ident_at(item.as_bytes(), 0);
            let named = !unit.is_empty() && unit != "self";
            named.then(|| (unit, format!("{prefix}{item}")))
        })
        .collect()
}

/// The top-level items of the group whose `{` is at `j`, each with its spaces squeezed.
fn group_items(view: &[u8], j: usize) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut depth = 0;
    for &c in &view[j..] {
        match c {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            break;
        }
        if depth == 1 && c == b',' {
            items.push(String::new());
        } else if !(depth == 1 && c == b'{') {
            items.last_mut().unwrap().push(c as char);
        }
    }
    items
        .into_iter()
        .map(|item| item.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|item| !item.is_empty())
        .collect()
}

/// The path starting at `i` as written, up to its first character that is not a name or
/// `::`.
fn text_of(view: &[u8], i: usize) -> String {
    let len = view[i..]
        .iter()
        .take_while(|&&c| is_ident(c) || c == b':')
        .count();
    String::from_utf8_lossy(&view[i..i + len])
        .trim_end_matches(':')
        .to_owned()
}

/// Byte offsets to line numbers.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn of(source: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex(starts)
    }

    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(source: &str, module: &[&str]) -> Vec<(usize, String, String)> {
        mentions(source, module)
            .into_iter()
            .map(|m| (m.line, m.unit, m.path))
            .collect()
    }

    fn m(line: usize, unit: &str, path: &str) -> (usize, String, String) {
        (line, unit.to_owned(), path.to_owned())
    }

    #[test]
    fn a_plain_use_names_its_first_segment() {
        let found = units(
            "use crate::api::listings::ListingInput;\n",
            &["web", "pages"],
        );
        assert_eq!(found, [m(1, "api", "crate::api::listings::ListingInput")]);
    }

    #[test]
    fn a_grouped_use_names_each_unit_of_the_group() {
        let source =
            "use std::fmt;\nuse crate::{\n    api::x::{A, B},\n    http::Caller,\n    self,\n};\n";
        let found = units(source, &["web"]);
        assert_eq!(
            found,
            [
                m(2, "api", "crate::api::x::{A, B}"),
                m(2, "http", "crate::http::Caller")
            ]
        );
    }

    #[test]
    fn a_name_is_read_whole() {
        let found = units("use crate::webhooks::endpoints;", &["api"]);
        assert_eq!(found, [m(1, "webhooks", "crate::webhooks::endpoints")]);
    }

    #[test]
    fn a_path_in_an_expression_counts() {
        let found = units(
            "fn f() { let x = crate::http::error::ApiError::NotFound; }",
            &["db"],
        );
        assert_eq!(
            found,
            [m(1, "http", "crate::http::error::ApiError::NotFound")]
        );
    }

    #[test]
    fn an_attribute_string_counts() {
        let source = "#[derive(Validate)]\nstruct S {\n    #[validate(custom(function = \"crate::api::not_blank\"))]\n    name: String,\n    #[serde(serialize_with = \"crate::http::json_text::uuid\")]\n    id: Uuid,\n}\n";
        let found = units(source, &["domain", "soil"]);
        assert_eq!(
            found,
            [
                m(3, "api", "crate::api::not_blank"),
                m(5, "http", "crate::http::json_text::uuid")
            ]
        );
    }

    #[test]
    fn comments_are_not_code() {
        let source = "// use crate::api::x;\n//! The edge turns them into JSON in `crate::http::error`.\n/// See [`crate::web::forms`].\n/* crate::jobs /* nested */ crate::jobs */\nlet a = 1; // crate::api\n";
        assert_eq!(units(source, &["domain"]), []);
    }

    #[test]
    fn literals_that_look_like_braces_do_not_hide_modules() {
        let source = "mod tests {\n    const OPEN: char = '{';\n    const RAW: &str = r#\"}\"#;\n    fn f<'a>(s: &'a str) {}\n    use super::super::csv_export::neutralise;\n}\n";
        let found = units(source, &["impact", "agec"]);
        assert_eq!(
            found,
            [m(5, "impact", "super::super::csv_export::neutralise")]
        );
    }

    #[test]
    fn super_that_leaves_a_unit_names_the_unit_it_reaches() {
        let found = units("use super::http::Caller;\n", &["web"]);
        assert_eq!(found, [m(1, "http", "super::http::Caller")]);
        let found = units("use super::super::api::x;\n", &["web", "pages"]);
        assert_eq!(found, [m(1, "api", "super::super::api::x")]);
    }

    #[test]
    fn super_inside_a_test_module_stays_in_the_file() {
        let source =
            "fn f() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\nfn g() { super::x(); }\n";
        let found = units(source, &["changes"]);
        assert_eq!(found, [m(4, "changes", "super"), m(6, "x", "super::x")]);
    }

    #[test]
    fn identifiers_are_whole_words_of_code() {
        let source = "// ApiError\nlet e: ApiErrorKind = f(\"AppState\");\nfn g(s: AppState) {}\n";
        let found = identifiers(source, &["ApiError", "AppState"]);
        assert_eq!(found, [(3, "AppState".to_owned())]);
    }
}
