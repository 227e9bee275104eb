//! Web archives (`.warc`, `.warc.gz`): each HTTP 200 HTML `response` record
//! is one page, read as a stream record by record.
//!
//! A small record reader of our own over flate2's `MultiGzDecoder` (every
//! gzip member in turn): the `warc` crate reads whole records into memory
//! without a per-record bound, so a hostile `Content-Length` could not be
//! refused. Memory: one record (≤ `MAX_RECORD_BYTES`), plus for "newest
//! capture per URL" a small state per URL (its newest `WARC-Date` and item
//! number) and the extracted drafts of pending pages (text only, a few kB
//! each) up to `PENDING_BYTES`; past that the oldest are emitted early, so a
//! later capture of an already-emitted URL becomes a second article (counted
//! in the file's warning).

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};

use super::html::{content_type_charset, parse_page};
use super::{Draft, Event, Item, Skip, SkipReason, Warning};

/// A record's payload above this is skipped (counted), not read.
pub const MAX_RECORD_BYTES: u64 = 32 * 1024 * 1024;
/// Extracted text of pages held back for "newest capture wins".
const PENDING_BYTES: usize = 64 * 1024 * 1024;
const MAX_HEADER_LINE: u64 = 64 * 1024;

struct Record {
    headers: Vec<(String, String)>,
    content: Vec<u8>,
}

