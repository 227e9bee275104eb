//! `atlas push --cluster FILE [CORPUS_DIR]`: load a SphinxQL cluster.
//!
//! The corpus is walked, configured and parsed by `atlas index` itself,
//! into a mirror index beside the cluster file (which also gives searches
//! their word list for prefixes). The mirror's articles (id → content
//! hash) are then compared with what the shards are known to hold (the
//! `journal`, appended after every batch the engine accepted) and only the
//! difference is sent: `REPLACE INTO` the shard a stable hash of the id
//! picks, then the article's quotations into that shard's quote table
//! (`quotes`: the old ones deleted first), `DELETE` for what vanished,
//! quotations included. A push killed at any point leaves a
//! journal that claims nothing the engine did not confirm, so the next
//! push sends whatever is still missing.
//!
//! Statements are sized in bytes: batches of up to `BATCH_BYTES`, and an
//! article larger than that alone in its own statement, up to the cluster's
//! packet limit. One the engine cannot take even so (larger than the limit,
//! or refused) is reported by name and reason while every other article is
//! pushed; it is not journalled, so every push tries it again.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use mysql::prelude::Queryable;

use super::config::{ClusterFile, ENGINE_MAX_PACKET, Node};
use super::journal::{self, Journal};
use super::row::row_into;
use super::{ClusterError, connect, is_schema_mismatch};
use super::{quotes, schema, tokens};
use crate::article::Article;
use crate::indexer::{self, IndexOptions, IndexReport, NotPushed, Progress};
use crate::store::AtlasIndex;

/// Articles are sent in statements of about this many bytes (fewer round
/// trips than one each; far under every engine's default packet limit).
const BATCH_BYTES: usize = 4 << 20;
/// The engines' default `max_packet_size` (8M): a statement larger than
/// this that loses its connection was most likely refused for its size.
const DEFAULT_PACKET: usize = 8 << 20;

/// Where push keeps its mirror and journal: beside the cluster file.
pub fn state_dir(cluster_file: &Path) -> PathBuf {
    let dir = cluster_file.parent().unwrap_or(Path::new("."));
    dir.join("atlas-push")
}

pub fn mirror_dir(cluster_file: &Path) -> PathBuf {
    state_dir(cluster_file).join("mirror")
}

/// Pushes `opts.corpus` into the cluster; the report counts articles as
/// the cluster saw them change, and names those it could not take.
pub fn push(
    cluster_file: &Path,
    opts: &IndexOptions,
    progress: &dyn Progress,
) -> Result<IndexReport, ClusterError> {
    let started = Instant::now();
    let cluster = ClusterFile::load(cluster_file)?;
    let limit = cluster.max_packet as usize;
    let mut shards = Vec::new();
    for node in &cluster.shards {
        shards.push(Shard::connect(node)?);
    }
    let mut report = indexer::run(&mirror_dir(cluster_file), opts, progress)?;
    let mirror = AtlasIndex::open(&mirror_dir(cluster_file))?;
    let searcher = mirror.searcher()?;
    let mirror_err = |source| ClusterError::Mirror(mirror_dir(cluster_file), source);
    let manifest = indexer::manifest(&searcher).map_err(mirror_err)?;
    let mut journal = Journal::open(&state_dir(cluster_file), || {
        let mut held = BTreeMap::new();
        for shard in shards.iter_mut() {
            held.extend(journal::held(&mut shard.conn, &shard.node.index)?);
        }
        Ok(held)
    })?;
    let mut tally = Tally::default();
    let n = shards.len() as u64;
    for (id, hash) in &manifest {
        let hash = &journal::stamped(hash);
        let known = match journal.pushed.get(id) {
            Some(h) if h == hash => {
                tally.unchanged += 1;
                continue;
            }
            Some(_) => true,
            None => false,
        };
        let Some(article) =
            crate::store::article(&searcher, mirror.fields, id).map_err(mirror_err)?
        else {
            continue;
        };
        let shard = &mut shards[(tokens::doc_id(id) % n) as usize];
        let entry = Entry {
            id: id.clone(),
            path: article.path.clone(),
            hash: hash.clone(),
            known,
            span: 0..0,
            quotes: String::new(),
        };
        shard.add(entry, &article, limit, &mut journal, &mut tally)?;
    }
    for shard in &mut shards {
        shard.send(&mut journal, &mut tally)?;
    }
    let gone: Vec<String> = (journal.pushed.keys())
        .filter(|id| !manifest.contains_key(*id))
        .cloned()
        .collect();
    delete(&mut shards, &gone, &mut journal)?;
    // An article the cluster held in an older version and cannot take now:
    // its old copy goes, so that no search finds text the corpus no longer has.
    delete(&mut shards, &tally.stale, &mut journal)?;
    journal.compact()?;
    report.added = tally.added;
    report.updated = tally.updated;
    report.removed = gone.len() as u64;
    report.unchanged = tally.unchanged;
    report.not_pushed = tally.not_pushed;
    report.articles = journal.pushed.len() as u64;
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    let secs = started.elapsed().as_secs_f64().max(1e-6);
    report.mb_per_s = ((report.bytes as f64 / 1e6) / secs * 100.0).round() / 100.0;
    Ok(report)
}

