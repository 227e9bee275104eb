//! What `pdf-extract` does not check before it runs, checked here: a
//! stream that would inflate too far, a page tree or form that loops or
//! nests too deep (it would recurse until its stack ran out); and the
//! `'` and `"` operators it does not know, spelled out for it.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

use crate::parse::SkipReason;

/// One stream may inflate to this much (a page's content is kilobytes, a
/// font a few megabytes)...
const MAX_STREAM_BYTES: u64 = 128 * 1024 * 1024;
/// ...and all of them together to this.
const MAX_INFLATED_BYTES: u64 = 1024 * 1024 * 1024;
/// Forms drawn inside forms, and nodes visited checking them.
const MAX_FORM_DEPTH: usize = 32;
const MAX_FORM_VISITS: usize = 100_000;

/// `pdf-extract` 0.12 has no `'` and `"` (next line, then show): it drops
/// their text and, worse, stays on the line, so every line after is placed
/// too high (Ghostscript writes them for most lines). They are rewritten as
/// the operators they stand for (`T*` `Tj`; `Tw` `Tc` `T*` `Tj`) in the
/// content of pages and forms that use them.
pub(super) fn spell_out_quote_operators(doc: &mut Document, pages: &BTreeMap<u32, ObjectId>) {
    for &page in pages.values() {
        let Ok(data) = doc.get_page_content(page) else {
            continue;
        };
        let Some(rewritten) = spelled_out(&data) else {
            continue;
        };
        let id = doc.add_object(Stream::new(Dictionary::new(), rewritten));
        if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(page) {
            dict.set("Contents", Object::Reference(id));
        }
    }
    let forms: Vec<ObjectId> = (doc.objects.iter())
        .filter(|(_, o)| {
            matches!(o, Object::Stream(s) if s.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Form"))
        })
        .map(|(id, _)| *id)
        .collect();
    for id in forms {
        let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else {
            continue;
        };
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        if let Some(rewritten) = spelled_out(&data) {
            stream.set_plain_content(rewritten);
        }
    }
}

/// A content stream with `'` and `"` spelled out, `None` when it has none
/// (or cannot be read: the reader will say so).
fn spelled_out(data: &[u8]) -> Option<Vec<u8>> {
    if !data.iter().any(|&b| b == b'\'' || b == b'"') {
        return None;
    }
    let content = Content::decode(data).ok()?;
    if !(content.operations.iter()).any(|op| op.operator == "'" || op.operator == "\"") {
        return None;
    }
    let mut operations = Vec::with_capacity(content.operations.len() + 16);
    for op in content.operations {
        match (op.operator.as_str(), op.operands.as_slice()) {
            ("'", [text]) => {
                operations.push(Operation::new("T*", vec![]));
                operations.push(Operation::new("Tj", vec![text.clone()]));
            }
            ("\"", [aw, ac, text]) => {
                operations.push(Operation::new("Tw", vec![aw.clone()]));
                operations.push(Operation::new("Tc", vec![ac.clone()]));
                operations.push(Operation::new("T*", vec![]));
                operations.push(Operation::new("Tj", vec![text.clone()]));
            }
            _ => operations.push(op),
        }
    }
    Content { operations }.encode().ok()
}

/// Inflates every compressed stream but images (which the reader never
/// inflates) into nothing, counting: a stream that would inflate past the
/// bounds is refused before the reader holds it in memory.
pub(super) fn check_streams(doc: &Document) -> Result<(), SkipReason> {
    let mut total = 0u64;
    for object in doc.objects.values() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let is_image = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Image");
        let flate = match stream.dict.get(b"Filter") {
            Ok(Object::Name(n)) => n == b"FlateDecode",
            Ok(Object::Array(a)) => a
                .iter()
                .any(|f| matches!(f, Object::Name(n) if n == b"FlateDecode")),
            _ => false,
        };
        if is_image || !flate {
            total += stream.content.len() as u64;
            continue;
        }
        let inflated =
            flate2::read::ZlibDecoder::new(stream.content.as_slice()).take(MAX_STREAM_BYTES + 1);
        let n = std::io::copy(&mut std::io::BufReader::new(inflated), &mut std::io::sink())
            .unwrap_or(0);
        if n > MAX_STREAM_BYTES {
            return Err(SkipReason::PdfRefused(format!(
                "a stream inflates past {} MB",
                MAX_STREAM_BYTES >> 20
            )));
        }
        total += n;
        if total > MAX_INFLATED_BYTES {
            return Err(SkipReason::PdfRefused(format!(
                "its streams inflate past {} MB",
                MAX_INFLATED_BYTES >> 20
            )));
        }
    }
    Ok(())
}

