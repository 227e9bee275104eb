//! Shared test helpers: every CLI test gets a fresh temp dir with a corpus
//! copied from `tests/fixtures/`, and runs the real `atlas` binary in it
//! with a clean environment.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use atlas_search::indexer::IndexReport;
use atlas_search::search::SearchResults;
use serde::de::DeserializeOwned;
use tempfile::TempDir;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub struct Env {
    pub dir: TempDir,
}

impl Env {
    /// An empty temp dir with an empty `corpus/`.
    pub fn empty() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("corpus")).unwrap();
        Env { dir }
    }

    /// `corpus/` holds a copy of `tests/fixtures/<name>` (MANIFEST.json left out).
    pub fn with_fixture(name: &str) -> Env {
        let env = Env::empty();
        copy_dir(&fixtures().join(name), &env.corpus());
        env
    }

    /// The public samples plus the search fixture corpus.
    pub fn with_samples_and_search() -> Env {
        let env = Env::with_fixture("samples");
        copy_dir(&fixtures().join("search"), &env.corpus().join("search"));
        env
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

    /// The real binary, run in the temp dir, with a clean environment.
    pub fn atlas(&self) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("atlas"));
        cmd.current_dir(self.path())
            .env_remove("ATLAS_INDEX")
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "0");
        cmd
    }

    /// `atlas --index idx ARGS…`
    pub fn run(&self, args: &[&str]) -> Command {
        let mut cmd = self.atlas();
        cmd.arg("--index").arg(self.index_dir()).args(args);
        cmd
    }

    pub fn index(&self) -> IndexReport {
        self.json(&["index", "corpus", "--format", "json"])
    }

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
        let out = self.run(args).output().unwrap();
        assert!(
            out.status.success(),
            "atlas {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "atlas {args:?}: bad JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "MANIFEST.json" {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
