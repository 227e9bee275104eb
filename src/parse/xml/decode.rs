//! The encoding rule of SPEC for XML, applied as a stream: a BOM wins; bytes
//! that are valid UTF-8 are UTF-8 (feeds declare ISO-8859-1 over UTF-8);
//! at the first invalid sequence, the stream so far and the next 64 kB are
//! judged: UTF-8 but for a few bad sequences stays UTF-8 (U+FFFD for them,
//! with a warning); otherwise from there on the XML declaration's encoding
//! (through encoding_rs), else Windows-1252. The output is UTF-8, so
//! quick-xml (built without its `encoding` feature) never re-decodes.
//!
//! It also holds the per-event byte budget: quick-xml buffers a whole text
//! node, so a 1 GB node is stopped here before it is ever held whole.

use std::io::{self, BufRead, Read};

use encoding_rs::{Decoder, Encoding, UTF_8, WINDOWS_1252};

use super::super::encoding::Utf8Tally;

pub struct Transcode<'a> {
    input: &'a mut dyn BufRead,
    /// `None` while the bytes are valid UTF-8.
    decoder: Option<Decoder>,
    fallback: &'static Encoding,
    /// The fallback is the XML declaration's encoding, not a guess.
    declared: bool,
    carry: Vec<u8>,
    /// The input ended and the decoder was flushed.
    done: bool,
    out: Vec<u8>,
    out_pos: usize,
    pub budget: u64,
    pub exceeded: bool,
    /// Set when the stream stopped being UTF-8.
    pub warning: Option<String>,
    /// Valid multi-byte sequences passed through so far (for the judgement
    /// at the first invalid one).
    seen: Utf8Tally,
    produced: u64,
    /// Lines before `window`, and the last output bytes (for error positions).
    lines_before: u64,
    window_start: u64,
    window: Vec<u8>,
}

const WINDOW: usize = 64 * 1024;

impl<'a> Transcode<'a> {
    pub fn new(input: &'a mut dyn BufRead) -> io::Result<Transcode<'a>> {
        let head = input.fill_buf()?;
        let (bom, bom_len) = match Encoding::for_bom(head) {
            Some((enc, len)) => (Some(enc), len),
            None => (None, 0),
        };
        let declared = declared_encoding(head.get(bom_len..).unwrap_or(&[]));
        input.consume(bom_len);
        let declared = declared.filter(|e| e.is_ascii_compatible() && *e != UTF_8);
        let fallback = declared.unwrap_or(WINDOWS_1252);
        let decoder = bom
            .filter(|e| *e != UTF_8)
            .map(|e| e.new_decoder_without_bom_handling());
        Ok(Transcode {
            input,
            decoder,
            fallback,
            declared: declared.is_some(),
            carry: Vec::new(),
            done: false,
            out: Vec::new(),
            out_pos: 0,
            budget: u64::MAX,
            exceeded: false,
            warning: None,
            seen: Utf8Tally::default(),
            produced: 0,
            lines_before: 0,
            window_start: 0,
            window: Vec::new(),
        })
    }

    /// 1-based line and column of an output byte offset (exact within the
    /// last 64 kB read, which is where quick-xml reports its errors).
    pub fn line_col(&self, offset: u64) -> (usize, usize) {
        let within = offset.saturating_sub(self.window_start) as usize;
        let seen = self
            .window
            .get(..within.min(self.window.len()))
            .unwrap_or(&[]);
        let newlines = seen.iter().filter(|&&b| b == b'\n').count();
        let col_start = seen.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(seen.get(col_start..).unwrap_or(&[]))
            .chars()
            .count()
            + 1;
        (self.lines_before as usize + newlines + 1, column)
    }

    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        if self.done {
            return Ok(());
        }
        let mut src = std::mem::take(&mut self.carry);
        let mut last = self.pull(&mut src)?;
        if self.decoder.is_none() {
            match std::str::from_utf8(&src) {
                Ok(_) => {
                    self.seen.add_valid(&src);
                    self.out = src;
                    return Ok(());
                }
                Err(e) if e.error_len().is_none() && !last => {
                    let valid = e.valid_up_to();
                    self.carry = src.split_off(valid);
                    self.seen.add_valid(&src);
                    self.out = src;
                    return Ok(());
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    // Judged on what passed and the next 64 kB, not on one byte.
                    while !last && src.len() - valid < WINDOW {
                        last = self.pull(&mut src)?;
                    }
                    let mut judged = self.seen;
                    judged.add(&src, self.produced, last);
                    let offset = self.produced + valid as u64;
                    if judged.nearly_utf8() {
                        self.warning = Some(format!(
                            "invalid UTF-8 sequences (first at byte {offset}) replaced with U+FFFD"
                        ));
                        self.decoder = Some(UTF_8.new_decoder_without_bom_handling());
                    } else {
                        self.warning = (!self.declared).then(|| {
                            format!(
                                "not valid UTF-8 (first bad byte at offset {offset}); decoded as {}",
                                self.fallback.name()
                            )
                        });
                        self.decoder = Some(self.fallback.new_decoder_without_bom_handling());
                    }
                    let rest = src.split_off(valid);
                    self.out = src;
                    src = rest;
                }
            }
        }
        if let Some(decoder) = self.decoder.as_mut() {
            let mut s = String::with_capacity(
                decoder
                    .max_utf8_buffer_length(src.len())
                    .unwrap_or(src.len() * 3),
            );
            let _ = decoder.decode_to_string(&src, &mut s, last);
            self.out.extend_from_slice(s.as_bytes());
        }
        Ok(())
    }

    /// Appends the next chunk of input to `src`; true at the end of input.
    fn pull(&mut self, src: &mut Vec<u8>) -> io::Result<bool> {
        let chunk = self.input.fill_buf()?;
        let last = chunk.is_empty();
        self.done = last;
        src.extend_from_slice(chunk);
        let n = chunk.len();
        self.input.consume(n);
        Ok(last)
    }

    fn remember(&mut self, bytes: &[u8]) {
        self.window.extend_from_slice(bytes);
        if self.window.len() > 2 * WINDOW {
            let cut = self.window.len() - WINDOW;
            self.lines_before += self
                .window
                .get(..cut)
                .unwrap_or(&[])
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.window_start += cut as u64;
            self.window.drain(..cut);
        }
    }
}

impl Read for Transcode<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut tries = 0;
        while self.out_pos >= self.out.len() {
            self.refill()?;
            tries += 1;
            if self.out.is_empty() && (self.carry.is_empty() || tries > 2) {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        if n as u64 > self.budget {
            self.exceeded = true;
            return Err(io::Error::other("XML node over the size limit"));
        }
        self.budget -= n as u64;
        let chunk = self
            .out
            .get(self.out_pos..self.out_pos + n)
            .unwrap_or(&[])
            .to_vec();
        if let Some(dst) = buf.get_mut(..n) {
            dst.copy_from_slice(&chunk);
        }
        self.out_pos += n;
        self.produced += n as u64;
        self.remember(&chunk);
        Ok(n)
    }
}

/// `encoding="…"` of an `<?xml …?>` declaration at the start.
fn declared_encoding(head: &[u8]) -> Option<&'static Encoding> {
    let head = head.get(..head.len().min(512))?;
    let text = String::from_utf8_lossy(head);
    let decl = text.strip_prefix("<?xml")?;
    let decl = decl.get(..decl.find("?>")?)?;
    let at = decl.find("encoding")?;
    let rest = decl
        .get(at + "encoding".len()..)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest.get(1..)?;
    let value = value.get(..value.find(quote)?)?;
    Encoding::for_label(value.trim().as_bytes())
}
