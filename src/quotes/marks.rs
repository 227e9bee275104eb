//! Where the quotations are: paired quotation marks in a body's paragraphs
//! (SPEC "Who said what: quotes"). Pure text in, byte spans out.

/// A paragraph of the body: a byte range, blank lines between paragraphs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Para {
    pub start: usize,
    pub end: usize,
}

/// One quotation as the marks delimit it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    /// The quoted text, one range per paragraph it runs through (trimmed,
    /// marks excluded).
    pub pieces: Vec<(usize, usize)>,
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte offset just after the closing mark; `None` when the quote runs
    /// unclosed to the end of its (last) paragraph.
    pub close: Option<usize>,
    /// Index of the paragraph it opens in, and of the one it ends in.
    pub first_para: usize,
    pub last_para: usize,
}

impl Span {
    pub fn start(&self) -> usize {
        self.pieces.first().map_or(0, |p| p.0)
    }
    pub fn end(&self) -> usize {
        self.pieces.last().map_or(0, |p| p.1)
    }
}

/// The body's paragraphs. A line quoted from an earlier mail (`> …`) is
/// no paragraph: its quotation marks are not the article's.
/// A body with no blank line at all (JSON bodies, one paragraph per line)
/// has each line as a paragraph, so an unclosed mark stops at its line.
pub(crate) fn paragraphs(body: &str) -> Vec<Para> {
    let mut lines = body.lines().skip_while(|l| l.trim().is_empty());
    let blank_between = lines
        .by_ref()
        .skip_while(|l| !l.trim().is_empty())
        .any(|l| !l.trim().is_empty());
    let per_line = !blank_between;
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let text = line.trim();
        let skip = text.is_empty() || text.starts_with('>');
        if skip {
            if let Some(s) = start.take() {
                out.push(Para { start: s, end });
            }
        } else {
            start.get_or_insert(pos);
            end = pos + line.trim_end().len();
            if per_line && let Some(s) = start.take() {
                out.push(Para { start: s, end });
            }
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(Para { start: s, end });
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// `“…”`
    Curly,
    /// `„…“`, `„…”`
    Low,
    /// `"…"`
    Straight,
    /// `‘…’`, `‚…‘`: only at a word's start and end.
    CurlySingle,
    /// `'…'`: only at a word's start and end.
    StraightSingle,
    /// `«…»`
    Guillemet,
    /// `»…«`
    Reversed,
    /// `「…」`
    Corner,
    /// `『…』`
    WhiteCorner,
}

impl Kind {
    fn single(self) -> bool {
        matches!(self, Kind::CurlySingle | Kind::StraightSingle)
    }
    fn closes(self, c: char) -> bool {
        match self {
            Kind::Curly => c == '”',
            Kind::Low => c == '“' || c == '”',
            Kind::Straight => c == '"',
            Kind::CurlySingle => c == '’' || c == '‘',
            Kind::StraightSingle => c == '\'',
            Kind::Guillemet => c == '»',
            Kind::Reversed => c == '«',
            Kind::Corner => c == '」',
            Kind::WhiteCorner => c == '』',
        }
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'
}

/// Characters after which a mark still stands at a word's start.
fn opens_after(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => is_space(c) || "([{—–-/:".contains(c) || opener_char(c),
    }
}

fn opener_char(c: char) -> bool {
    matches!(
        c,
        '“' | '„' | '"' | '‘' | '‚' | '\'' | '«' | '»' | '「' | '『'
    )
}

/// Words that start with an apostrophe standing for dropped letters.
const ELISIONS: [&str; 7] = ["n", "em", "til", "cause", "tis", "twas", "bout"];

/// Whether a single mark before `rest` is an apostrophe: `'90s`, `'n'`,
/// `'em`, `'til`, `'cause`.
fn elision(rest: &str) -> bool {
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    ELISIONS.iter().any(|e| rest[..end].eq_ignore_ascii_case(e))
}

/// The kind of quotation `c` opens here, given its neighbours and the
/// text after it. Called for every character of every body: what follows
/// is looked at only after a mark (it allocated a word for every letter,
/// two thirds of the quote sync's CPU at 100k).
fn opener(c: char, prev: Option<char>, next: Option<char>, rest: &str) -> Option<Kind> {
    let next_is_text = || next.is_some_and(|n| !is_space(n));
    let next_is_word = || next.is_some_and(|n| n.is_alphanumeric()) && !elision(rest);
    match c {
        '“' => Some(Kind::Curly),
        '„' => Some(Kind::Low),
        '«' => Some(Kind::Guillemet),
        '»' => next.is_some().then_some(Kind::Reversed),
        '「' => Some(Kind::Corner),
        '『' => Some(Kind::WhiteCorner),
        '"' if opens_after(prev) && next_is_text() => Some(Kind::Straight),
        '‘' | '‚' if opens_after(prev) && next_is_word() => Some(Kind::CurlySingle),
        '\'' if opens_after(prev) && next_is_word() => Some(Kind::StraightSingle),
        _ => None,
    }
}

/// Whether `c` closes an open quotation of `kind` here: single marks only
/// at a word's end (`don’t`, `’90s` are apostrophes).
fn closer(kind: Kind, c: char, prev: Option<char>, next: Option<char>) -> bool {
    if !kind.closes(c) {
        return false;
    }
    if kind.single() {
        let after_word = prev.is_some_and(|p| !is_space(p));
        let word_ends = next.is_none_or(|n| !n.is_alphanumeric());
        return after_word && word_ends;
    }
    if kind == Kind::Straight {
        // `"` after a space and before a word opens the next quotation.
        return !(prev.is_some_and(is_space) && next.is_some_and(|n| !is_space(n)));
    }
    true
}

/// Every quotation in `body`, in order, whatever its length.
pub(crate) fn spans(body: &str, paras: &[Para]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = (0, paras.first().map_or(0, |p| p.start));
    while at.0 < paras.len() {
        at = scan_para(body, paras, at, &mut out);
    }
    out
}

/// Scans paragraph `i` from byte `from` (and the paragraphs a quotation
/// continues into); returns where to scan next.
fn scan_para(
    body: &str,
    paras: &[Para],
    (i, from): (usize, usize),
    out: &mut Vec<Span>,
) -> (usize, usize) {
    let p = Para {
        start: from.max(paras[i].start),
        end: paras[i].end,
    };
    let text = &body[p.start..p.end];
    // From mark to mark: the characters are listed only once a quotation
    // opens (most marks are apostrophes inside words, most text none).
    let mut chars: Option<Vec<(usize, char)>> = None;
    let mut from = 0;
    while let Some(found) = text[from..].find(opener_char) {
        let off = from + found;
        let rest = &text[off..];
        let c = rest.chars().next().unwrap_or_default();
        let rest = &rest[c.len_utf8()..];
        let prev = text[..off].chars().next_back();
        let Some(kind) = opener(c, prev, rest.chars().next(), rest) else {
            from = off + c.len_utf8();
            continue;
        };
        let chars = chars.get_or_insert_with(|| text.char_indices().collect());
        let k = chars.partition_point(|x| x.0 < off);
        let open = p.start + off;
        let content = open + c.len_utf8();
        match find_close(p.start, chars, k + 1, kind) {
            Close::At(end, after) => {
                out.push(Span {
                    pieces: vec![trim(body, content, end)],
                    open,
                    close: Some(after),
                    first_para: i,
                    last_para: i,
                });
                from = after - p.start;
            }
            Close::Reopened(at) => {
                // A second `“` before any `”`: the first ran unclosed to it.
                out.push(Span {
                    pieces: vec![trim(body, content, at)],
                    open,
                    close: None,
                    first_para: i,
                    last_para: i,
                });
                from = at - p.start;
            }
            Close::None if kind.single() => from = off + c.len_utf8(),
            Close::None => return continue_quote(body, paras, i, open, content, kind, out),
        }
    }
    next_para(paras, i)
}

fn next_para(paras: &[Para], i: usize) -> (usize, usize) {
    (i + 1, paras.get(i + 1).map_or(0, |p| p.start))
}

enum Close {
    /// The closing mark's offset and the offset after it.
    At(usize, usize),
    /// Unclosed, and a new opening mark of the same kind starts here.
    Reopened(usize),
    None,
}

fn find_close(base: usize, chars: &[(usize, char)], from: usize, kind: Kind) -> Close {
    for k in from..chars.len() {
        let (off, c) = chars[k];
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|x| x.1);
        if closer(kind, c, prev, next) && !possessive_before_a_closer(chars, k, kind) {
            return Close::At(base + off, base + off + c.len_utf8());
        }
        if kind == Kind::Curly && c == '“' {
            return Close::Reopened(base + off);
        }
    }
    Close::None
}

