//! A flat walk over one XML part: elements by local name, text with its
//! references resolved. No DTD is read and nothing is fetched; the walk is
//! iterative, so nesting costs no stack.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::super::SkipReason;

/// What the walk hands over, in document order. An empty element
/// (`<w:tab/>`) is an `Open` then a `Close`.
pub(crate) enum Ev<'a, 'b> {
    Open(&'a Element<'b>),
    Close(&'a [u8]),
    Text(&'a str),
}

/// An element's start tag.
pub(crate) struct Element<'b> {
    start: BytesStart<'b>,
}

impl Element<'_> {
    /// The name without its prefix (`p` of `w:p`).
    pub fn local(&self) -> &[u8] {
        local(self.start.name().into_inner())
    }

    /// The value of the attribute whose local name is `name`.
    pub fn attr(&self, name: &[u8]) -> Option<String> {
        self.start
            .attributes()
            .with_checks(false)
            .flatten()
            .find(|a| local(a.key.as_ref()) == name)
            .map(|a| {
                a.unescape_value_with(quick_xml::escape::resolve_xml_entity)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
            })
    }
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

/// Walks `bytes` (a part named `part` of a `what`), calling `on` for each
/// element and text; malformed XML is the document's skip.
pub(crate) fn walk(
    bytes: &[u8],
    what: &str,
    part: &str,
    mut on: impl FnMut(Ev),
) -> Result<(), SkipReason> {
    let mut reader = Reader::from_reader(bytes);
    let bad = |e: &dyn std::fmt::Display| {
        SkipReason::BadDocument(format!("{what}: malformed XML in {part}: {e}"))
    };
    loop {
        match reader.read_event().map_err(|e| bad(&e))? {
            Event::Start(start) => on(Ev::Open(&Element { start })),
            Event::Empty(start) => {
                let element = Element { start };
                on(Ev::Open(&element));
                on(Ev::Close(element.local()));
            }
            Event::End(end) => on(Ev::Close(local(end.name().into_inner()))),
            Event::Text(t) => on(Ev::Text(&String::from_utf8_lossy(&t.into_inner()))),
            Event::CData(t) => on(Ev::Text(&String::from_utf8_lossy(&t.into_inner()))),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    on(Ev::Text(c.encode_utf8(&mut [0; 4])));
                } else if let Some(s) =
                    quick_xml::escape::resolve_xml_entity(&String::from_utf8_lossy(&r.into_inner()))
                {
                    on(Ev::Text(s));
                }
            }
            Event::Eof => return Ok(()),
            // Declarations, comments, processing instructions, DOCTYPE:
            // nothing of a document's text.
            _ => {}
        }
    }
}