/// What the push did, article by article.
#[derive(Default)]
struct Tally {
    added: u64,
    updated: u64,
    unchanged: u64,
    not_pushed: Vec<NotPushed>,
    /// Ids whose older version the cluster holds but whose new one it refused.
    stale: Vec<String>,
}

impl Tally {
    fn refused(&mut self, entry: Entry, reason: String) {
        if entry.known {
            self.stale.push(entry.id.clone());
        }
        self.not_pushed.push(NotPushed {
            id: entry.id,
            path: entry.path,
            reason,
        });
    }
}

/// One article buffered for a shard: where its row sits in the statement.
struct Entry {
    id: String,
    path: String,
    hash: String,
    /// The cluster holds an older version.
    known: bool,
    span: Range<usize>,
    /// The rows of its quotations (`quotes::rows_into`), sent once the
    /// engine took the article's own row.
    quotes: String,
}

/// A shard's connection and the `REPLACE` statement being filled for it.
struct Shard {
    node: Node,
    conn: mysql::Conn,
    /// `REPLACE INTO … VALUES `: what every statement starts with.
    header: String,
    /// The shard's quote table, and its statements' start.
    quotes_table: String,
    quotes_header: String,
    sql: String,
    rows: Vec<Entry>,
}

impl Shard {
    fn connect(node: &Node) -> Result<Shard, ClusterError> {
        let header = |table: &str| {
            format!(
                "REPLACE INTO {table} ({}) VALUES ",
                schema::columns().join(", ")
            )
        };
        let quotes_table = schema::quotes_table(&node.index);
        Ok(Shard {
            node: node.clone(),
            conn: connect(node)?,
            sql: header(&node.index),
            header: header(&node.index),
            quotes_header: header(&quotes_table),
            quotes_table,
            rows: Vec::new(),
        })
    }

    /// Adds an article's row, sending the statement first when the row
    /// would take it over `BATCH_BYTES`, and refusing the article when
    /// even a statement of its own would exceed `limit`.
    fn add(
        &mut self,
        mut entry: Entry,
        article: &Article,
        limit: usize,
        journal: &mut Journal,
        tally: &mut Tally,
    ) -> Result<(), ClusterError> {
        if let Err(reason) = quotes::rows_into(&mut entry.quotes, article, &entry.hash) {
            tally.refused(entry, reason);
            return Ok(());
        }
        let before = self.sql.len();
        if !self.rows.is_empty() {
            self.sql.push_str(", ");
        }
        let start = self.sql.len();
        let doc = tokens::doc_id(&entry.id);
        let stored = row_into(&mut self.sql, doc, article, &entry.hash);
        let size = self.header.len() + (self.sql.len() - start);
        if let Err(reason) = stored {
            self.sql.truncate(before);
            tally.refused(entry, reason);
            return Ok(());
        }
        if size > limit {
            self.sql.truncate(before);
            tally.refused(entry, too_large(size, limit));
            return Ok(());
        }
        if self.sql.len() > BATCH_BYTES.min(limit) && !self.rows.is_empty() {
            // Send what was buffered before this row; the row moves up to
            // start the next statement (in place: no second copy of it).
            self.send_upto(before, journal, tally)?;
            self.sql.replace_range(self.header.len()..start, "");
            entry.span = self.header.len()..self.sql.len();
        } else {
            entry.span = start..self.sql.len();
        }
        self.rows.push(entry);
        if self.sql.len() >= BATCH_BYTES.min(limit) {
            self.send(journal, tally)?;
        }
        Ok(())
    }