impl Record {
    fn get(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

struct Pending {
    url: String,
    draft: Draft,
    live: bool,
}

#[derive(Default)]
struct State {
    n: usize,
    by_url: HashMap<String, (String, usize)>,
    by_record_id: HashMap<String, usize>,
    pending: BTreeMap<usize, Pending>,
    pending_bytes: usize,
    counts: BTreeMap<&'static str, usize>,
}

pub(crate) fn read(
    rel_path: &str,
    input: &mut dyn BufRead,
    emit: &mut dyn FnMut(Event),
) -> Result<(), SkipReason> {
    let gz = input
        .fill_buf()
        .map_err(|e| SkipReason::BadCompression(e.to_string()))?
        .starts_with(b"\x1f\x8b");
    let mut reader: Box<dyn BufRead + '_> = if gz {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(input)))
    } else {
        Box::new(input)
    };
    let mut state = State::default();
    let mut records = 0usize;
    loop {
        match next_record(&mut reader) {
            Ok(Some(Some(record))) => {
                records += 1;
                handle(rel_path, record, &mut state, emit);
            }
            Ok(Some(None)) => {
                *state
                    .counts
                    .entry("records over the size limit")
                    .or_default() += 1
            }
            Ok(None) => break,
            Err(e) if records == 0 => {
                return Err(SkipReason::NotAnArticle(format!("not a WARC file: {e}")));
            }
            Err(e) => {
                *state
                    .counts
                    .entry("truncated or malformed records (the rest of the file)")
                    .or_default() += 1;
                let _ = e;
                break;
            }
        }
    }
    flush(rel_path, &mut state, emit, usize::MAX);
    if !state.counts.is_empty() {
        let list: Vec<String> = state
            .counts
            .iter()
            .map(|(what, n)| format!("{n} {what}"))
            .collect();
        emit(Event::NotArticles {
            warning: Warning {
                path: rel_path.to_string(),
                message: format!("WARC records not indexed: {}", list.join(", ")),
            },
            items: state.counts.values().sum::<usize>() as u64,
        });
    }
    Ok(())
}

/// `Ok(None)` at the end, `Ok(Some(None))` for a record over the limit
/// (its payload skipped).
fn next_record(r: &mut dyn BufRead) -> Result<Option<Option<Record>>, String> {
    let mut line = Vec::new();
    loop {
        line.clear();
        if r.take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
            .map_err(|e| e.to_string())?
            == 0
        {
            return Ok(None);
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    if !line.starts_with(b"WARC/") {
        return Err("record does not start with WARC/".into());
    }
    let mut headers = Vec::new();
    loop {
        line.clear();
        r.take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end();
        if text.is_empty() || headers.len() > 200 {
            break;
        }
        if let Some((k, v)) = text.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: u64 = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse().ok())
        .ok_or("record without Content-Length")?;
    if len > MAX_RECORD_BYTES {
        std::io::copy(&mut r.take(len), &mut std::io::sink()).map_err(|e| e.to_string())?;
        return Ok(Some(None));
    }
    let mut content = Vec::with_capacity(len as usize);
    r.take(len)
        .read_to_end(&mut content)
        .map_err(|e| e.to_string())?;
    if (content.len() as u64) < len {
        return Err("truncated record".into());
    }
    Ok(Some(Some(Record { headers, content })))
}

fn count(state: &mut State, what: &'static str) {
    *state.counts.entry(what).or_default() += 1;
}

fn handle(rel_path: &str, record: Record, state: &mut State, emit: &mut dyn FnMut(Event)) {
    let kind = record.get("WARC-Type").unwrap_or("").to_lowercase();
    let url = record
        .get("WARC-Target-URI")
        .unwrap_or("")
        .trim_matches(['<', '>'])
        .to_string();
    let date = record.get("WARC-Date").unwrap_or("").to_string();
    match kind.as_str() {
        "response" => {}
        "revisit" => return revisit(&record, url, date, state),
        "warcinfo" => return,
        "request" => return count(state, "requests"),
        "metadata" => return count(state, "metadata records"),
        _ => return count(state, "other records"),
    }
    let Some(http) = super::warc_http::parse_response(&record.content) else {
        return count(state, "non-HTTP responses");
    };
    if http.status != 200 {
        return count(state, "responses not 200 (redirects, errors)");
    }
    if !http.content_type.to_lowercase().contains("html") {
        return count(state, "responses not HTML (CSS, scripts, images)");
    }
    state.n += 1;
    let n = state.n;
    if let Some(id) = record.get("WARC-Record-ID") {
        state.by_record_id.insert(id.to_string(), n);
    }
    let body = match super::warc_http::decode_body(&http, MAX_RECORD_BYTES) {
        Ok(b) => b,
        Err(_) => return count(state, "responses with bad compressed bodies"),
    };
    let charset = content_type_charset(&http.content_type);
    let draft = match parse_page(rel_path, &body, Some(&url), charset.as_deref()) {
        Ok((draft, _)) => draft,
        Err(SkipReason::NotArticlePage) => return count(state, "pages that are not articles"),
        // HTML the guard refused is a page atlas could not read: named, as
        // the record it is, with the guard's reason.
        Err(
            reason @ (SkipReason::TooDeep { .. }
            | SkipReason::HtmlTooCostly { .. }
            | SkipReason::HtmlTooLarge { .. }),
        ) => {
            return emit(Event::Skip(Skip {
                path: format!("{rel_path}#{n}"),
                reason,
            }));
        }
        Err(_) => return count(state, "pages that could not be read"),
    };
    if let Some((seen, old)) = state.by_url.get(&url).cloned() {
        if seen > date {
            count(state, "older captures of a URL");
            state.pending_bytes += draft.body.len();
            state.pending.insert(
                n,
                Pending {
                    url,
                    draft,
                    live: false,
                },
            );
            return flush(rel_path, state, emit, PENDING_BYTES);
        }
        match state.pending.get_mut(&old) {
            Some(p) => p.live = false,
            None => count(state, "captures of a URL already indexed from this file"),
        }
        count(state, "older captures of a URL");
    }
    state.by_url.insert(url.clone(), (date, n));
    state.pending_bytes += draft.body.len();
    state.pending.insert(
        n,
        Pending {
            url,
            draft,
            live: true,
        },
    );
    flush(rel_path, state, emit, PENDING_BYTES);
}

/// A revisit is a newer capture of an identical payload: the capture it
/// refers to becomes the URL's newest.
fn revisit(record: &Record, url: String, date: String, state: &mut State) {
    let target = record
        .get("WARC-Refers-To")
        .and_then(|id| state.by_record_id.get(id).copied())
        .or_else(|| {
            let to = record.get("WARC-Refers-To-Target-URI").unwrap_or(&url);
            state.by_url.get(to).map(|(_, n)| *n)
        });
    let Some(target) = target.filter(|t| state.pending.get(t).is_some_and(|p| p.url == url)) else {
        return count(state, "revisits without their capture");
    };
    if let Some((seen, current)) = state.by_url.get(&url).cloned()
        && date > seen
    {
        if let Some(p) = state.pending.get_mut(&current) {
            p.live = false;
        }
        if let Some(p) = state.pending.get_mut(&target) {
            p.live = true;
        }
        state.by_url.insert(url, (date, target));
    }
    count(state, "revisits (merged into their capture)");
}

/// Emits pending pages in file order until their text fits in `budget`.
fn flush(rel_path: &str, state: &mut State, emit: &mut dyn FnMut(Event), budget: usize) {
    while state.pending_bytes > budget || (budget == usize::MAX && !state.pending.is_empty()) {
        let Some((n, p)) = state.pending.pop_first() else {
            break;
        };
        state.pending_bytes = state.pending_bytes.saturating_sub(p.draft.body.len());
        if p.live {
            let mut draft = p.draft;
            if draft.meta.url.is_none() {
                draft.meta.url = Some(p.url);
            }
            emit(Event::Item(Box::new(Item {
                fragment: Some(n.to_string()),
                draft,
            })));
        }
    }
    let _ = rel_path;
}
