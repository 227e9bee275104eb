//! Rich Text Format (`.rtf`): a small reader of our own. The RTF crates
//! on crates.io are young and either hold the whole token list (several
//! times the file) or panic on malformed groups; what atlas needs is a
//! single pass over the bytes: the body's text in order (`\par`, tables
//! as rows), footnotes at the end, `\info` for the properties, and every
//! other destination (fonts, pictures, objects, comments, field codes,
//! headers and footers) skipped. Text is bytes in the document's code page
//! (`\ansicpg`) or `\uN` characters.

use encoding_rs::{Encoding, WINDOWS_1252};

use super::{Draft, Kind, Para, Props, SkipReason};

/// Groups nested deeper than this are a trap, not a document.
const MAX_DEPTH: usize = 1_000;

/// Where a group's text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dest {
    Body,
    Footnote,
    Title,
    Author,
    Created,
    StyleSheet,
    Skip,
}

#[derive(Debug, Clone, Copy)]
struct State {
    dest: Dest,
    /// Characters that stand in for a `\uN` (`\ucN`, default 1).
    uc: usize,
    /// Tracked deletion (`\deleted`): not text.
    deleted: bool,
}

/// Destinations whose text is the document's, or its properties.
fn destination(word: &str, current: Dest) -> Option<Dest> {
    Some(match word {
        "footnote" => Dest::Footnote,
        "title" if current == Dest::Skip => Dest::Title,
        "author" if current == Dest::Skip => Dest::Author,
        "creatim" if current == Dest::Skip => Dest::Created,
        "stylesheet" => Dest::StyleSheet,
        // `\info` is skipped but for the three above, read inside it.
        "info" | "fonttbl" | "colortbl" | "pict" | "object" | "header" | "headerl" | "headerr"
        | "headerf" | "footer" | "footerl" | "footerr" | "footerf" | "fldinst" | "annotation"
        | "atnid" | "atnauthor" | "listtable" | "listoverridetable" | "rsidtbl" | "xmlnstbl"
        | "generator" | "themedata" | "colorschememapping" | "latentstyles" | "datastore"
        | "pgdsctbl" | "filetbl" | "revtbl" | "bkmkstart" | "bkmkend" | "txe" | "xe" | "tc"
        | "pn" | "pntext" | "listtext" | "shppict" | "nonshppict" | "userprops" | "docvar"
        | "template" => Dest::Skip,
        _ => return None,
    })
}

/// The reader's running output.
struct Out {
    encoding: &'static Encoding,
    pending: Vec<u8>,
    para: String,
    kind: Kind,
    paras: Vec<Para>,
    note: String,
    notes: Vec<String>,
    props: Props,
    created: [Option<i32>; 3],
    styles: Vec<(i32, String)>,
    high_surrogate: Option<u16>,
    /// `\title` and `\author` groups already read: LibreOffice writes the
    /// author twice (creator and last editor); the first counts.
    fields_done: [bool; 2],
    /// In a table cell (`\intbl`): `\par` there is a space, `\row` ends the row.
    in_table: bool,
}

impl Out {
    /// Decodes bytes waiting in the code page into their destination.
    fn flush(&mut self, dest: Dest) {
        if self.pending.is_empty() {
            return;
        }
        let (text, _) = self.encoding.decode_without_bom_handling(&self.pending);
        let text = text.into_owned();
        self.pending.clear();
        self.push(dest, &text);
    }

    fn push(&mut self, dest: Dest, text: &str) {
        match dest {
            Dest::Body => self.para.push_str(text),
            Dest::Footnote => self.note.push_str(text),
            Dest::Title if !self.fields_done[0] => self
                .props
                .title
                .get_or_insert_with(String::new)
                .push_str(text),
            Dest::Author if !self.fields_done[1] => self
                .props
                .creator
                .get_or_insert_with(String::new)
                .push_str(text),
            Dest::StyleSheet => {
                if let Some((_, name)) = self.styles.last_mut() {
                    name.push_str(text);
                }
            }
            Dest::Title | Dest::Author | Dest::Created | Dest::Skip => {}
        }
    }

    fn end_paragraph(&mut self) {
        let text = std::mem::take(&mut self.para);
        self.paras.push(Para {
            text: text.trim().to_string(),
            kind: self.kind,
        });
    }

    fn style_kind(&self, number: i32) -> Kind {
        let name = self
            .styles
            .iter()
            .find(|(n, _)| *n == number)
            .map(|(_, s)| s);
        match name
            .map(|s| s.trim().trim_end_matches(';').trim().to_lowercase())
            .as_deref()
        {
            Some("title") => Kind::Title,
            Some("heading 1") => Kind::Heading1,
            _ => Kind::Other,
        }
    }
}

