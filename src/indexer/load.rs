//! Reading and parsing files in parallel, in chunks bounded by count and
//! by bytes. Every file of a chunk is held read, decoded and parsed until
//! the chunk is applied, so the bytes in flight — not the thread count —
//! decide the memory a run of large articles needs: at most
//! `CHUNK_BYTES` of files (or one file, when a single one is larger), each
//! held a few times over (its bytes, its text, its article and document).

use crate::config::Configs;
use crate::copies::Print;
use crate::parse::{self, ParseOptions, Parsed, Skip};

use super::copies::print_of;
use super::walk::CorpusFile;

/// Files read and parsed at a time, at most.
const CHUNK_FILES: usize = 256;
/// Bytes of files read and parsed at a time (a file larger than this is
/// read on its own). 32 MB: one of the largest articles
/// (`parse::MAX_ARTICLE_FILE_BYTES`), thousands of ordinary ones. Two of
/// the largest at once (64 MB) made 4 threads need 11 % more than 1 did
/// (tests/memory_bound.rs); ordinary chunks end at `CHUNK_FILES` first.
pub(super) const CHUNK_BYTES: u64 = 32 * 1024 * 1024;

/// The next chunk of `files`: up to `CHUNK_FILES` files whose sizes add up
/// to at most `CHUNK_BYTES`, and always at least one. Streamed exports and
/// files over their size limit are not held whole, so they count as none.
pub(super) fn in_flight<T>(
    files: &mut std::iter::Peekable<impl Iterator<Item = T>>,
    file_of: impl Fn(&T) -> &CorpusFile,
) -> Vec<T> {
    let mut chunk = Vec::new();
    let mut bytes = 0u64;
    while chunk.len() < CHUNK_FILES {
        let Some(next) = files.peek() else { break };
        let size = held_bytes(file_of(next));
        if !chunk.is_empty() && bytes + size > CHUNK_BYTES {
            break;
        }
        bytes += size;
        chunk.extend(files.next());
    }
    chunk
}

/// The bytes a file's reading holds in memory at once.
fn held_bytes(file: &CorpusFile) -> u64 {
    let streamed = parse::streams(&file.rel);
    if streamed || file.stamp.size > parse::size_limit(&file.rel) {
        0
    } else {
        file.stamp.size
    }
}

/// What reading one file gave.
pub(super) enum FileOutcome {
    /// Parsed (possibly into nothing but skips); `bytes_read` is 0 for a
    /// file over the size limit, which is never read.
    Parsed {
        parsed: Parsed,
        /// Each article's body print for copies, made here in parallel.
        prints: Vec<Print>,
        bytes_read: u64,
    },
    /// Could not be read: reported, and its articles kept as they were.
    Unreadable(String),
    /// A newsroom export (of any size): read as a stream when applied.
    Stream,
}

thread_local! {
    /// Each reading thread's folding analyzer, for the copy prints.
    pub(super) static FOLDING: std::cell::RefCell<tantivy::tokenizer::TextAnalyzer> =
        std::cell::RefCell::new(crate::analysis::unstemmed_analyzer());
}

/// Reads and parses one file for a chunk: a streamed export is left for
/// `apply` to read in bounded memory; any other file is read whole here.
pub(super) fn load(file: &CorpusFile, configs: &Configs, today: chrono::NaiveDate) -> FileOutcome {
    // Exports are read as a stream, limited per item, not per file.
    if parse::streams(&file.rel) {
        return FileOutcome::Stream;
    }
    let mut parsed = Parsed::default();
    match read_file(file, configs, today, &mut |one| parsed.append(one)) {
        Ok(bytes_read) => {
            let prints = FOLDING.with_borrow_mut(|analyzer| {
                (parsed.articles.iter())
                    .map(|item| print_of(analyzer, &item.article.body))
                    .collect()
            });
            FileOutcome::Parsed {
                parsed,
                prints,
                bytes_read,
            }
        }
        Err(reason) => FileOutcome::Unreadable(reason),
    }
}

