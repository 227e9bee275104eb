//! Shared test helpers: every CLI test gets a fresh temp dir with a corpus
//! copied from `tests/fixtures/`, and runs the real `atlas` binary in it
//! with a clean environment (`ATLAS_INDEX` pointing at the temp index, no
//! other inherited `ATLAS_*` or colour-forcing variables, `NO_COLOR`).
//! JSON output is decoded back into the library's types before asserting.
#![allow(dead_code, unused_imports)]

pub mod generated;
pub mod parse;
pub mod scan;
pub mod scenario;
pub mod serve;
pub mod sphinx;
pub mod strategies;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::de::DeserializeOwned;
use tempfile::TempDir;

// The library types the tests decode into, named once here so a move inside
// the library is one edit.
pub use atlas_search::article::Article;
pub use atlas_search::backend::Backend;
pub use atlas_search::indexer::IndexReport;
pub use atlas_search::request::{Hit, SearchResults, Stats};
pub use atlas_search::store::AtlasIndex;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub struct Env {
    pub dir: TempDir,
}

impl Env {
    /// An empty temp dir with an empty `corpus/`.
    pub fn empty() -> Env {
        Env::in_dir(tempfile::tempdir().expect("temp dir"))
    }

    /// An environment in a temp dir made elsewhere (one that must outlive a
    /// test, say), with an empty `corpus/`.
    pub fn in_dir(dir: TempDir) -> Env {
        std::fs::create_dir_all(dir.path().join("corpus")).unwrap();
        Env { dir }
    }

    /// `corpus/` holds a copy of `tests/fixtures/<name>` (MANIFEST.json left out).
    pub fn with_fixture(name: &str) -> Env {
        let env = Env::empty();
        env.copy_fixture(name, "");
        env
    }

    /// The public samples plus the search fixture corpus under `search/`.
    pub fn with_samples_and_search() -> Env {
        let env = Env::with_fixture("samples");
        env.copy_fixture("search", "search");
        env
    }

    /// Copies `tests/fixtures/<name>` to `corpus/<under>` (MANIFEST.json,
    /// the samples' expected values, is not an article and is left out).
    pub fn copy_fixture(&self, name: &str, under: &str) {
        copy_dir(
            &fixtures().join(name),
            &self.corpus().join(under),
            &["MANIFEST.json"],
        );
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn corpus(&self) -> PathBuf {
        self.path().join("corpus")
    }

    pub fn index_dir(&self) -> PathBuf {
        self.path().join("idx")
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.corpus().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    /// The one command builder: the real binary, run in the temp dir, with a
    /// clean environment and `ATLAS_INDEX` set to `index`. A
    /// `std::process::Command`, for the tests that spawn and kill it.
    pub fn std_command_at(&self, index: &Path) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("atlas"));
        cmd.current_dir(self.path());
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            if key.starts_with("ATLAS_") || key == "CLICOLOR_FORCE" || key == "FORCE_COLOR" {
                cmd.env_remove(key.as_ref());
            }
        }
        cmd.env("ATLAS_INDEX", index)
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "0");
        cmd
    }

    /// The binary with `ATLAS_INDEX` at this environment's `idx/`.
    pub fn atlas(&self) -> Command {
        Command::from_std(self.std_command_at(&self.index_dir()))
    }

    /// The binary with no index location at all: the default `./index`.
    pub fn atlas_default_index(&self) -> Command {
        let mut cmd = self.atlas();
        cmd.env_remove("ATLAS_INDEX");
        cmd
    }

    /// `atlas ARGS…` on `idx/`.
    pub fn run(&self, args: &[&str]) -> Command {
        let mut cmd = self.atlas();
        cmd.args(args);
        cmd
    }

    /// `atlas ARGS…` on another index directory.
    pub fn run_at(&self, index: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::from_std(self.std_command_at(index));
        cmd.args(args);
        cmd
    }

    pub fn index(&self) -> IndexReport {
        self.json(&["index", "corpus", "--format", "json"])
    }

    /// `atlas search --format json ARGS…`, decoded.
    pub fn search(&self, args: &[&str]) -> SearchResults {
        let mut all = vec!["search", "--format", "json"];
        all.extend_from_slice(args);
        self.json(&all)
    }

    pub fn ids(&self, args: &[&str]) -> Vec<String> {
        let mut all = vec!["--limit", "1000"];
        all.extend_from_slice(args);
        self.search(&all).hits.into_iter().map(|h| h.id).collect()
    }

    /// Runs, expects exit 0, decodes stdout as JSON.
    pub fn json<T: DeserializeOwned>(&self, args: &[&str]) -> T {
        self.json_at(&self.index_dir(), args)
    }

    /// [`Env::json`] on another index directory.
    pub fn json_at<T: DeserializeOwned>(&self, index: &Path, args: &[&str]) -> T {
        let out = self.run_at(index, args).output().unwrap();
        assert!(
            out.status.success(),
            "atlas {args:?} failed ({:?}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        decode(args, &out.stdout)
    }
}

/// Decodes a command's stdout, naming the command when it is not the JSON expected.
pub fn decode<T: DeserializeOwned>(args: &[&str], stdout: &[u8]) -> T {
    serde_json::from_slice(stdout).unwrap_or_else(|e| {
        panic!(
            "atlas {args:?}: bad JSON ({e}): {}",
            String::from_utf8_lossy(stdout)
        )
    })
}

/// Copies a tree (fixture corpora, whole index directories), leaving out
/// files with these names.
pub fn copy_dir(from: &Path, to: &Path, leave_out: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target, leave_out);
        } else if !leave_out.iter().any(|n| entry.file_name() == *n) {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, as (path relative to `dir` with `/`, full path), sorted.
pub fn walk(dir: &Path) -> Vec<(String, PathBuf)> {
    fn go(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
        for entry in std::fs::read_dir(dir).expect("readable dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                go(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy();
                out.push((rel.replace('\\', "/"), path));
            }
        }
    }
    let mut out = Vec::new();
    go(dir, dir, &mut out);
    out.sort();
    out
}

/// The id → content hash table an index holds.
pub fn ids_and_hashes(index: &Path) -> BTreeMap<String, String> {
    let atlas = AtlasIndex::open(index).unwrap();
    let searcher = atlas.reader().unwrap().searcher();
    atlas_search::indexer::manifest(&searcher).unwrap()
}

/// The id → `indexed_at` table an index holds (read through `article`, as
/// `show` does).
pub fn indexed_ats(index: &Path) -> BTreeMap<String, String> {
    let atlas = AtlasIndex::open(index).unwrap();
    let request = atlas_search::request::SearchRequest {
        limit: 100_000,
        ..Default::default()
    };
    let hits = atlas.search(&request).unwrap().hits;
    hits.into_iter()
        .map(|h| {
            let article = atlas.article(&h.id).unwrap().unwrap();
            (
                h.id,
                article.indexed_at.expect("every article has indexed_at"),
            )
        })
        .collect()
}

/// Rewrites the commit payload of the index's `meta.json` (a parser-version
/// bump or an older schema, as an older or newer atlas would have left it).
pub fn edit_payload(index: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let meta_path = index.join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    let mut payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    edit(&mut payload);
    meta["payload"] = serde_json::Value::String(payload.to_string());
    std::fs::write(&meta_path, meta.to_string()).unwrap();
}
