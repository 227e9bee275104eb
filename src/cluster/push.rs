//! `atlas push --cluster FILE [CORPUS_DIR]`: load a SphinxQL cluster.
//!
//! The corpus is walked, configured and parsed by `atlas index` itself,
//! into a mirror index beside the cluster file (which also gives searches
//! their word list for prefixes). The mirror's articles (id → content
//! hash) are then compared with what the shards are known to hold — a
//! journal beside the cluster file, appended after every batch the engine
//! accepted — and only the difference is sent: `REPLACE INTO` the shard a
//! stable hash of the id picks, `DELETE` for what vanished. A push killed
//! at any point leaves a journal that under-states nothing it did not
//! confirm, so the next push sends whatever is still missing.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use mysql::prelude::Queryable;

use super::config::ClusterFile;
use super::tokens::{self, MARKER};
use super::{ClusterError, connect};
use crate::analysis;
use crate::article::Article;
use crate::indexer::{self, IndexOptions, IndexReport, Progress};
use crate::store::AtlasIndex;

/// The stored article, as string attributes (the engine stores no text).
pub const STRING_ATTRS: [&str; 11] = [
    "aid",
    "path",
    "s_title",
    "s_body",
    "s_authors",
    "s_desk",
    "s_tags",
    "date_source",
    "bio",
    "url",
    "hash",
];
/// One `REPLACE` statement stays under this many bytes (the configs set
/// `max_packet_size = 32M`; Sphinx's default is 8M).
const BATCH_BYTES: usize = 4 << 20;

/// Where push keeps its mirror and journal: beside the cluster file.
pub fn state_dir(cluster_file: &Path) -> PathBuf {
    let dir = cluster_file.parent().unwrap_or(Path::new("."));
    dir.join("atlas-push")
}

pub fn mirror_dir(cluster_file: &Path) -> PathBuf {
    state_dir(cluster_file).join("mirror")
}

/// Pushes `opts.corpus` into the cluster; the report counts articles as
/// the cluster saw them change.
pub fn push(
    cluster_file: &Path,
    opts: &IndexOptions,
    progress: &dyn Progress,
) -> Result<IndexReport, ClusterError> {
    let started = Instant::now();
    let cluster = ClusterFile::load(cluster_file)?;
    let mut shards = Vec::new();
    for node in &cluster.shards {
        shards.push(connect(node)?);
    }
    let mut report = indexer::run(&mirror_dir(cluster_file), opts, progress)?;
    let mirror = AtlasIndex::open(&mirror_dir(cluster_file))?;
    let searcher = mirror.searcher()?;
    let mirror_err = |source| ClusterError::Mirror(mirror_dir(cluster_file), source);
    let manifest = indexer::manifest(&searcher).map_err(mirror_err)?;
    let mut journal = Journal::open(&state_dir(cluster_file))?;
    let (mut added, mut updated) = (0, 0);
    let mut rows: Vec<Vec<(u64, String)>> = vec![Vec::new(); shards.len()];
    let mut sizes = vec![0usize; shards.len()];
    let n = shards.len() as u64;
    for (id, hash) in &manifest {
        match journal.pushed.get(id) {
            Some(h) if h == hash => continue,
            Some(_) => updated += 1,
            None => added += 1,
        }
        let Some(article) =
            crate::search::article(&searcher, mirror.fields, id).map_err(mirror_err)?
        else {
            continue;
        };
        let doc = tokens::doc_id(id);
        let k = (doc % n) as usize;
        let row = row_values(doc, &article, hash);
        sizes[k] += row.len();
        rows[k].push((doc, row));
        journal.pending.push((id.clone(), hash.clone()));
        if sizes[k] >= BATCH_BYTES {
            send(&mut shards[k], &cluster.shards[k].index, &mut rows[k])?;
            sizes[k] = 0;
            journal.confirm_sent(&rows)?;
        }
    }
    for k in 0..shards.len() {
        send(&mut shards[k], &cluster.shards[k].index, &mut rows[k])?;
    }
    journal.confirm_sent(&rows)?;
    let gone: Vec<String> = (journal.pushed.keys())
        .filter(|id| !manifest.contains_key(*id))
        .cloned()
        .collect();
    for chunk in gone.chunks(500) {
        for (k, shard) in shards.iter_mut().enumerate() {
            let ids: Vec<String> = (chunk.iter())
                .map(|id| tokens::doc_id(id))
                .filter(|d| d % n == k as u64)
                .map(|d| d.to_string())
                .collect();
            if !ids.is_empty() {
                let sql = format!(
                    "DELETE FROM {} WHERE id IN ({})",
                    cluster.shards[k].index,
                    ids.join(",")
                );
                shard.query_drop(sql)?;
            }
        }
        journal.removed(chunk)?;
    }
    journal.compact()?;
    report.added = added;
    report.updated = updated;
    report.removed = gone.len() as u64;
    report.unchanged = manifest.len() as u64 - added - updated;
    report.articles = journal.pushed.len() as u64;
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    let secs = started.elapsed().as_secs_f64().max(1e-6);
    report.mb_per_s = ((report.bytes as f64 / 1e6) / secs * 100.0).round() / 100.0;
    Ok(report)
}

