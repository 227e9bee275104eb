//! LibreOffice documents (`.odt`, OpenDocument Text): `content.xml` in
//! order, notes (`text:note`, written where they are cited) moved to the
//! end, `meta.xml` for the properties. Tracked changes
//! (`text:tracked-changes` holds the deleted text), comments
//! (`office:annotation`) and citation marks are not text.

use std::collections::HashMap;

use super::docx::row_text;
use super::xml::{Ev, walk};
use super::{Draft, Kind, Package, Para, Props, SkipReason};

const WHAT: &str = "OpenDocument text";

pub(crate) fn read(bytes: &[u8]) -> Result<Draft, SkipReason> {
    let mut package = Package::open(bytes, WHAT)?;
    let content = package
        .part("content.xml")?
        .ok_or_else(|| SkipReason::BadDocument(format!("not a readable {WHAT}: no content.xml")))?;
    // Named styles live in styles.xml, automatic ones (`P1`, parent
    // `Title`) in content.xml.
    let mut parents = HashMap::new();
    if let Some(xml) = package.part("styles.xml")? {
        style_parents(&xml, "styles.xml", &mut parents)?;
    }
    style_parents(&content, "content.xml", &mut parents)?;
    let (paras, notes) = text(&content, &parents)?;
    let props = match package.part("meta.xml")? {
        Some(xml) => meta(&xml)?,
        None => Props::default(),
    };
    super::draft(paras, notes, props)
}

/// Each style's parent, to find whether `P3` is a Title paragraph.
fn style_parents(
    xml: &[u8],
    part: &str,
    parents: &mut HashMap<String, String>,
) -> Result<(), SkipReason> {
    walk(xml, WHAT, part, |ev| {
        if let Ev::Open(e) = ev
            && e.local() == b"style"
            && let (Some(name), Some(parent)) = (e.attr(b"name"), e.attr(b"parent-style-name"))
        {
            parents.insert(name, parent);
        }
    })
}

/// Whether paragraph style `name` is (or derives from) the Title style.
fn is_title_style(name: &str, parents: &HashMap<String, String>) -> bool {
    let mut name = name;
    // A bounded climb: a style file may loop.
    for _ in 0..16 {
        if name == "Title" {
            return true;
        }
        match parents.get(name) {
            Some(parent) => name = parent,
            None => return false,
        }
    }
    false
}

/// Elements whose content is not the document's text.
const SKIPPED: [&[u8]; 6] = [
    b"tracked-changes",
    b"annotation",
    b"note-citation",
    b"sequence-decls",
    b"forms",
    // An image's description, not the document's text.
    b"desc",
];

fn text(
    xml: &[u8],
    parents: &HashMap<String, String>,
) -> Result<(Vec<Para>, Vec<String>), SkipReason> {
    let mut paras = Vec::new();
    let mut notes = Vec::new();
    let mut skipping = 0usize;
    let mut in_body = false;
    // Paragraphs nest (a note's paragraphs sit inside the citing one, a
    // frame's inside its anchor): each open paragraph has its own text.
    let mut open: Vec<(String, Kind)> = Vec::new();
    let mut note: Option<String> = None;
    let mut notes_open = 0usize;
    let mut tables = 0usize;
    let mut cell = String::new();
    let mut row: Vec<String> = Vec::new();
    walk(xml, WHAT, "content.xml", |ev| match ev {
        Ev::Open(e) => {
            let name = e.local();
            if skipping > 0 || SKIPPED.contains(&name) {
                skipping += 1;
                return;
            }
            match name {
                b"text" => in_body = true,
                b"p" | b"h" => {
                    let heading =
                        name == b"h" && e.attr(b"outline-level").is_none_or(|l| l.trim() == "1");
                    let title = e
                        .attr(b"style-name")
                        .is_some_and(|s| is_title_style(&s, parents));
                    let kind = match (title, heading) {
                        (true, _) => Kind::Title,
                        (false, true) => Kind::Heading1,
                        _ => Kind::Other,
                    };
                    open.push((String::new(), kind));
                }
                b"s" => {
                    let n = e.attr(b"c").and_then(|c| c.parse().ok()).unwrap_or(1usize);
                    if let Some((text, _)) = open.last_mut() {
                        text.extend(std::iter::repeat_n(' ', n.min(64)));
                    }
                }
                b"tab" => open.last_mut().into_iter().for_each(|(t, _)| t.push('\t')),
                b"line-break" => open.last_mut().into_iter().for_each(|(t, _)| t.push('\n')),
                b"note" => {
                    notes_open += 1;
                    if notes_open == 1 {
                        note = Some(String::new());
                    }
                }
                b"table" => tables += 1,
                b"table-row" if tables == 1 => row.clear(),
                b"table-cell" if tables == 1 => cell.clear(),
                _ => {}
            }
        }
        Ev::Close(name) => {
            if skipping > 0 {
                skipping -= 1;
                return;
            }
            match name {
                b"p" | b"h" => {
                    let Some((text, kind)) = open.pop() else {
                        return;
                    };
                    let text = text.trim();
                    if let Some(note) = note.as_mut() {
                        note.push_str(text);
                        note.push(' ');
                    } else if tables > 0 {
                        cell.push_str(text);
                        cell.push(' ');
                    } else if let Some((outer, _)) = open.last_mut() {
                        // A frame's paragraph inside another: its text joins it.
                        outer.push(' ');
                        outer.push_str(text);
                    } else if in_body {
                        paras.push(Para {
                            text: text.to_string(),
                            kind,
                        });
                    }
                }
                b"note" => {
                    notes_open = notes_open.saturating_sub(1);
                    if notes_open == 0 {
                        notes.extend(note.take());
                    }
                }
                b"table-cell" if tables == 1 => row.push(cell.trim().to_string()),
                b"table-row" if tables == 1 => {
                    let cells: Vec<&str> = row.iter().map(String::as_str).collect();
                    paras.push(Para {
                        text: row_text(&cells),
                        kind: Kind::Other,
                    });
                }
                b"table" => tables = tables.saturating_sub(1),
                _ => {}
            }
        }
        Ev::Text(t) => {
            if skipping == 0
                && let Some((text, _)) = open.last_mut()
            {
                text.push_str(t);
            }
        }
    })?;
    Ok((paras, notes))
}

/// `dc:title`, the creator and the creation date of `meta.xml`. ODF's
/// `dc:creator` is whoever saved last; `meta:initial-creator` is the
/// author, so it wins when both are there.
fn meta(xml: &[u8]) -> Result<Props, SkipReason> {
    let mut props = Props::default();
    let mut initial: Option<String> = None;
    let mut field: Option<Vec<u8>> = None;
    walk(xml, WHAT, "meta.xml", |ev| match ev {
        Ev::Open(e) => field = Some(e.local().to_vec()),
        Ev::Close(_) => field = None,
        Ev::Text(t) => {
            let slot = match field.as_deref() {
                Some(b"title") => &mut props.title,
                Some(b"creator") => &mut props.creator,
                Some(b"initial-creator") => &mut initial,
                Some(b"creation-date") => &mut props.created,
                _ => return,
            };
            slot.get_or_insert_with(String::new).push_str(t);
        }
    })?;
    if initial.as_deref().is_some_and(|i| !i.trim().is_empty()) {
        props.creator = initial;
    }
    Ok(props)
}