/// A single mark at `k` after `s` and before a lowercase word is a plural
/// possessive (`the campaigners' case`) when another closing mark follows
/// in the same sentence: that one closes the quotation.
fn possessive_before_a_closer(chars: &[(usize, char)], k: usize, kind: Kind) -> bool {
    let after = |j: usize| chars.get(j).map(|x| x.1);
    if !kind.single() || k == 0 || chars[k - 1].1 != 's' {
        return false;
    }
    if !(after(k + 1).is_some_and(is_space) && after(k + 2).is_some_and(char::is_lowercase)) {
        return false;
    }
    for j in k + 1..chars.len() {
        let c = chars[j].1;
        let prev = Some(chars[j - 1].1);
        if ".!?".contains(c) && after(j + 1).is_none_or(is_space) {
            return false;
        }
        if closer(kind, c, prev, after(j + 1)) {
            return true;
        }
    }
    false
}

/// An opening mark with no closing one in its paragraph: the quotation
/// goes on into the next paragraph when that opens with the same mark
/// (the convention for a long quotation), else it ends with its own
/// paragraph — never more.
fn continue_quote(
    body: &str,
    paras: &[Para],
    first: usize,
    open: usize,
    content: usize,
    kind: Kind,
    out: &mut Vec<Span>,
) -> (usize, usize) {
    let mut pieces = vec![trim(body, content, paras[first].end)];
    let mut i = first;
    let open_char = body[open..].chars().next().unwrap_or('"');
    while let Some(next) = paras.get(i + 1) {
        let text = &body[next.start..next.end];
        if !text.starts_with(open_char) {
            break;
        }
        i += 1;
        let start = next.start + open_char.len_utf8();
        let chars: Vec<(usize, char)> = body[start..next.end].char_indices().collect();
        match find_close(start, &chars, 0, kind) {
            Close::At(end, after) => {
                pieces.push(trim(body, start, end));
                out.push(Span {
                    pieces,
                    open,
                    close: Some(after),
                    first_para: first,
                    last_para: i,
                });
                // The rest of this paragraph, after the closing mark.
                return (i, after);
            }
            Close::Reopened(at) => {
                pieces.push(trim(body, start, at));
                break;
            }
            Close::None => pieces.push(trim(body, start, next.end)),
        }
    }
    out.push(Span {
        pieces,
        open,
        close: None,
        first_para: first,
        last_para: i,
    });
    next_para(paras, i)
}

/// `start..end` without the spaces (no-break ones too) at either end.
fn trim(body: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &body[start..end];
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let t = s.trim_start_matches(is_space).trim_end_matches(is_space);
    (start + lead, start + lead + t.len())
}

/// Long enough to be a quotation rather than a title or scare quotes: four
/// words, or eight characters of Chinese or Japanese.
pub(crate) fn long_enough(text: &str) -> bool {
    let cjk = text.chars().filter(|c| is_cjk(*c)).count();
    if cjk > 0 {
        return cjk + words(text) >= 8;
    }
    words(text) >= 4
}

fn words(text: &str) -> usize {
    text.split(is_space)
        .filter(|w| w.chars().any(|c| c.is_alphanumeric() && !is_cjk(c)))
        .count()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff)
}
