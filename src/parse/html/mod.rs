//! Web pages (`.html`, `.htm`, `.xhtml`, `.html.gz`) as articles.
//!
//! A saved page is one article: the headline a reader sees, the body after
//! it without the page's furniture, and metadata from JSON-LD, OpenGraph,
//! `<meta>` tags and microdata — with the visible byline, date and section
//! label winning where they disagree (SPEC). The page is parsed once with
//! html5ever (through `scraper`); `meta` gathers the machine-readable
//! fields, `visible` what the page shows, `body` the text. WARC crawls
//! (`super::warc`) hand each HTML response to `parse_page`.

mod body;
mod body_bylines;
mod candidates;
mod charset;
mod date_line;
mod dates;
mod declared_text;
mod desk;
mod dom;
mod emit;
mod fields;
mod furniture;
pub(crate) mod guard;
mod labels;
mod links;
mod lower_heading;
mod marked_byline;
mod masthead;
mod meta;
mod name_line;
mod names;
mod near;
mod noscript;
mod open_elements;
mod other_bylines;
mod pick;
mod score;
mod section_front;
mod section_link;
mod shown_dates;
mod title;
mod visible;

use std::io::Read;

use super::{Draft, Item, Parsed, SkipReason, Warning};

pub use charset::content_type_charset;

/// Pages larger than this (after decompression) are not articles.
pub const MAX_PAGE_BYTES: u64 = 32 * 1024 * 1024;

/// The endings of a saved page's file name (`super::format` decides).
pub(crate) const PAGE_SUFFIXES: [&str; 4] = [".html", ".htm", ".xhtml", ".shtml"];

/// A saved page as one article; `gzip` when its name says it is
/// compressed (its first bytes are looked at too).
pub(crate) fn parse_file(
    rel_path: &str,
    bytes: &[u8],
    gzip: bool,
    opts: &super::ParseOptions,
    out: &mut Parsed,
) -> Result<(), SkipReason> {
    let page = if gzip || bytes.starts_with(b"\x1f\x8b") {
        std::borrow::Cow::Owned(gunzip(bytes, MAX_PAGE_BYTES)?)
    } else {
        std::borrow::Cow::Borrowed(bytes)
    };
    let (draft, warning) = parse_page(rel_path, &page, None, None)?;
    if let Some(message) = warning {
        out.warnings.push(Warning {
            path: rel_path.to_string(),
            message,
        });
    }
    let item = Item {
        fragment: None,
        draft,
    };
    super::push_item(rel_path, item, opts, out);
    Ok(())
}

/// Inflates gzip (every member) up to `limit` bytes.
pub fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, SkipReason> {
    let mut out = Vec::new();
    let mut decoder = flate2::read::MultiGzDecoder::new(bytes).take(limit + 1);
    decoder
        .read_to_end(&mut out)
        .map_err(|e| SkipReason::BadCompression(e.to_string()))?;
    if out.len() as u64 > limit {
        return Err(SkipReason::BadCompression(format!(
            "inflates past {limit} bytes"
        )));
    }
    Ok(out)
}

/// One page's bytes to a draft: `page_url` is the URL it was fetched from
/// (a WARC record's), `header_charset` the HTTP header's charset. Also
/// returns a warning when the encoding was a guess.
pub(crate) fn parse_page(
    rel_path: &str,
    bytes: &[u8],
    page_url: Option<&str>,
    header_charset: Option<&str>,
) -> Result<(Draft, Option<String>), SkipReason> {
    let (text, warning) = charset::decode_page(bytes, header_charset);
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    let saved_from = saved_from_url(&text);
    let doc = guard::document(&noscript::open_stories(&text))?;
    let (draft, doubt) = pick::draft(rel_path, &doc, page_url.or(saved_from.as_deref()))?;
    let warning = match (warning, doubt) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    };
    Ok((draft, warning))
}

/// The URL of `<!-- saved from url=(0043)https://… -->`, as browsers save.
fn saved_from_url(text: &str) -> Option<String> {
    let head = text.get(..text.len().min(2048)).unwrap_or("");
    let at = head.find("saved from url=")?;
    let rest = head.get(at + "saved from url=".len()..)?;
    let rest = rest.split_once(')').map_or(rest, |(_, r)| r);
    let url: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '-')
        .collect();
    url.starts_with("http").then_some(url)
}

/// True when `dir_rel_path` is the asset folder a browser saves beside a
/// page (`Page_files/` next to `Page.html`, also `Page-Dateien`, `Page_archivos`…):
/// its files are counted in one warning, not parsed one by one.
pub fn is_saved_page_assets(dir_rel_path: &str, sibling_names: &[&str]) -> bool {
    let dir = dir_rel_path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    const SUFFIXES: &[&str] = &[
        "_files",
        "-files",
        "_fichiers",
        "-dateien",
        "_archivos",
        "_arquivos",
        "_file",
        "-bestanden",
        "_pliki",
    ];
    let lower = dir.to_lowercase();
    let Some(stem) = SUFFIXES.iter().find_map(|s| lower.strip_suffix(s)) else {
        return false;
    };
    sibling_names.iter().any(|sib| {
        let s = sib.to_lowercase();
        PAGE_SUFFIXES
            .iter()
            .any(|e| s.strip_suffix(e) == Some(stem))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_folder() {
        assert!(is_saved_page_assets(
            "saved/Story_files",
            &["Story.html", "Story_files"]
        ));
        assert!(is_saved_page_assets("Story-Dateien/", &["story.htm"]));
        assert!(!is_saved_page_assets("Story_files", &["Other.html"]));
        assert!(!is_saved_page_assets("images", &["images.html"]));
    }

    #[test]
    fn bomb_is_bounded() {
        let zeros = vec![0u8; 4 * 1024 * 1024];
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &zeros).unwrap();
        let gz = gz.finish().unwrap();
        assert!(matches!(
            gunzip(&gz, 1024 * 1024),
            Err(SkipReason::BadCompression(_))
        ));
    }
}