/// Sends the rows buffered for one shard as one `REPLACE` and clears them.
fn send(
    conn: &mut mysql::Conn,
    index: &str,
    rows: &mut Vec<(u64, String)>,
) -> Result<(), ClusterError> {
    if rows.is_empty() {
        return Ok(());
    }
    let columns: Vec<&str> = std::iter::once("id")
        .chain(tokens::FIELDS)
        .chain(STRING_ATTRS)
        .chain(["day", "dated", "year", "desk_h", "author_h", "tag_h"])
        .collect();
    let values: Vec<&str> = rows.iter().map(|(_, r)| r.as_str()).collect();
    let sql = format!(
        "REPLACE INTO {index} ({}) VALUES {}",
        columns.join(", "),
        values.join(", ")
    );
    conn.query_drop(sql)?;
    rows.clear();
    Ok(())
}

/// One `( … )` row: the token fields, the stored article, the attributes.
fn row_values(doc: u64, a: &Article, hash: &str) -> String {
    let mut text = analysis::text_analyzer();
    let mut raw = analysis::unstemmed_analyzer();
    let authors: Vec<&str> = a.authors.iter().map(String::as_str).collect();
    let desk: Vec<&str> = a.desk.iter().map(String::as_str).collect();
    let tags: Vec<&str> = a.tags.iter().map(String::as_str).collect();
    let mut meta = vec![MARKER.to_string()];
    if let Some(d) = a.date {
        meta.extend(tokens::date_tokens(d));
    }
    let mut v: Vec<String> = vec![doc.to_string()];
    let values: [&[&str]; 5] = [
        &[a.title.as_str()],
        &[a.body.as_str()],
        &authors,
        &desk,
        &tags,
    ];
    for stemmed in [true, false] {
        let analyzer = if stemmed { &mut text } else { &mut raw };
        for field in values {
            v.push(quote(&tokens::field_text(analyzer, field)));
        }
    }
    v.push(quote(&meta.join(" ")));
    let json = |x: &Vec<String>| serde_json::to_string(x).unwrap_or_default();
    let opt = |x: &Option<String>| quote(x.as_deref().unwrap_or(""));
    v.extend([
        quote(&a.id),
        quote(&a.path),
        quote(&a.title),
        quote(&a.body),
        quote(&json(&a.authors)),
        opt(&a.desk),
        quote(&json(&a.tags)),
        quote(a.date_source.map_or("", |s| s.as_str())),
        opt(&a.bio),
        opt(&a.url),
        quote(hash),
    ]);
    let (day, year) = a.date.map_or((0, 0), |d| {
        let c = tokens::clamp(d);
        (tokens::day_number(d), chrono::Datelike::year(&c) as u32)
    });
    let hashes = |names: &[String]| {
        let h: Vec<String> = names
            .iter()
            .map(|n| tokens::name_hash(n).to_string())
            .collect();
        format!("({})", h.join(","))
    };
    v.extend([
        day.to_string(),
        u32::from(a.date.is_some()).to_string(),
        year.to_string(),
        a.desk.as_deref().map_or(0, tokens::name_hash).to_string(),
        hashes(&a.authors),
        hashes(&a.tags),
    ]);
    format!("({})", v.join(", "))
}

/// A SphinxQL string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\0' => {}
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// What the shards are known to hold (id → hash): `pushed.tsv` rewritten
/// at the end of a push, `journal.tsv` appended as batches are accepted.
struct Journal {
    dir: PathBuf,
    pushed: BTreeMap<String, String>,
    /// Rows buffered but not yet confirmed, in buffering order.
    pending: Vec<(String, String)>,
    log: std::fs::File,
}

impl Journal {
    fn open(dir: &Path) -> Result<Journal, ClusterError> {
        std::fs::create_dir_all(dir)?;
        let mut pushed = BTreeMap::new();
        for name in ["pushed.tsv", "journal.tsv"] {
            let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            for line in text.lines() {
                let mut parts = line.split('\t');
                match (parts.next(), parts.next(), parts.next()) {
                    (Some("+"), Some(id), Some(hash)) => {
                        pushed.insert(id.to_string(), hash.to_string());
                    }
                    (Some("-"), Some(id), _) => {
                        pushed.remove(id);
                    }
                    _ => {}
                }
            }
        }
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("journal.tsv"))?;
        Ok(Journal {
            dir: dir.to_path_buf(),
            pushed,
            pending: Vec::new(),
            log,
        })
    }

    /// Every pending row no longer buffered in `rows` was accepted.
    fn confirm_sent(&mut self, rows: &[Vec<(u64, String)>]) -> Result<(), ClusterError> {
        let still: std::collections::HashSet<u64> =
            rows.iter().flatten().map(|(d, _)| *d).collect();
        let mut keep = Vec::new();
        let mut out = String::new();
        for (id, hash) in self.pending.drain(..) {
            if still.contains(&tokens::doc_id(&id)) {
                keep.push((id, hash));
            } else {
                out.push_str(&format!("+\t{id}\t{hash}\n"));
                self.pushed.insert(id, hash);
            }
        }
        self.pending = keep;
        self.log.write_all(out.as_bytes())?;
        Ok(())
    }

    fn removed(&mut self, ids: &[String]) -> Result<(), ClusterError> {
        let mut out = String::new();
        for id in ids {
            out.push_str(&format!("-\t{id}\n"));
            self.pushed.remove(id);
        }
        self.log.write_all(out.as_bytes())?;
        Ok(())
    }

    /// The journal folded into `pushed.tsv` (written aside, then renamed).
    fn compact(&mut self) -> Result<(), ClusterError> {
        let mut out = String::new();
        for (id, hash) in &self.pushed {
            out.push_str(&format!("+\t{id}\t{hash}\n"));
        }
        let tmp = self.dir.join("pushed.tsv.tmp");
        std::fs::write(&tmp, out)?;
        std::fs::rename(&tmp, self.dir.join("pushed.tsv"))?;
        self.log.set_len(0)?;
        Ok(())
    }
}
