//! Saved searches that say what is new (`atlas alert`). An alert is a
//! search request plus the newest `indexed_at` it has seen; a run returns
//! the matching articles indexed after that and records the newest
//! `indexed_at` of the commit it searched — not the clock, so an index run
//! that commits late is never missed (each commit stamps strictly later
//! than the one before: `indexer/stamps.rs`).
//!
//! The alerts live in `alerts.toml` in the index directory (readable,
//! spared by rebuilds), rewritten atomically (temp file + rename). Every
//! read-modify-write holds an exclusive lock on `.alerts.lock` (std's
//! `File::lock`, an flock on Unix), so two runs at once neither lose a
//! recorded time nor report the same article twice.

mod output;

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery};
use tantivy::{DateTime, Searcher, Term};

pub use output::{AlertCsv, alert_json, alert_text};

use crate::request::{Hit, SearchError, SearchRequest};
use crate::schema::{self, Fields, name};
use crate::search;
use crate::store::{ALERTS_FILE, AtlasIndex, StoreError};

/// Taken around every read-modify-write of the alerts file.
const LOCK_FILE: &str = ".alerts.lock";
const TEMP_FILE: &str = ".alerts.toml.tmp";

/// One saved search, as `alerts.toml` stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub name: String,
    pub query: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub desks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub langs: Vec<String>,
    /// One hit per copy group, as `search --collapse`.
    #[serde(default)]
    pub collapse: bool,
    /// When it was added (the clock; shown, never compared).
    pub added: String,
    /// The newest `indexed_at` it has seen (RFC 3339): hits are newer.
    /// `None`: the index was empty when it was added, so all is new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<String>,
}

impl Alert {
    /// A new alert; `seen` is set by [`add`].
    pub fn new(name: &str, query: &str) -> Alert {
        Alert {
            name: name.to_string(),
            query: query.to_string(),
            desks: Vec::new(),
            authors: Vec::new(),
            tags: Vec::new(),
            since: None,
            until: None,
            langs: Vec::new(),
            collapse: false,
            added: schema::format_indexed_at(chrono::Utc::now().timestamp()),
            seen: None,
        }
    }

    fn request(&self, limit: usize) -> SearchRequest {
        SearchRequest {
            query: self.query.clone(),
            desks: self.desks.clone(),
            authors: self.authors.clone(),
            tags: self.tags.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            langs: self.langs.clone(),
            limit,
            collapse: self.collapse,
            ..SearchRequest::default()
        }
    }
}

/// What one alert found: `alert run --format json` prints it (SPEC keys).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertRun {
    pub name: String,
    pub query: String,
    /// What it had seen before this run (RFC 3339), `None` on an alert added
    /// to an empty index.
    pub since: Option<String>,
    pub total_hits: usize,
    pub hits: Vec<Hit>,
}

#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    #[error(
        "an alert named `{0}` exists (remove it with `atlas alert rm {0}`, or choose another name)"
    )]
    Exists(String),
    #[error("no alert named `{0}` (see `atlas alert list`)")]
    Unknown(String),
    #[error("an alert name must be non-empty, without control characters (got {0:?})")]
    BadName(String),
    #[error("{path}: {message} (fix the file, or remove it to start over)")]
    BadFile { path: PathBuf, message: String },
    #[error("{path}: {source} (check that the index directory is writable)")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AlertError {
    /// What the user typed was wrong (exit 2), as opposed to a runtime failure.
    pub fn is_usage(&self) -> bool {
        match self {
            AlertError::Exists(_) | AlertError::BadName(_) => true,
            AlertError::Search(e) => e.is_usage(),
            _ => false,
        }
    }
}

/// The alerts file of an index directory, locked for as long as it lives.
pub struct Alerts {
    dir: PathBuf,
    _lock: File,
}

impl Alerts {
    /// Waits for the lock (another `alert` command may hold it briefly).
    pub fn lock(index_dir: &Path) -> Result<Alerts, AlertError> {
        let path = index_dir.join(LOCK_FILE);
        let io = |source| AlertError::Io {
            path: path.clone(),
            source,
        };
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        file.lock().map_err(io)?;
        Ok(Alerts {
            dir: index_dir.to_path_buf(),
            _lock: file,
        })
    }

    pub fn load(&self) -> Result<Vec<Alert>, AlertError> {
        let path = self.dir.join(ALERTS_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(AlertError::Io { path, source }),
        };
        let file: AlertsFile = toml::from_str(&text).map_err(|e| AlertError::BadFile {
            path: path.clone(),
            message: e.message().to_string(),
        })?;
        Ok(file.alert)
    }

    /// Writes a temp file, syncs it, renames it over the old one: a reader
    /// (or a crash) sees the old file or the new, never half of one.
    pub fn save(&self, alerts: &[Alert]) -> Result<(), AlertError> {
        let temp = self.dir.join(TEMP_FILE);
        let io = |source| AlertError::Io {
            path: temp.clone(),
            source,
        };
        let text = toml::to_string_pretty(&AlertsFile {
            alert: alerts.to_vec(),
        })
        .expect("plain struct serializes");
        let mut file = File::create(&temp).map_err(io)?;
        file.write_all(HEADER.as_bytes()).map_err(io)?;
        file.write_all(text.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&temp, self.dir.join(ALERTS_FILE)).map_err(io)?;
        Ok(())
    }
}

