//! Deserializing TOML text into typed values, with every error located.
//!
//! Owns the mapping from a problem in a TOML document — a syntax error, an unknown key, a wrong
//! type, or a semantic error found later by a validator that only knows the field's path — to
//! `file:line:column` and the field's dotted path. Knows nothing of what any document means and
//! reads no files: callers pass the text and the name to report.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::InputError;

/// One step of a path into a document: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// The path of a field, displayed as `measures[3].actions[0].at_least`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(pub Vec<Seg>);

impl FieldPath {
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// The path extended by a key.
    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        FieldPath(segs)
    }

    /// The path extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        FieldPath(segs)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for seg in &self.0 {
            match seg {
                Seg::Key(k) if first => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

/// A semantic problem found after deserializing: the field it concerns and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: FieldPath,
    pub message: String,
}

impl FieldError {
    pub fn new(path: FieldPath, message: impl Into<String>) -> Self {
        FieldError {
            path,
            message: message.into(),
        }
    }
}

/// A parsed document kept for locating fields in later error messages.
#[derive(Debug)]
pub struct TomlDoc<'a> {
    text: &'a str,
    file: PathBuf,
    root: Spanned<DeTable<'a>>,
}

/// Deserialize `text` (named `file` in messages) into `T`. Unknown keys and wrong types are
/// errors only if `T` says so (`deny_unknown_fields`, typed fields); either way the error names
/// the file, line, column and field.
pub fn parse<'a, T: DeserializeOwned>(
    text: &'a str,
    file: &Path,
) -> Result<(T, TomlDoc<'a>), InputError> {
    let root = DeTable::parse(text).map_err(|e| syntax_error(text, file, &e))?;
    let doc = TomlDoc {
        text,
        file: file.to_path_buf(),
        root,
    };
    let de = toml::de::Deserializer::parse(text).map_err(|e| syntax_error(text, file, &e))?;
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(value) => Ok((value, doc)),
        Err(err) => {
            let path = convert_path(err.path());
            let inner = err.inner();
            let span = inner.span().or_else(|| doc.span_of(&path));
            let mut e =
                InputError::new(file, clean_message(inner.message())).field(path.to_string());
            if let Some(span) = span {
                let (line, col) = line_col(text, span.start);
                e = e.at(line, col);
            }
            Err(e)
        }
    }
}

impl TomlDoc<'_> {
    /// An input error for a field, located at the field's value (or, if the field is absent,
    /// at the nearest enclosing table that exists).
    pub fn error(&self, err: &FieldError) -> InputError {
        let mut e = InputError::new(&self.file, err.message.clone()).field(err.path.to_string());
        if let Some(span) = self.span_of(&err.path) {
            let (line, col) = line_col(self.text, span.start);
            e = e.at(line, col);
        }
        e
    }

    /// Whether the document has a value at exactly `path`.
    pub fn contains(&self, path: &FieldPath) -> bool {
        self.walk(path).1 == path.0.len()
    }

    /// The byte span of the value at `path`, or of its nearest existing ancestor.
    pub fn span_of(&self, path: &FieldPath) -> Option<Range<usize>> {
        self.walk(path).0
    }

    /// Follows `path` as far as it exists: the best span found and how many steps were taken.
    fn walk(&self, path: &FieldPath) -> (Option<Range<usize>>, usize) {
        let mut best: Option<Range<usize>> = None;
        let mut steps = 0;
        let mut table: Option<&DeTable<'_>> = Some(self.root.get_ref());
        let mut array: Option<&toml::de::DeArray<'_>> = None;
        for seg in &path.0 {
            let next: Option<&Spanned<DeValue<'_>>> = match (seg, table, array) {
                (Seg::Key(k), Some(t), _) => t
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                    .map(|(_, v)| v),
                (Seg::Index(i), _, Some(a)) => a.get(*i),
                _ => None,
            };
            let Some(value) = next else { break };
            steps += 1;
            let span = value.span();
            // Tables opened with a `[header]` have an empty span; keep the last real one.
            if span.start < span.end || best.is_none() {
                best = Some(span);
            }
            table = value.get_ref().as_table();
            array = value.get_ref().as_array();
        }
        (best, steps)
    }
}

fn syntax_error(text: &str, file: &Path, e: &toml::de::Error) -> InputError {
    let mut err = InputError::new(file, clean_message(e.message()));
    if let Some(span) = e.span() {
        let (line, col) = line_col(text, span.start);
        err = err.at(line, col);
    }
    err
}

fn clean_message(message: &str) -> String {
    message.trim().replace('\n', "; ")
}

fn convert_path(path: &serde_path_to_error::Path) -> FieldPath {
    use serde_path_to_error::Segment;
    FieldPath(
        path.iter()
            .filter_map(|s| match s {
                Segment::Map { key } => Some(Seg::Key(key.clone())),
                Segment::Seq { index } => Some(Seg::Index(*index)),
                Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
                Segment::Unknown => None,
            })
            .collect(),
    )
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        share: f64,
    }

    fn file() -> PathBuf {
        PathBuf::from("t.toml")
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a = 1\nb = \"聊城\" x";
        let offset = text.find('x').unwrap();
        assert_eq!(line_col(text, offset), (2, 10));
    }

    #[test]
    fn unknown_key_is_located_and_named() {
        let text = "name = \"x\"\n[[items]]\nshare = 0.5\n[[items]]\nshare = 0.1\nshar = 2\n";
        let err = parse::<Doc>(text, &file()).unwrap_err();
        assert_eq!(err.location.line, Some(6), "{err}");
        assert!(err.message.contains("shar"), "{err}");
        assert!(err.field.starts_with("items[1]"), "{err}");
    }

    #[test]
    fn wrong_type_is_located_and_named() {
        let text = "name = \"x\"\nitems = [{ share = \"half\" }]\n";
        let err = parse::<Doc>(text, &file()).unwrap_err();
        assert_eq!(err.location.line, Some(2), "{err}");
        assert_eq!(err.field, "items[0].share", "{err}");
    }

    #[test]
    fn syntax_error_is_located() {
        let err = parse::<Doc>("name = \"x\"\nitems = [\n", &file()).unwrap_err();
        assert!(err.location.line.is_some(), "{err}");
    }

    #[test]
    fn semantic_error_is_located_by_path() {
        let text = "name = \"x\"\n\n[[items]]\nshare = 0.5\n\n[[items]]\nshare = 7\n";
        let (doc_value, doc) = parse::<Doc>(text, &file()).unwrap();
        assert_eq!(doc_value.name, "x");
        assert_eq!(doc_value.items[0].share, 0.5);
        let path = FieldPath::root().key("items").index(1).key("share");
        let err = doc.error(&FieldError::new(path, "must lie in [0, 1]"));
        assert_eq!(
            err.to_string(),
            "t.toml:7:9: items[1].share: must lie in [0, 1]"
        );
    }

    #[test]
    fn missing_field_points_at_nearest_ancestor() {
        let text = "name = \"x\"\nitems = [{ share = 0.5 }]\n";
        let (_, doc) = parse::<Doc>(text, &file()).unwrap();
        let path = FieldPath::root().key("items").index(0).key("absent");
        let err = doc.error(&FieldError::new(path, "missing"));
        assert_eq!(err.location.line, Some(2), "{err}");
    }
}
