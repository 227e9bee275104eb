//! Word (`.docx`) and LibreOffice (`.odt`) documents, and `.rtf`.
//!
//! The two zipped formats are XML parts in a zip archive: the archive is
//! opened once in memory, and each part read with a bound on its inflated
//! size and on the number of entries, so a zip bomb costs a bounded read
//! and a skip, never the run. Each reader turns its parts into paragraphs
//! (`Para`) and metadata (`Props`); `draft` applies the rules they share
//! (SPEC "Word and LibreOffice"): the title from the properties, else the
//! first Title or Heading 1 paragraph, else the first line; notes at the
//! end; authors only when `dc:creator` names a person.

mod docx;
mod odt;
pub(crate) mod rtf;
mod xml;

use std::io::{Cursor, Read};

use super::header::Meta;
use super::{Draft, SkipReason, clean};

pub(crate) use docx::read as read_docx;
pub(crate) use odt::read as read_odt;

/// Entries in one archive at most: a document has a few dozen (one per
/// image); tens of thousands are a trap, not a document.
const MAX_ENTRIES: usize = 10_000;
/// One XML part inflated at most. The text of a 1,000-page report is a few
/// MB; a part that inflates past this is a zip bomb.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// What a paragraph is, for the title rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Title,
    Heading1,
    Other,
}

/// One paragraph (or one table row) of text, in reading order.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    pub text: String,
    pub kind: Kind,
}

/// A document's properties (core properties, `meta.xml`, RTF `\info`).
#[derive(Debug, Default, Clone)]
pub(crate) struct Props {
    pub title: Option<String>,
    pub creator: Option<String>,
    pub created: Option<String>,
}

/// A zip archive of XML parts, read within bounds.
pub(crate) struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    what: &'static str,
}

impl<'a> Package<'a> {
    /// `what` names the format in reasons (`Word document`).
    pub fn open(bytes: &'a [u8], what: &'static str) -> Result<Package<'a>, SkipReason> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| SkipReason::BadDocument(format!("not a readable {what}: {e}")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(SkipReason::BadDocument(format!(
                "{what} with {} zip entries (more than {MAX_ENTRIES}: not a document)",
                zip.len()
            )));
        }
        Ok(Package { zip, what })
    }

    /// The inflated bytes of part `name`, `None` when the archive has none;
    /// a part that inflates past `MAX_PART_BYTES` (whatever its header
    /// claims) or is damaged is the document's skip.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, SkipReason> {
        let what = self.what;
        let entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(SkipReason::BadDocument(format!(
                    "{what}: cannot read {name}: {e}"
                )));
            }
        };
        let mut out = Vec::new();
        entry
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|e| SkipReason::BadDocument(format!("{what}: cannot read {name}: {e}")))?;
        if out.len() as u64 > MAX_PART_BYTES {
            return Err(SkipReason::BadDocument(format!(
                "{what}: {name} inflates past {} MB (a zip bomb?)",
                MAX_PART_BYTES >> 20
            )));
        }
        Ok(Some(out))
    }
}

/// Names tools write as a document's creator that are not a person.
const NOT_PERSONS: &[&str] = &[
    "microsoft office user",
    "windows user",
    "office user",
    "unknown",
    "author",
    "owner",
    "user",
    "admin",
    "administrator",
];

/// `dc:creator` as authors when it names persons (`Jane Doe`, `Jane Doe and
/// Li Wei`); a login (`jdoe`), a tool or a placeholder gives none.
fn authors_of(creator: Option<&str>) -> Vec<String> {
    let Some(creator) = creator.map(str::trim).filter(|c| !c.is_empty()) else {
        return Vec::new();
    };
    if NOT_PERSONS.contains(&creator.to_lowercase().as_str()) {
        return Vec::new();
    }
    clean::byline_names(creator).map_or_else(Vec::new, |(names, _)| names)
}

/// The day of an ISO timestamp (`2024-06-24T10:15:00.123456789`), as the
/// date rules read it; anything else as written (a warning then says so).
fn created_day(created: Option<&str>) -> Option<String> {
    let created = created.map(str::trim).filter(|c| !c.is_empty())?;
    let day = created.get(..10).filter(|d| {
        d.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
    });
    Some(day.unwrap_or(created).to_string())
}

