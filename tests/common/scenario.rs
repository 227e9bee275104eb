//! The crash scenario of `reliability.rs`: a committed subset index, the
//! full corpus it grows to, and the reference a clean rebuild holds. Built
//! once per test process and shared (read-only) by its tests, each working
//! on its own copy of the base index.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::generated::{write_full, write_subset};
use super::{Env, IndexReport, copy_dir, ids_and_hashes};

pub fn spawn_index(env: &Env, index: &Path) -> Child {
    env.std_command_at(index)
        .args(["index", "corpus", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

pub fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// A corpus whose subset is committed in `base`, then grown to the full
/// corpus; the reference manifest of a clean rebuild; the article counts.
/// Built once per test process and shared (read-only) by every test, which
/// works on its own copies of `base`.
pub struct Scenario {
    pub env: Env,
    pub base: PathBuf,
    pub subset_count: u64,
    pub full_count: u64,
    /// What `base` holds: the committed subset.
    pub subset: BTreeMap<String, String>,
    pub reference: BTreeMap<String, String>,
    /// How long a run from the subset to the full corpus took, unloaded.
    pub clean_run: Duration,
}

static FINISHED: AtomicUsize = AtomicUsize::new(0);
pub static SCENARIO: OnceLock<Scenario> = OnceLock::new();

/// Hands out the shared scenario; dropping it counts the test as finished.
pub struct Shared {
    /// The tests of the binary that share it: the last to finish removes it.
    users: usize,
}

impl std::ops::Deref for Shared {
    type Target = Scenario;
    fn deref(&self) -> &Scenario {
        SCENARIO.get_or_init(build_scenario)
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        if FINISHED.fetch_add(1, Ordering::SeqCst) + 1 == self.users
            && let Some(s) = SCENARIO.get()
        {
            let _ = std::fs::remove_dir_all(s.env.path());
        }
    }
}

pub fn shared(users: usize) -> Shared {
    let shared = Shared { users };
    let _ = &*shared;
    shared
}

fn build_scenario() -> Scenario {
    // Under target/tmp, named by pid: a run that did not finish every test
    // (a name filter, a crash) is cleaned up by the next one.
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"));
    if let Ok(entries) = std::fs::read_dir(root) {
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("reliability-")
                && !Path::new("/proc").join(pid).exists()
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let _ = std::fs::remove_dir_all(root.join(format!("reliability-{}", std::process::id())));
    let dir = tempfile::Builder::new()
        .prefix(&format!("reliability-{}", std::process::id()))
        .rand_bytes(0)
        .tempdir_in(root)
        .unwrap();
    let env = Env::in_dir(dir);
    write_subset(&env);
    let base = env.path().join("base");
    let first: IndexReport = env.json_at(&base, &["index", "corpus", "--format", "json"]);
    assert!(first.skipped.is_empty(), "{:?}", first.skipped);
    write_full(&env);
    let fresh = env.path().join("fresh");
    let clean: IndexReport = env.json_at(
        &fresh,
        &["index", "corpus", "--rebuild", "--format", "json"],
    );
    assert!(clean.articles > first.articles);
    let reference = ids_and_hashes(&fresh);
    assert_eq!(reference.len() as u64, clean.articles);

    // Time a run from the subset to the full corpus; it must end where the
    // clean rebuild did.
    let timing = env.path().join("timing");
    copy_dir(&base, &timing, &[]);
    let started = Instant::now();
    let out = spawn_index(&env, &timing).wait_with_output().unwrap();
    let clean_run = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(ids_and_hashes(&timing) == reference);
    eprintln!(
        "scenario: {} -> {} articles; a run from the subset takes {clean_run:?}",
        first.articles, clean.articles
    );
    Scenario {
        subset: ids_and_hashes(&base),
        subset_count: first.articles,
        full_count: clean.articles,
        reference,
        base,
        env,
        clean_run,
    }
}

/// A fresh copy of the committed subset index.
pub fn copy_of_base(s: &Scenario, name: &str) -> PathBuf {
    let dir = s.env.path().join(name);
    copy_dir(&s.base, &dir, &[]);
    dir
}