fn code_page(n: i32) -> &'static Encoding {
    let label = match n {
        65001 => "utf-8".into(),
        932 => "shift_jis".into(),
        936 => "gbk".into(),
        949 => "euc-kr".into(),
        950 => "big5".into(),
        10000 => "macintosh".into(),
        866 => "ibm866".into(),
        n => format!("windows-{n}"),
    };
    Encoding::for_label(label.as_bytes()).unwrap_or(WINDOWS_1252)
}

pub(crate) fn read(bytes: &[u8]) -> Result<Draft, SkipReason> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    if !bytes.get(start..).unwrap_or(&[]).starts_with(b"{\\rtf") {
        return Err(SkipReason::BadDocument(
            "not an RTF document (no `{\\rtf` at the start)".to_string(),
        ));
    }
    let mut out = Out {
        encoding: WINDOWS_1252,
        pending: Vec::new(),
        para: String::new(),
        kind: Kind::Other,
        paras: Vec::new(),
        note: String::new(),
        notes: Vec::new(),
        props: Props::default(),
        created: [None; 3],
        styles: Vec::new(),
        high_surrogate: None,
        in_table: false,
        fields_done: [false; 2],
    };
    let mut stack: Vec<State> = Vec::new();
    let mut state = State {
        dest: Dest::Body,
        uc: 1,
        deleted: false,
    };
    // Characters still to skip after a `\uN`.
    let mut skip_chars = 0usize;
    // `\*`: the next control word opens a destination to skip if unknown.
    let mut ignorable = false;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        let dest = if state.deleted {
            Dest::Skip
        } else {
            state.dest
        };
        match b {
            b'{' => {
                out.flush(dest);
                if stack.len() >= MAX_DEPTH {
                    return Err(SkipReason::TooDeep { limit: MAX_DEPTH });
                }
                stack.push(state);
                if state.dest == Dest::StyleSheet {
                    out.styles.push((0, String::new()));
                }
                skip_chars = 0;
            }
            b'}' => {
                out.flush(dest);
                let closing = state.dest;
                state = match stack.pop() {
                    Some(s) => s,
                    None => break,
                };
                if closing == Dest::Footnote && state.dest != Dest::Footnote {
                    let note = std::mem::take(&mut out.note);
                    out.notes.push(note.trim().to_string());
                }
                match closing {
                    Dest::Title if state.dest != closing => out.fields_done[0] = true,
                    Dest::Author if state.dest != closing => out.fields_done[1] = true,
                    _ => {}
                }
                if closing == Dest::Created
                    && state.dest != Dest::Created
                    && let [Some(y), Some(m), Some(d)] = out.created
                    // LibreOffice writes `\yr0\mo0\dy0` for "never set".
                    && y > 0
                {
                    out.props.created = Some(format!("{y:04}-{m:02}-{d:02}"));
                }
                skip_chars = 0;
            }
            b'\\' => {
                let Some(&next) = bytes.get(i) else { break };
                if next.is_ascii_alphabetic() {
                    let word_start = i;
                    while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                        i += 1;
                    }
                    let word = String::from_utf8_lossy(&bytes[word_start..i]).into_owned();
                    let num_start = i;
                    if bytes.get(i) == Some(&b'-') {
                        i += 1;
                    }
                    while bytes.get(i).is_some_and(u8::is_ascii_digit) && i - num_start < 10 {
                        i += 1;
                    }
                    let param: Option<i32> = std::str::from_utf8(&bytes[num_start..i])
                        .ok()
                        .and_then(|s| s.parse().ok());
                    if bytes.get(i) == Some(&b' ') {
                        i += 1;
                    }
                    if word == "bin" {
                        // Raw bytes of a picture or object, never text.
                        let n = param.unwrap_or(0).max(0) as usize;
                        i = i.saturating_add(n);
                        continue;
                    }
                    if skip_chars > 0 && word != "u" {
                        skip_chars = 0;
                    }
                    out.flush(dest);
                    let opened = std::mem::take(&mut ignorable);
                    if let Some(d) = destination(&word, state.dest) {
                        // Inside a skipped destination only \info's fields open.
                        if state.dest != Dest::Skip
                            || matches!(d, Dest::Title | Dest::Author | Dest::Created)
                        {
                            state.dest = d;
                        }
                        if word == "info" {
                            state.dest = Dest::Skip;
                        }
                        continue;
                    }
                    if opened {
                        state.dest = Dest::Skip;
                        continue;
                    }
                    control_word(&word, param, &mut state, &mut out, &mut skip_chars);
                } else {
                    i += 1;
                    match next {
                        b'\'' => {
                            let hex = bytes
                                .get(i..i + 2)
                                .and_then(|h| std::str::from_utf8(h).ok());
                            let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
                            if byte.is_some() {
                                i += 2;
                            }
                            if skip_chars > 0 {
                                skip_chars -= 1;
                            } else if let Some(byte) = byte {
                                out.pending.push(byte);
                            }
                        }
                        b'*' => ignorable = true,
                        b'~' => out.push(dest, "\u{a0}"),
                        b'_' => out.push(dest, "\u{2011}"),
                        b'\n' | b'\r' if dest == Dest::Body => {
                            out.flush(dest);
                            out.end_paragraph();
                        }
                        b'\\' | b'{' | b'}' => {
                            if skip_chars > 0 {
                                skip_chars -= 1;
                            } else {
                                out.pending.push(next);
                            }
                        }
                        // `\-` optional hyphen, `\|` and others: no text.
                        _ => {}
                    }
                }
            }
            b'\r' | b'\n' => {}
            _ => {
                if skip_chars > 0 {
                    skip_chars -= 1;
                } else {
                    out.pending.push(b);
                }
            }
        }
    }
    out.flush(state.dest);
    if !out.para.trim().is_empty() {
        out.end_paragraph();
    }
    super::draft(out.paras, out.notes, out.props)
}