/// The shared rules: paragraphs and notes, and properties, to a draft.
pub(crate) fn draft(
    paras: Vec<Para>,
    notes: Vec<String>,
    props: Props,
) -> Result<Draft, SkipReason> {
    let mut paras: Vec<Para> = paras
        .into_iter()
        .map(|p| Para {
            text: p.text.trim().to_string(),
            kind: p.kind,
        })
        .filter(|p| !p.text.is_empty())
        .collect();
    let notes: Vec<String> = notes
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    if paras.is_empty() && notes.is_empty() {
        return Err(SkipReason::NotAnArticle(
            "no text in the document".to_string(),
        ));
    }
    let titled = props
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let heading = [Kind::Title, Kind::Heading1]
        .iter()
        .find_map(|k| paras.iter().position(|p| p.kind == *k));
    let title = match (titled, heading) {
        (Some(t), _) => Some(t.to_string()),
        (None, Some(i)) => Some(paras[i].text.clone()),
        (None, None) => paras
            .first()
            .and_then(|p| p.text.lines().next())
            .map(str::to_string),
    };
    // The title is not body text too: the first paragraph goes when it is
    // the title (as a text file's title line does), unless nothing is left.
    if let (Some(t), Some(first)) = (&title, paras.first()) {
        if first.text == *t && (paras.len() > 1 || !notes.is_empty()) {
            paras.remove(0);
        } else if titled.is_none() && heading.is_none() {
            let rest = first.text.get(t.len()..).unwrap_or("").trim().to_string();
            if !rest.is_empty() {
                paras[0].text = rest;
            }
        }
    }
    let mut body: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
    body.extend(notes.iter().map(String::as_str));
    Ok(Draft {
        meta: Meta {
            title,
            authors: authors_of(props.creator.as_deref()),
            date: created_day(props.created.as_deref()),
            ..Meta::default()
        },
        body: body.join("\n\n"),
        ..Draft::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, kind: Kind) -> Para {
        Para {
            text: text.to_string(),
            kind,
        }
    }

    #[test]
    fn creators_that_are_not_persons_give_no_authors() {
        assert_eq!(authors_of(Some("Jane Doe")), ["Jane Doe"]);
        assert_eq!(
            authors_of(Some("Jane Doe and Li Wei")),
            ["Jane Doe", "Li Wei"]
        );
        assert!(authors_of(Some("jdoe")).is_empty());
        assert!(authors_of(Some("Microsoft Office User")).is_empty());
        assert!(authors_of(Some("python-docx")).is_empty());
        assert!(authors_of(None).is_empty());
    }

    #[test]
    fn title_from_properties_then_headings_then_first_line() {
        let paras = || {
            vec![
                para("Intro line", Kind::Other),
                para("The Heading", Kind::Heading1),
                para("Body text.", Kind::Other),
            ]
        };
        let props = Props {
            title: Some("Props Title".into()),
            ..Props::default()
        };
        let d = draft(paras(), vec![], props).unwrap();
        assert_eq!(d.meta.title.as_deref(), Some("Props Title"));
        assert_eq!(d.body, "Intro line\n\nThe Heading\n\nBody text.");
        let d = draft(paras(), vec!["A note.".into()], Props::default()).unwrap();
        assert_eq!(d.meta.title.as_deref(), Some("The Heading"));
        assert!(d.body.ends_with("Body text.\n\nA note."));
        let plain = vec![
            para("First line\nsecond", Kind::Other),
            para("More.", Kind::Other),
        ];
        let d = draft(plain, vec![], Props::default()).unwrap();
        assert_eq!(d.meta.title.as_deref(), Some("First line"));
        assert_eq!(d.body, "second\n\nMore.");
        assert!(draft(vec![para("  ", Kind::Other)], vec![], Props::default()).is_err());
    }

    #[test]
    fn created_is_read_as_its_day() {
        let day = |s: &str| created_day(Some(s));
        assert_eq!(
            day("2024-06-24T10:15:00.123456789").as_deref(),
            Some("2024-06-24")
        );
        assert_eq!(day("2024-06-24T10:15:00Z").as_deref(), Some("2024-06-24"));
        assert_eq!(day("yesterday").as_deref(), Some("yesterday"));
        assert_eq!(created_day(None), None);
    }
}
