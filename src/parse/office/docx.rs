//! Word documents (`.docx`, Office Open XML): `word/document.xml` in
//! order, footnotes and endnotes after it, `docProps/core.xml` for the
//! properties. Only `w:t` runs are text: tracked deletions (`w:del`,
//! `w:delText`, `w:moveFrom`), field codes (`w:instrText`) and comments
//! (kept in `word/comments.xml`, never read) are not.

use std::collections::HashMap;

use super::xml::{Ev, walk};
use super::{Draft, Kind, Package, Para, Props, SkipReason};

const WHAT: &str = "Word document";

pub(crate) fn read(bytes: &[u8]) -> Result<Draft, SkipReason> {
    let mut package = Package::open(bytes, WHAT)?;
    let document = package.part("word/document.xml")?.ok_or_else(|| {
        SkipReason::BadDocument(format!("not a readable {WHAT}: no word/document.xml"))
    })?;
    let styles = match package.part("word/styles.xml")? {
        Some(xml) => styles(&xml)?,
        None => HashMap::new(),
    };
    let paras = text(&document, "word/document.xml", &styles)?.paras;
    let mut notes = Vec::new();
    for part in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(xml) = package.part(part)? {
            notes.extend(text(&xml, part, &styles)?.notes);
        }
    }
    let props = match package.part("docProps/core.xml")? {
        Some(xml) => core_properties(&xml)?,
        None => Props::default(),
    };
    super::draft(paras, notes, props)
}

/// Style ids (`Heading1`, or a translated `berschrift1`) to the kinds the
/// title rule asks about, by the style's English name as Word stores it.
fn styles(xml: &[u8]) -> Result<HashMap<String, Kind>, SkipReason> {
    let mut out = HashMap::new();
    let mut id: Option<String> = None;
    walk(xml, WHAT, "word/styles.xml", |ev| {
        if let Ev::Open(e) = ev {
            match e.local() {
                b"style" => id = e.attr(b"styleId"),
                b"name" => {
                    let kind = match e.attr(b"val").map(|v| v.to_lowercase()).as_deref() {
                        Some("title") => Kind::Title,
                        Some("heading 1") => Kind::Heading1,
                        _ => Kind::Other,
                    };
                    if let Some(id) = id.take() {
                        out.insert(id, kind);
                    }
                }
                _ => {}
            }
        }
    })?;
    Ok(out)
}

/// The paragraphs of a part, and its notes (each footnote or endnote as
/// one text) when the part holds notes.
#[derive(Default)]
struct Text {
    paras: Vec<Para>,
    notes: Vec<String>,
}

/// Elements whose content is not the document's text.
const SKIPPED: [&[u8]; 6] = [
    b"del",
    b"moveFrom",
    b"instrText",
    b"delText",
    // The fallback repeats what `mc:Choice` holds (text boxes).
    b"Fallback",
    // Paragraph properties hold tab stops (`w:tab` there is no tab).
    b"pPr",
];

fn text(xml: &[u8], part: &str, styles: &HashMap<String, Kind>) -> Result<Text, SkipReason> {
    let mut out = Text::default();
    let mut skipping = 0usize;
    let mut in_t = false;
    let mut para = String::new();
    let mut kind = Kind::Other;
    let mut tables = 0usize;
    let mut cell = String::new();
    let mut row: Vec<String> = Vec::new();
    let mut note: Option<String> = None;
    walk(xml, WHAT, part, |ev| match ev {
        Ev::Open(e) => {
            let name = e.local();
            if name == b"pStyle" {
                let id = e.attr(b"val").unwrap_or_default();
                kind = styles.get(&id).copied().unwrap_or(match id.as_str() {
                    "Title" => Kind::Title,
                    "Heading1" => Kind::Heading1,
                    _ => Kind::Other,
                });
            }
            if skipping > 0 || SKIPPED.contains(&name) {
                skipping += 1;
                return;
            }
            match name {
                b"t" => in_t = true,
                b"tab" => para.push('\t'),
                b"br" | b"cr" => para.push('\n'),
                b"tbl" => tables += 1,
                b"tr" if tables == 1 => row.clear(),
                b"tc" if tables == 1 => cell.clear(),
                b"footnote" | b"endnote" => {
                    // Separators are the line above the notes, not a note.
                    let real = e.attr(b"type").is_none_or(|t| t == "normal");
                    note = real.then(String::new);
                }
                _ => {}
            }
        }
        Ev::Close(name) => {
            if skipping > 0 {
                skipping -= 1;
                return;
            }
            match name {
                b"t" => in_t = false,
                b"p" => {
                    let text = std::mem::take(&mut para);
                    let text = text.trim();
                    if let Some(note) = note.as_mut() {
                        note.push_str(text);
                        note.push(' ');
                    } else if tables > 0 {
                        cell.push_str(text);
                        cell.push(' ');
                    } else {
                        out.paras.push(Para {
                            text: text.to_string(),
                            kind,
                        });
                    }
                    kind = Kind::Other;
                }
                b"tc" if tables == 1 => row.push(cell.trim().to_string()),
                b"tr" if tables == 1 => {
                    let cells: Vec<&str> = row.iter().map(String::as_str).collect();
                    out.paras.push(Para {
                        text: row_text(&cells),
                        kind: Kind::Other,
                    });
                }
                b"tbl" => tables = tables.saturating_sub(1),
                b"footnote" | b"endnote" => out.notes.extend(note.take()),
                _ => {}
            }
        }
        Ev::Text(t) => {
            if in_t && skipping == 0 {
                para.push_str(t);
            }
        }
    })?;
    Ok(out)
}

/// A table row as one line of text: its non-empty cells, `|` between.
pub(crate) fn row_text(cells: &[&str]) -> String {
    let cells: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
    cells.join(" | ")
}

/// `dc:title`, `dc:creator`, `dcterms:created` of `docProps/core.xml`.
fn core_properties(xml: &[u8]) -> Result<Props, SkipReason> {
    let mut props = Props::default();
    let mut field: Option<Vec<u8>> = None;
    walk(xml, WHAT, "docProps/core.xml", |ev| match ev {
        Ev::Open(e) => field = Some(e.local().to_vec()),
        Ev::Close(_) => field = None,
        Ev::Text(t) => {
            let slot = match field.as_deref() {
                Some(b"title") => &mut props.title,
                Some(b"creator") => &mut props.creator,
                Some(b"created") => &mut props.created,
                _ => return,
            };
            slot.get_or_insert_with(String::new).push_str(t);
        }
    })?;
    Ok(props)
}