    /// Sends every buffered row.
    fn send(&mut self, journal: &mut Journal, tally: &mut Tally) -> Result<(), ClusterError> {
        let end = self.sql.len();
        self.send_upto(end, journal, tally)?;
        self.sql.truncate(self.header.len());
        if self.sql.capacity() > 2 * BATCH_BYTES {
            // One huge article must not keep its buffer for the whole push.
            self.sql.shrink_to(BATCH_BYTES);
        }
        Ok(())
    }

    /// Sends the buffered rows, which end at `end` in the statement; the
    /// statement text itself is left for the caller to trim. A row the
    /// engine refuses is reported, not fatal: the others are sent one by
    /// one. A connection lost is fatal (the next push converges), unless
    /// it was one oversized row and the shard answers again.
    fn send_upto(
        &mut self,
        end: usize,
        journal: &mut Journal,
        tally: &mut Tally,
    ) -> Result<(), ClusterError> {
        let rows = std::mem::take(&mut self.rows);
        if rows.is_empty() {
            return Ok(());
        }
        match self.conn.query_drop(&self.sql[..end]) {
            Ok(()) => return self.confirm(rows, journal, tally),
            // The shards' schema, not one row: every row would fail alike.
            Err(e @ mysql::Error::MySqlError(_)) if is_schema_mismatch(&e.to_string()) => {
                return Err(e.into());
            }
            Err(mysql::Error::MySqlError(e)) if rows.len() == 1 => {
                let entry = rows.into_iter().next().expect("one row");
                tally.refused(entry, refused_by_engine(&e.message));
                return Ok(());
            }
            Err(mysql::Error::MySqlError(_)) => {}
            Err(e) if rows.len() == 1 && end > DEFAULT_PACKET => {
                // searchd drops the connection on a packet over its limit.
                self.conn = connect(&self.node).map_err(|_| ClusterError::from(e))?;
                let entry = rows.into_iter().next().expect("one row");
                let reason = format!(
                    "the engine closed the connection on its {} statement: is `max_packet_size` in the searchd config of {}:{} lower than `max_packet` in cluster.toml?",
                    mb(end),
                    self.node.host,
                    self.node.port
                );
                tally.refused(entry, reason);
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        }
        // One row the engine refuses must not keep the others out.
        for entry in rows {
            let alone = format!("{}{}", self.header, &self.sql[entry.span.clone()]);
            match self.conn.query_drop(alone) {
                Ok(()) => self.confirm(vec![entry], journal, tally)?,
                Err(mysql::Error::MySqlError(e)) => {
                    tally.refused(entry, refused_by_engine(&e.message))
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// The engine took these articles' rows: their quotations replace
    /// those the quote table held (all deleted first: an edit may have
    /// fewer), then they are journalled and counted.
    fn confirm(
        &mut self,
        rows: Vec<Entry>,
        journal: &mut Journal,
        tally: &mut Tally,
    ) -> Result<(), ClusterError> {
        let ids: Vec<&str> = rows.iter().map(|e| e.id.as_str()).collect();
        quotes::delete_of(&mut self.conn, &self.quotes_table, &ids)?;
        let mut taken = Vec::with_capacity(rows.len());
        let mut batch = Vec::new();
        let mut size = 0;
        for entry in rows {
            if size + entry.quotes.len() > BATCH_BYTES && !batch.is_empty() {
                self.send_quotes(std::mem::take(&mut batch), &mut taken, tally)?;
                size = 0;
            }
            size += entry.quotes.len();
            batch.push(entry);
        }
        self.send_quotes(batch, &mut taken, tally)?;
        let mut entries = Vec::with_capacity(taken.len());
        for entry in taken {
            match entry.known {
                true => tally.updated += 1,
                false => tally.added += 1,
            }
            entries.push((entry.id, entry.hash));
        }
        journal.pushed(&entries)
    }

    /// Sends the quotation rows of `batch`; the articles whose rows the
    /// engine took go to `taken`. One whose rows it refuses is reported,
    /// and its article row (already stored) deleted with the stale ones.
    fn send_quotes(
        &mut self,
        mut batch: Vec<Entry>,
        taken: &mut Vec<Entry>,
        tally: &mut Tally,
    ) -> Result<(), ClusterError> {
        let values: Vec<&str> = (batch.iter())
            .map(|e| e.quotes.as_str())
            .filter(|q| !q.is_empty())
            .collect();
        if values.is_empty() {
            taken.extend(batch);
            return Ok(());
        }
        let sql = format!("{}{}", self.quotes_header, values.join(", "));
        match self.conn.query_drop(sql) {
            Ok(()) => {
                taken.extend(batch);
                return Ok(());
            }
            Err(mysql::Error::MySqlError(e)) if batch.len() == 1 => {
                let mut entry = batch.pop().expect("one entry");
                entry.known = true;
                let reason = refused_by_engine(&e.message);
                tally.refused(
                    entry,
                    reason.replace("refused it", "refused its quotations"),
                );
                return Ok(());
            }
            Err(mysql::Error::MySqlError(_)) => {}
            Err(e) => return Err(e.into()),
        }
        for entry in batch {
            self.send_quotes(vec![entry], taken, tally)?;
        }
        Ok(())
    }
}

fn refused_by_engine(message: &str) -> String {
    let message: Vec<&str> = message.split_whitespace().collect();
    format!("the engine refused it: {}", message.join(" "))
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
}

/// Why an article does not fit, and what (if anything) would help.
fn too_large(size: usize, limit: usize) -> String {
    let hint = if (limit as u64) < ENGINE_MAX_PACKET {
        format!(
            "raise `max_packet` in cluster.toml and `max_packet_size` in every searchd config, up to {}M",
            ENGINE_MAX_PACKET >> 20
        )
    } else {
        "no engine of the SphinxQL family accepts more; the article stays searchable in a local index".into()
    };
    format!(
        "its statement for the engine is {}, more than the cluster's packet limit of {} ({hint})",
        mb(size),
        mb(limit)
    )
}

/// `DELETE`s these ids, and their quotations, from the shards that hold
/// them, journalling each chunk.
fn delete(shards: &mut [Shard], ids: &[String], journal: &mut Journal) -> Result<(), ClusterError> {
    let n = shards.len() as u64;
    for chunk in ids.chunks(500) {
        for (k, shard) in shards.iter_mut().enumerate() {
            let docs: Vec<String> = (chunk.iter())
                .map(|id| tokens::doc_id(id))
                .filter(|d| d % n == k as u64)
                .map(|d| d.to_string())
                .collect();
            if !docs.is_empty() {
                let on_shard: Vec<&str> = (chunk.iter())
                    .filter(|id| tokens::doc_id(id) % n == k as u64)
                    .map(String::as_str)
                    .collect();
                quotes::delete_of(&mut shard.conn, &shard.quotes_table, &on_shard)?;
                let sql = format!(
                    "DELETE FROM {} WHERE id IN ({})",
                    shard.node.index,
                    docs.join(",")
                );
                shard.conn.query_drop(sql)?;
            }
        }
        journal.removed(chunk)?;
    }
    Ok(())
}
