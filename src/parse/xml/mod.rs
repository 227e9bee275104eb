//! Newsroom XML: WordPress exports (WXR), NITF and NewsML-G2, recognised
//! from the root element and its namespaces, never from the file name.
//!
//! One streaming layer serves all three: quick-xml reads events from a
//! transcoding reader (`decode`), and each format names the elements it
//! wants as trees (`tree`): a WXR `<item>`, a NewsML `newsItem`, the NITF
//! root. Everything between those trees is read and dropped, so a 2 GB
//! export costs one item's memory. quick-xml never reads a DTD: declared
//! entities are not expanded (no XXE, no billion laughs); the XML and HTML5
//! named entities and character references are resolved, others dropped.

mod body;
mod decode;
mod newsml;
mod nitf;
mod tree;
mod wxr;

pub(crate) use body::html_text;

use std::io::BufRead;

use quick_xml::Reader as XmlReader;
use quick_xml::events::{BytesStart, Event as XmlEvent};

use super::{Event, SkipReason, Warning};
use decode::Transcode;
use tree::{Builder, Limit, Node};

/// One item (or one NITF/NewsML document's tree) may not exceed this.
pub const MAX_ITEM_BYTES: usize = 32 * 1024 * 1024;

/// What a format does with the trees it asked for.
trait Handler {
    /// Whether an element at `depth` (0 = root) is read as a tree.
    fn wants(&self, name: &str, depth: usize) -> bool;
    /// A finished tree; `limit` says why it is incomplete, if it is.
    fn tree(&mut self, node: Node, limit: Option<Limit>, emit: &mut dyn FnMut(Event));
    fn finish(&mut self, emit: &mut dyn FnMut(Event));
}

/// The streaming reader (`parse::Reader` shape) for every newsroom XML format.
pub fn read(
    rel_path: &str,
    input: &mut dyn BufRead,
    emit: &mut dyn FnMut(Event),
) -> Result<(), SkipReason> {
    let transcode = Transcode::new(input).map_err(|e| SkipReason::NotAnArticle(e.to_string()))?;
    let mut reader = XmlReader::from_reader(std::io::BufReader::new(transcode));
    let mut handler: Option<Box<dyn Handler>> = None;
    let mut building: Option<Builder> = None;
    let mut depth = 0usize;
    let mut buf = Vec::new();
    let result = loop {
        reader.get_mut().get_mut().budget = MAX_ITEM_BYTES as u64;
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => break Err(xml_error(&reader, &e.to_string())),
        };
        match event {
            XmlEvent::Start(e) => {
                if handler.is_none() {
                    handler = Some(choose(rel_path, &e)?);
                }
                let Some(h) = handler.as_mut() else { continue };
                start(&e, depth, h.as_ref(), &mut building);
                depth += 1;
            }
            XmlEvent::Empty(e) => {
                if handler.is_none() {
                    handler = Some(choose(rel_path, &e)?);
                }
                let Some(h) = handler.as_mut() else { continue };
                start(&e, depth, h.as_ref(), &mut building);
                end(&mut building, h.as_mut(), emit);
            }
            XmlEvent::End(_) => {
                depth = depth.saturating_sub(1);
                if let Some(h) = handler.as_mut() {
                    end(&mut building, h.as_mut(), emit);
                }
            }
            XmlEvent::Text(t) => {
                if let Some(b) = building.as_mut() {
                    b.text(&String::from_utf8_lossy(&t.into_inner()));
                }
            }
            XmlEvent::CData(t) => {
                if let Some(b) = building.as_mut() {
                    b.text(&String::from_utf8_lossy(&t.into_inner()));
                }
            }
            XmlEvent::GeneralRef(r) => {
                if let Some(b) = building.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        b.text(c.encode_utf8(&mut [0; 4]));
                    } else if let Some(s) =
                        resolve_entity(&String::from_utf8_lossy(&r.into_inner()))
                    {
                        b.text(s);
                    }
                }
            }
            XmlEvent::Eof => break Ok(()),
            // A DOCTYPE is read past, never resolved; comments and PIs dropped.
            _ => {}
        }
    };
    let transcode = reader.get_ref().get_ref();
    if let Some(message) = transcode.warning.clone() {
        emit(Event::Warning(Warning {
            path: rel_path.to_string(),
            message,
        }));
    }
    result?;
    if depth > 0 {
        return Err(xml_error(
            &reader,
            "unexpected end of file (unclosed elements)",
        ));
    }
    match handler {
        Some(mut h) => {
            h.finish(emit);
            Ok(())
        }
        None => Err(SkipReason::UnsupportedXml("none".to_string())),
    }
}