const HEADER: &str = "# Saved searches of `atlas alert` (one [[alert]] each). `seen` is the\n\
# newest indexed_at the alert has reported; edit with care.\n\n";

#[derive(Debug, Default, Serialize, Deserialize)]
struct AlertsFile {
    #[serde(default)]
    alert: Vec<Alert>,
}

/// Saves `alert` (its query checked first), seeing everything the index
/// holds now: its first run reports what is indexed after this.
pub fn add(atlas: &AtlasIndex, mut alert: Alert) -> Result<Alert, AlertError> {
    if alert.name.is_empty() || alert.name.chars().any(char::is_control) {
        return Err(AlertError::BadName(alert.name));
    }
    let searcher = atlas.searcher()?;
    let quotes = crate::quotes::quotes_dir(&atlas.dir);
    search::prepare_in(
        &searcher,
        atlas.fields,
        &alert.request(0),
        search::QuoteScope::Articles(Some(&quotes)),
    )?;
    let alerts = Alerts::lock(&atlas.dir)?;
    let mut all = alerts.load()?;
    if all.iter().any(|a| a.name == alert.name) {
        return Err(AlertError::Exists(alert.name));
    }
    alert.seen = newest_indexed_at(&searcher)
        .map_err(SearchError::from)?
        .map(schema::format_indexed_at);
    all.push(alert.clone());
    alerts.save(&all)?;
    Ok(alert)
}

pub fn list(index_dir: &Path) -> Result<Vec<Alert>, AlertError> {
    Alerts::lock(index_dir)?.load()
}

pub fn remove(index_dir: &Path, name: &str) -> Result<(), AlertError> {
    let alerts = Alerts::lock(index_dir)?;
    let mut all = alerts.load()?;
    let before = all.len();
    all.retain(|a| a.name != name);
    if all.len() == before {
        return Err(AlertError::Unknown(name.to_string()));
    }
    alerts.save(&all)
}

/// Runs the named alerts (all of them when `names` is empty), in the order
/// asked, and records what each has now seen.
pub fn run(atlas: &AtlasIndex, names: &[String]) -> Result<Vec<AlertRun>, AlertError> {
    let alerts = Alerts::lock(&atlas.dir)?;
    let mut all = alerts.load()?;
    let chosen: Vec<usize> = if names.is_empty() {
        (0..all.len()).collect()
    } else {
        (names.iter())
            .map(|n| {
                (all.iter().position(|a| &a.name == n))
                    .ok_or_else(|| AlertError::Unknown(n.clone()))
            })
            .collect::<Result<_, _>>()?
    };
    // One snapshot for every alert of the run: what is recorded is exactly
    // what was searched.
    let searcher = atlas.searcher()?;
    let newest = newest_indexed_at(&searcher).map_err(SearchError::from)?;
    let mut runs = Vec::with_capacity(chosen.len());
    for i in chosen {
        let alert = &mut all[i];
        runs.push(run_one(&searcher, atlas, alert)?);
        if newest.is_some() {
            alert.seen = newest.map(schema::format_indexed_at);
        }
    }
    alerts.save(&all)?;
    Ok(runs)
}

fn run_one(searcher: &Searcher, atlas: &AtlasIndex, alert: &Alert) -> Result<AlertRun, AlertError> {
    let fields = atlas.fields;
    let seen = match alert
        .seen
        .as_deref()
        .map(chrono::DateTime::parse_from_rfc3339)
    {
        Some(Ok(t)) => Some(t.timestamp()),
        Some(Err(e)) => {
            return Err(AlertError::BadFile {
                path: PathBuf::from(ALERTS_FILE),
                message: format!("alert `{}`: seen = {:?}: {e}", alert.name, alert.seen),
            });
        }
        None => None,
    };
    // Every new hit: an alert lists all that is new, not a page of it.
    let request = alert.request(searcher.num_docs() as usize);
    let quotes = crate::quotes::quotes_dir(&atlas.dir);
    let mut prepared = search::prepare_in(
        searcher,
        fields,
        &request,
        search::QuoteScope::Articles(Some(&quotes)),
    )?;
    if let Some(seen) = seen {
        prepared.query = Box::new(BooleanQuery::new(vec![
            (Occur::Must, prepared.query),
            (Occur::Must, indexed_after(fields, seen)),
        ]));
    }
    let mut hits = Vec::new();
    let results = search::search_prepared(searcher, fields, &request, prepared, &mut |hit| {
        hits.push(hit);
        Ok(())
    })?;
    Ok(AlertRun {
        name: alert.name.clone(),
        query: alert.query.clone(),
        since: alert.seen.clone(),
        total_hits: results.total_hits,
        hits,
    })
}

/// Articles whose `indexed_at` is strictly after `secs`.
fn indexed_after(fields: Fields, secs: i64) -> Box<dyn Query> {
    use std::ops::Bound;
    let lower = Term::from_field_date(fields.indexed_at, DateTime::from_timestamp_secs(secs));
    Box::new(RangeQuery::new(Bound::Excluded(lower), Bound::Unbounded))
}

/// The newest `indexed_at` of the commit `searcher` reads (a scan of the
/// fast column), `None` for an empty index.
pub fn newest_indexed_at(searcher: &Searcher) -> tantivy::Result<Option<i64>> {
    let mut newest = None;
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().date(name::INDEXED_AT)?;
        for doc in segment.doc_ids_alive() {
            let at = column.first(doc).map(|d| d.into_timestamp_secs());
            newest = newest.max(at);
        }
    }
    Ok(newest)
}