pub(super) fn deref<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

fn dict_at<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match deref(doc, dict.get(key).ok()?)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// Every page's chain of parents ends: the reader follows it for inherited
/// resources without counting.
pub(super) fn check_page_tree(
    doc: &Document,
    pages: &BTreeMap<u32, ObjectId>,
) -> Result<(), SkipReason> {
    for &id in pages.values() {
        let mut seen = HashSet::new();
        let mut at = doc.get_dictionary(id).ok();
        while let Some(node) = at {
            if seen.len() > 64 {
                return Err(SkipReason::PdfRefused("its page tree is too deep".into()));
            }
            match node.get(b"Parent") {
                Ok(Object::Reference(parent)) => {
                    if !seen.insert(*parent) {
                        return Err(SkipReason::PdfRefused(
                            "a self-referencing page tree".into(),
                        ));
                    }
                    at = doc.get_dictionary(*parent).ok();
                }
                _ => at = None,
            }
        }
    }
    Ok(())
}

/// The resources a page draws with (its own, else its parents').
fn page_resources(doc: &Document, id: ObjectId) -> Option<&Dictionary> {
    let mut node = doc.get_dictionary(id).ok()?;
    for _ in 0..64 {
        if let Some(r) = dict_at(doc, node, b"Resources") {
            return Some(r);
        }
        node = match node.get(b"Parent") {
            Ok(Object::Reference(p)) => doc.get_dictionary(*p).ok()?,
            _ => return None,
        };
    }
    None
}

/// The forms and images a resource dictionary names: (id, is a form, its
/// own resources).
fn xobjects<'a>(
    doc: &'a Document,
    resources: &'a Dictionary,
) -> Vec<(ObjectId, bool, Option<&'a Dictionary>)> {
    let Some(xobjects) = dict_at(doc, resources, b"XObject") else {
        return Vec::new();
    };
    xobjects
        .iter()
        .filter_map(|(_, object)| {
            let Object::Reference(id) = object else {
                return None;
            };
            let Ok(Object::Stream(s)) = doc.get_object(*id) else {
                return None;
            };
            let subtype = s.dict.get(b"Subtype").and_then(Object::as_name).ok()?;
            Some((*id, subtype == b"Form", dict_at(doc, &s.dict, b"Resources")))
        })
        .collect()
}

/// No form draws itself, directly or through others (the reader would
/// recurse until its stack ran out), and nesting stays shallow.
pub(super) fn check_forms(
    doc: &Document,
    pages: &BTreeMap<u32, ObjectId>,
) -> Result<(), SkipReason> {
    let mut visits = 0usize;
    let mut safe: HashSet<ObjectId> = HashSet::new();
    for &page in pages.values() {
        let Some(resources) = page_resources(doc, page) else {
            continue;
        };
        let mut path = Vec::new();
        walk_forms(doc, resources, &mut path, &mut visits, &mut safe)?;
    }
    Ok(())
}

fn walk_forms<'a>(
    doc: &'a Document,
    resources: &'a Dictionary,
    path: &mut Vec<ObjectId>,
    visits: &mut usize,
    safe: &mut HashSet<ObjectId>,
) -> Result<(), SkipReason> {
    for (id, form, own) in xobjects(doc, resources) {
        if !form || safe.contains(&id) && own.is_some() {
            continue;
        }
        *visits += 1;
        if path.contains(&id) {
            return Err(SkipReason::PdfRefused("a self-referencing form".into()));
        }
        if path.len() >= MAX_FORM_DEPTH || *visits > MAX_FORM_VISITS {
            return Err(SkipReason::PdfRefused("forms nested too deep".into()));
        }
        path.push(id);
        // A form without resources of its own draws with its caller's.
        walk_forms(doc, own.unwrap_or(resources), path, visits, safe)?;
        path.pop();
        if own.is_some() {
            safe.insert(id);
        }
    }
    Ok(())
}

pub(super) fn page_has_images(doc: &Document, page: ObjectId) -> bool {
    let Some(resources) = page_resources(doc, page) else {
        return false;
    };
    xobjects(doc, resources).iter().any(|(_, form, own)| {
        !form || own.is_some_and(|r| xobjects(doc, r).iter().any(|(_, inner, _)| !inner))
    })
}