/// The control words that make text or structure; the rest are
/// formatting and change nothing atlas keeps.
fn control_word(
    word: &str,
    param: Option<i32>,
    state: &mut State,
    out: &mut Out,
    skip_chars: &mut usize,
) {
    match word {
        "deleted" => state.deleted = true,
        "plain" => state.deleted = false,
        _ => {}
    }
    let dest = if state.deleted {
        Dest::Skip
    } else {
        state.dest
    };
    // A skipped group's formatting (`{\listtext\pard …}`) must not reset
    // the paragraph it sits in.
    if dest == Dest::Skip && state.dest != Dest::Created {
        return;
    }
    let text = match word {
        "par" if out.in_table => " ",
        "intbl" => {
            out.in_table = true;
            return;
        }
        "par" | "sect" | "page" if dest == Dest::Body => {
            out.end_paragraph();
            return;
        }
        "par" if dest == Dest::Footnote => " ",
        "row" if dest == Dest::Body => {
            out.in_table = false;
            let row = std::mem::take(&mut out.para);
            let cells: Vec<&str> = row.split('\u{1f}').map(str::trim).collect();
            out.paras.push(Para {
                text: super::docx::row_text(&cells),
                kind: Kind::Other,
            });
            return;
        }
        // Cells are marked for `\row` to join; nested cells join as one.
        "cell" | "nestcell" => "\u{1f}",
        "line" => "\n",
        "tab" => "\t",
        "emdash" => "\u{2014}",
        "endash" => "\u{2013}",
        "lquote" => "\u{2018}",
        "rquote" => "\u{2019}",
        "ldblquote" => "\u{201c}",
        "rdblquote" => "\u{201d}",
        "bullet" => "\u{2022}",
        "ansicpg" => {
            out.encoding = code_page(param.unwrap_or(1252));
            return;
        }
        "mac" => {
            out.encoding = code_page(10000);
            return;
        }
        "uc" => {
            state.uc = param.unwrap_or(1).clamp(0, 8) as usize;
            return;
        }
        "u" => {
            let n = param.unwrap_or(0);
            let unit = if n < 0 { (n + 65536) as u16 } else { n as u16 };
            *skip_chars = state.uc;
            let c = match (out.high_surrogate.take(), unit) {
                (None, 0xD800..=0xDBFF) => {
                    out.high_surrogate = Some(unit);
                    return;
                }
                (Some(high), 0xDC00..=0xDFFF) => {
                    char::decode_utf16([high, unit]).next().and_then(Result::ok)
                }
                (_, unit) => char::from_u32(unit as u32),
            };
            let mut buf = [0; 4];
            out.push(dest, c.unwrap_or('\u{fffd}').encode_utf8(&mut buf));
            return;
        }
        "pard" if dest == Dest::Body => {
            out.kind = Kind::Other;
            out.in_table = false;
            return;
        }
        "s" if state.dest == Dest::StyleSheet => {
            if let Some((n, _)) = out.styles.last_mut() {
                *n = param.unwrap_or(0);
            }
            return;
        }
        "s" if dest == Dest::Body => {
            out.kind = out.style_kind(param.unwrap_or(0));
            return;
        }
        "yr" | "mo" | "dy" if state.dest == Dest::Created => {
            let slot = match word {
                "yr" => 0,
                "mo" => 1,
                _ => 2,
            };
            out.created[slot] = param;
            return;
        }
        _ => return,
    };
    out.push(dest, text);
}

#[cfg(test)]
#[path = "rtf_tests.rs"]
mod tests;