/// Named entities a newsroom feed uses without declaring them
/// (`&nbsp;`, `&mdash;`); a DTD's own entities are never expanded.
fn resolve_entity(name: &str) -> Option<&'static str> {
    quick_xml::escape::resolve_xml_entity(name)
        .or_else(|| quick_xml::escape::resolve_html5_entity(name))
}

fn xml_error(reader: &XmlReader<std::io::BufReader<Transcode>>, message: &str) -> SkipReason {
    let transcode = reader.get_ref().get_ref();
    if transcode.exceeded {
        return SkipReason::XmlTooLarge {
            what: "an XML text node or tag".to_string(),
            limit: MAX_ITEM_BYTES as u64,
        };
    }
    let (line, column) = transcode.line_col(reader.error_position());
    SkipReason::MalformedXml {
        line,
        column,
        message: message.to_string(),
    }
}

fn attrs(e: &BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = a
                .unescape_value_with(resolve_entity)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
            (key, value)
        })
        .collect()
}

fn start(e: &BytesStart, depth: usize, h: &dyn Handler, building: &mut Option<Builder>) {
    if let Some(b) = building.as_mut().filter(|b| b.flattening()) {
        // Nothing of a flattened element is kept: a million of them nested
        // cost a counter, not a million names and attribute lists.
        return b.open_flat();
    }
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    match building.as_mut() {
        Some(b) => b.open(name, attrs(e)),
        None if h.wants(&name, depth) => {
            *building = Some(Builder::new(name, attrs(e), MAX_ITEM_BYTES))
        }
        None => {}
    }
}

fn end(building: &mut Option<Builder>, h: &mut dyn Handler, emit: &mut dyn FnMut(Event)) {
    let Some(b) = building.as_mut() else { return };
    let limit = b.limit();
    if let Some(node) = b.close() {
        *building = None;
        h.tree(node, limit, emit);
    }
}

/// The format, from the root element and its namespace declarations.
fn choose(rel_path: &str, root: &BytesStart) -> Result<Box<dyn Handler>, SkipReason> {
    let name = String::from_utf8_lossy(root.name().as_ref()).into_owned();
    let attrs = attrs(root);
    let local = tree::local(&name);
    let wordpress = attrs
        .iter()
        .any(|(k, v)| k.starts_with("xmlns") && v.contains("wordpress.org/export"));
    match local {
        "rss" if wordpress => Ok(Box::new(wxr::Wxr::new(rel_path))),
        "nitf" => Ok(Box::new(nitf::Nitf::new(rel_path))),
        _ if newsml::is_root(local) => Ok(Box::new(newsml::NewsMl::new(rel_path))),
        _ => Err(SkipReason::UnsupportedXml(name)),
    }
}

/// The skip reason of an incomplete tree: `what` names the item.
fn refused(limit: Limit, what: &str) -> SkipReason {
    match limit {
        Limit::TooLarge => SkipReason::XmlTooLarge {
            what: what.to_string(),
            limit: MAX_ITEM_BYTES as u64,
        },
        Limit::TooDeep => super::html::guard::too_deep(),
    }
}

/// "12 items are not articles: 5 page, 4 attachment, 3 draft".
fn non_articles_warning(rel_path: &str, counts: &[(String, usize)]) -> Option<Event> {
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    let mut sorted = counts.to_vec();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let parts: Vec<String> = sorted.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let noun = if total == 1 {
        "item is not an article"
    } else {
        "items are not articles"
    };
    Some(Event::NotArticles {
        warning: Warning {
            path: rel_path.to_string(),
            message: format!("{total} {noun}: {}", parts.join(", ")),
        },
        items: total as u64,
    })
}

fn count(counts: &mut Vec<(String, usize)>, kind: &str) {
    match counts.iter_mut().find(|(k, _)| k == kind) {
        Some((_, n)) => *n += 1,
        None => counts.push((kind.to_string(), 1)),
    }
}
