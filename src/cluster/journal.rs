//! What the shards are known to hold (id → content hash), kept beside the
//! cluster file so that a push sends only the difference.
//!
//! Two files of JSON lines, so that an id survives any character a file
//! name may hold (a newline, a tab): `pushed.jsonl`, the state at the end
//! of the last push (written aside, then renamed), and `journal.jsonl`,
//! appended as the engine confirms each batch (`["+", id, hash]`) or
//! deletion (`["-", id]`). A push killed midway leaves at worst a torn last
//! line, which is ignored: the article is sent (or deleted) again.
//!
//! Where there is no `pushed.jsonl` — a first push, a push from another
//! machine, or the line-based `pushed.tsv`/`journal.tsv` of earlier atlas
//! versions, which lost every id holding a newline or a tab — the state is
//! read from the shards themselves, written as `pushed.jsonl`, and the old
//! files are removed: read once, rewritten, never read again.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::ClusterError;
use super::engine;

const PUSHED: &str = "pushed.jsonl";
const JOURNAL: &str = "journal.jsonl";
/// The line-based files of earlier versions.
const LEGACY: [&str; 2] = ["pushed.tsv", "journal.tsv"];
/// Ids read per statement when the state is read from a shard.
const PAGE: usize = 5_000;

/// What the cluster records for an article (its row's `hash`, the
/// journal): the content hash, the quote extractor's version and the
/// schema version, so that an article pushed before its quotations were,
/// by another extractor, or with the token streams of another analysis
/// (a schema bump: the local index is rebuilt, the content hash stays),
/// is pushed again.
pub fn stamped(hash: &str) -> String {
    let (quotes, schema) = (crate::quotes::QUOTES_VERSION, crate::schema::SCHEMA_VERSION);
    format!("{hash}+q{quotes}+s{schema}")
}

pub struct Journal {
    dir: PathBuf,
    pub pushed: BTreeMap<String, String>,
    log: std::fs::File,
}

impl Journal {
    /// The state in `dir`, or (when it has none) what `read_shards` finds
    /// on the shards.
    pub fn open(
        dir: &Path,
        read_shards: impl FnOnce() -> Result<BTreeMap<String, String>, ClusterError>,
    ) -> Result<Journal, ClusterError> {
        std::fs::create_dir_all(dir)?;
        let snapshot = dir.join(PUSHED);
        let known = snapshot.exists();
        let mut pushed = BTreeMap::new();
        if known {
            replay(&snapshot, &mut pushed)?;
            replay(&dir.join(JOURNAL), &mut pushed)?;
        } else {
            pushed = read_shards()?;
        }
        let mut journal = Journal {
            dir: dir.to_path_buf(),
            pushed,
            log: std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(dir.join(JOURNAL))?,
        };
        if !known {
            journal.compact()?;
            for name in LEGACY {
                match std::fs::remove_file(dir.join(name)) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                    _ => {}
                }
            }
        }
        Ok(journal)
    }

    /// These articles are on the shards now.
    pub fn pushed(&mut self, entries: &[(String, String)]) -> Result<(), ClusterError> {
        let mut out = String::new();
        for (id, hash) in entries {
            line(&mut out, &["+", id, hash]);
            self.pushed.insert(id.clone(), hash.clone());
        }
        self.log.write_all(out.as_bytes())?;
        Ok(())
    }

    /// These articles are gone from the shards.
    pub fn removed(&mut self, ids: &[String]) -> Result<(), ClusterError> {
        let mut out = String::new();
        for id in ids {
            line(&mut out, &["-", id]);
            self.pushed.remove(id);
        }
        self.log.write_all(out.as_bytes())?;
        Ok(())
    }

    /// The journal folded into `pushed.jsonl` (written aside, then renamed).
    pub fn compact(&mut self) -> Result<(), ClusterError> {
        let mut out = String::new();
        for (id, hash) in &self.pushed {
            line(&mut out, &["+", id, hash]);
        }
        let tmp = self.dir.join("pushed.jsonl.tmp");
        std::fs::write(&tmp, out)?;
        std::fs::rename(&tmp, self.dir.join(PUSHED))?;
        self.log.set_len(0)?;
        Ok(())
    }
}

/// One JSON array of strings and a newline (JSON escapes every control
/// character, so the line is whole).
fn line(out: &mut String, line: &[&str]) {
    // Strings only: serialising cannot fail.
    out.push_str(&serde_json::to_string(line).unwrap_or_default());
    out.push('\n');
}

/// Applies the lines of `path` (if it exists) to `pushed`; a line that
/// does not parse (torn by a kill) is skipped.
fn replay(path: &Path, pushed: &mut BTreeMap<String, String>) -> Result<(), ClusterError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    for raw in bytes.split(|&b| b == b'\n') {
        let Ok(fields) = serde_json::from_slice::<Vec<String>>(raw) else {
            continue;
        };
        match fields.as_slice() {
            [op, id, hash] if op == "+" => {
                pushed.insert(id.clone(), hash.clone());
            }
            [op, id] if op == "-" => {
                pushed.remove(id);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Every (id, hash) one shard holds, read in pages of document ids.
pub fn held(conn: &mut mysql::Conn, index: &str) -> Result<BTreeMap<String, String>, ClusterError> {
    let mut out = BTreeMap::new();
    let mut after = 0u64;
    loop {
        let sql = format!(
            "SELECT id, aid, hash FROM {index} WHERE id > {after} ORDER BY id ASC \
             LIMIT 0, {PAGE} OPTION max_matches={PAGE}"
        );
        let (rows, _) = engine::rows(conn, &sql)?;
        for row in &rows {
            if let [doc, id, hash, ..] = row.as_slice() {
                after = after.max(doc.parse().unwrap_or(after));
                out.insert(id.clone(), hash.clone());
            }
        }
        if rows.len() < PAGE {
            return Ok(out);
        }
    }
}