/// Reads one file and parses it under its config (date bounds, desks,
/// OCR), the config applied to every article: the one place a file becomes
/// articles. A streamed export reaches `on` one item at a time and a
/// failure of the stream as a last skip; any other file in one `Parsed`,
/// not read at all when it is over its size limit. Returns the bytes read,
/// or why the file could not be read.
pub(super) fn read_file(
    file: &CorpusFile,
    configs: &Configs,
    today: chrono::NaiveDate,
    on: &mut dyn FnMut(Parsed),
) -> Result<u64, String> {
    let config = configs.nearest(&file.rel);
    let opts = config.map_or_else(ParseOptions::default, |c| c.parse_options(today));
    let mut configured = |mut parsed: Parsed| {
        if let Some(config) = config {
            for item in &mut parsed.articles {
                config.apply(&mut item.article);
            }
        }
        on(parsed);
    };
    let skip = |reason| Parsed {
        skipped: vec![Skip {
            path: file.rel.clone(),
            reason,
        }],
        ..Parsed::default()
    };
    let cannot_read = |e: std::io::Error| format!("cannot read: {e}");
    if parse::streams(&file.rel) {
        let reader = std::fs::File::open(&file.abs).map_err(cannot_read)?;
        let mut input = std::io::BufReader::with_capacity(1 << 20, reader);
        if let Err(reason) = parse::read_stream(&file.rel, &mut input, &opts, &mut configured) {
            configured(skip(reason));
        }
        return Ok(file.stamp.size);
    }
    let limit = parse::size_limit(&file.rel);
    if file.stamp.size > limit {
        let size = file.stamp.size;
        configured(skip(parse::SkipReason::TooLarge { size, limit }));
        return Ok(0);
    }
    let bytes = std::fs::read(&file.abs).map_err(cannot_read)?;
    configured(super::scans::parse_file(&file.rel, &bytes, &opts, configs));
    Ok(bytes.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::FileStamp;

    fn file(rel: &str, size: u64) -> CorpusFile {
        let stamp = FileStamp {
            flagged: false,
            size,
            mtime_ns: 0,
        };
        CorpusFile {
            rel: rel.to_string(),
            abs: rel.into(),
            stamp,
        }
    }

    fn chunks(files: Vec<CorpusFile>) -> Vec<Vec<String>> {
        let mut files = files.into_iter().peekable();
        let mut out = Vec::new();
        loop {
            let chunk = in_flight(&mut files, |f| f);
            if chunk.is_empty() {
                return out;
            }
            out.push(chunk.into_iter().map(|f| f.rel).collect());
        }
    }

    #[test]
    fn chunks_are_bounded_by_bytes_and_count() {
        let mb = 1024 * 1024;
        // Four of the largest articles: one at a time, whatever the threads;
        // half their size, two at a time.
        let big: Vec<CorpusFile> = (0..4).map(|i| file(&format!("{i}.txt"), 31 * mb)).collect();
        assert_eq!(chunks(big), [["0.txt"], ["1.txt"], ["2.txt"], ["3.txt"]]);
        let half: Vec<CorpusFile> = (0..4).map(|i| file(&format!("{i}.txt"), 15 * mb)).collect();
        assert_eq!(chunks(half), [["0.txt", "1.txt"], ["2.txt", "3.txt"]]);
        // A file over the budget on its own (exports may be larger).
        let huge = vec![
            file("a.txt", mb),
            file("b.json", 100 * mb),
            file("c.txt", mb),
        ];
        assert_eq!(chunks(huge), [vec!["a.txt"], vec!["b.json"], vec!["c.txt"]]);
        // Streamed exports and files over their limit are never held whole.
        let streamed = vec![
            file("a.warc", 900 * mb),
            file("b.txt", 40 * mb),
            file("c.txt", mb),
        ];
        assert_eq!(chunks(streamed).len(), 1);
        // Small files: by count.
        let small: Vec<CorpusFile> = (0..600).map(|i| file(&format!("{i}.txt"), 4096)).collect();
        let sizes: Vec<usize> = chunks(small).iter().map(Vec::len).collect();
        assert_eq!(sizes, [CHUNK_FILES, CHUNK_FILES, 600 - 2 * CHUNK_FILES]);
    }
}
