//! Crash safety and concurrency, through the real binary on a generated
//! corpus big enough that `atlas index` runs for a few seconds.
//!
//! The story every test tells: an index holds a committed state (a subset
//! of the corpus); a run over the full corpus (new, changed and deleted
//! articles, plus a large JSON Lines export) is killed with SIGKILL, or
//! raced by searches and by a second `atlas index`. Whatever happens, the
//! index opens at a committed state, searches answer, and the next run
//! converges to exactly what a clean `--rebuild` of a fresh index holds.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::scenario::{SCENARIO, Scenario, Shared, copy_of_base, dir_bytes, spawn_index};
use common::{Env, IndexReport, SearchResults, Stats, ids_and_hashes};

/// The tests here that share the scenario; the last to finish removes it.
const TESTS: usize = 6;

fn scenario() -> Shared {
    common::scenario::shared(TESTS)
}

/// Kills a run at each fraction of the clean run time and checks the
/// state it leaves and that the next run converges. Returns how many kills
/// left the previous commit (as opposed to the new one).
fn kill_at(s: &Scenario, fractions: &[f64]) -> usize {
    let clean = s.clean_run;
    let mut before_commit = 0;
    for &f in fractions {
        let idx = copy_of_base(s, &format!("killed-{}", (f * 1000.0) as u32));
        let mut child = spawn_index(&s.env, &idx);
        std::thread::sleep(clean.mul_f64(f));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();

        let stats: Stats = s.env.json_at(&idx, &["stats", "--format", "json"]);
        let count = stats.articles;
        if finished {
            assert!(status.success(), "at {f}: {status:?}");
            assert_eq!(count, s.full_count, "a run that finished at {f}");
        } else {
            assert!(
                count == s.subset_count || count == s.full_count,
                "killed at {f}: {count} articles, expected {} or {}",
                s.subset_count,
                s.full_count
            );
        }
        if count == s.subset_count {
            before_commit += 1;
        }
        eprintln!(
            "killed at {:.0}%: index opens with {count} articles",
            f * 100.0
        );
        let found: SearchResults = s.env.json_at(
            &idx,
            &["search", "--format", "json", "--limit", "3", "harbour"],
        );
        assert!(found.total_hits > 0 && found.hits.len() == 3);
        let all: SearchResults = s
            .env
            .json_at(&idx, &["search", "--format", "json", "--limit", "0"]);
        assert_eq!(all.total_hits as u64, count);

        let rerun: IndexReport = s
            .env
            .json_at(&idx, &["index", "corpus", "--format", "json"]);
        assert_eq!(rerun.articles, s.full_count, "re-run after a kill at {f}");
        assert!(rerun.skipped.is_empty(), "{:?}", rerun.skipped);
        assert!(
            ids_and_hashes(&idx) == s.reference,
            "re-run after a kill at {f} differs from a clean rebuild"
        );
        // What the killed run wrote but never committed was collected.
        let (ours, fresh) = (dir_bytes(&idx), dir_bytes(&s.env.path().join("fresh")));
        eprintln!("  converged index: {ours} bytes; a clean rebuild: {fresh} bytes");
        assert!(
            ours < fresh * 2,
            "after a kill at {f} the index holds {ours} bytes, a clean rebuild {fresh}"
        );
        std::fs::remove_dir_all(&idx).unwrap();
    }
    before_commit
}

#[test]
fn sigkill_early_in_a_run_keeps_the_previous_commit_and_the_rerun_converges() {
    let s = scenario();
    let before_commit = kill_at(&s, &[0.05, 0.2, 0.4]);
    // Killed well before the end, the runs must have left the old commit
    // (one may land late if this machine is much busier than when timed).
    assert!(
        before_commit >= 2,
        "only {before_commit} kills landed before the commit"
    );
}

#[test]
fn sigkill_late_in_a_run_keeps_a_committed_state_and_the_rerun_converges() {
    let s = scenario();
    kill_at(&s, &[0.6, 0.8, 0.95]);
}

/// A commit writes its segment and delete files, then `meta.json` last. A
/// run killed between the two leaves files the next run writes again under
/// the same names: a delete file is named by its segment and the commit's
/// opstamp, and a rerun of the same work reaches the same opstamp. The
/// state is built exactly: the tantivy files of a finished run, copied
/// beside the committed subset's `meta.json`.
#[test]
fn a_run_killed_inside_its_commit_is_rerun_and_converges() {
    let s = scenario();
    let done = copy_of_base(&s, "commit-done");
    let _: IndexReport = s
        .env
        .json_at(&done, &["index", "corpus", "--format", "json"]);
    let torn = copy_of_base(&s, "commit-torn");
    let is_segment_file = |name: &str| {
        name.split_once('.')
            .is_some_and(|(id, _)| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let mut delete_files = Vec::new();
    for entry in std::fs::read_dir(&done).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let target = torn.join(&name);
        if is_segment_file(&name) && !target.exists() {
            std::fs::copy(entry.path(), &target).unwrap();
            if name.ends_with(".del") {
                delete_files.push(name);
            }
        }
    }
    assert!(
        !delete_files.is_empty(),
        "the finished run wrote no delete file"
    );
    // The killed run had registered its files before writing them.
    let managed = |dir: &Path| -> Vec<String> {
        serde_json::from_slice(&std::fs::read(dir.join(".managed.json")).unwrap()).unwrap()
    };
    let mut both = managed(&torn);
    both.extend(managed(&done));
    both.sort();
    both.dedup();
    std::fs::write(
        torn.join(".managed.json"),
        serde_json::to_vec(&both).unwrap(),
    )
    .unwrap();
    assert!(
        ids_and_hashes(&torn) == s.subset,
        "the torn commit must not show"
    );

    let rerun: IndexReport = s
        .env
        .json_at(&torn, &["index", "corpus", "--format", "json"]);
    assert_eq!(rerun.articles, s.full_count);
    assert!(ids_and_hashes(&torn) == s.reference);
    // The rerun wrote those names again: the clash this state is built for.
    for name in &delete_files {
        assert!(torn.join(name).exists(), "the rerun did not write {name}");
    }
    let (ours, fresh) = (dir_bytes(&torn), dir_bytes(&s.env.path().join("fresh")));
    assert!(
        ours < fresh * 2,
        "the rerun left {ours} bytes, a clean rebuild {fresh}"
    );
    std::fs::remove_dir_all(&done).unwrap();
    std::fs::remove_dir_all(&torn).unwrap();
}

#[test]
fn a_killed_rebuild_keeps_the_previous_commit() {
    let s = scenario();
    let idx = copy_of_base(&s, "rebuild");
    let mut child = s
        .env
        .std_command_at(&idx)
        .args(["index", "corpus", "--rebuild", "--quiet"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(s.clean_run.mul_f64(0.5));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the rebuild finished too soon"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let stats: Stats = s.env.json_at(&idx, &["stats", "--format", "json"]);
    assert_eq!(
        stats.articles, s.subset_count,
        "a killed --rebuild lost the old index"
    );
    // Killed twice in a row, then left to finish.
    let mut child = spawn_index(&s.env, &idx);
    std::thread::sleep(s.clean_run.mul_f64(0.3));
    child.kill().unwrap();
    child.wait().unwrap();
    let rerun: IndexReport = s
        .env
        .json_at(&idx, &["index", "corpus", "--format", "json"]);
    assert_eq!(rerun.articles, s.full_count);
    assert!(ids_and_hashes(&idx) == s.reference);
}

#[test]
fn searches_during_a_commit_see_the_old_or_the_new_total() {
    let s = scenario();
    let idx = copy_of_base(&s, "live");
    let done = Arc::new(AtomicBool::new(false));
    let searchers: Vec<_> = (0..2)
        .map(|t| {
            let done = Arc::clone(&done);
            // The shared scenario lives for the whole test process.
            let env: &'static Env = &SCENARIO.get().expect("scenario built").env;
            let idx = idx.clone();
            std::thread::spawn(move || {
                let mut totals = Vec::new();
                let mut extra = 3; // a few more after the run ends
                while extra > 0 {
                    if done.load(Ordering::SeqCst) {
                        extra -= 1;
                    }
                    let query = if t == 0 { "harbour" } else { "" };
                    let out = env
                        .run_at(
                            &idx,
                            &[
                                "search", "--format", "json", "--limit", "5", "--facets", query,
                            ],
                        )
                        .output()
                        .unwrap();
                    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
                    assert!(out.status.success(), "search failed during a run: {stderr}");
                    let res: SearchResults = serde_json::from_slice(&out.stdout)
                        .unwrap_or_else(|e| panic!("bad JSON during a run ({e})"));
                    if t == 1 {
                        totals.push(res.total_hits as u64);
                    }
                }
                totals
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let run = spawn_index(&s.env, &idx).wait_with_output().unwrap();
    eprintln!("indexing under search load took {:?}", started.elapsed());
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    done.store(true, Ordering::SeqCst);
    let mut totals = Vec::new();
    for h in searchers {
        totals.extend(h.join().unwrap());
    }
    assert!(totals.len() > 5, "too few searches ran: {totals:?}");
    for total in &totals {
        assert!(
            *total == s.subset_count || *total == s.full_count,
            "a search saw {total} articles (expected {} or {}): {totals:?}",
            s.subset_count,
            s.full_count
        );
    }
    assert_eq!(totals.first(), Some(&s.subset_count));
    assert_eq!(totals.last(), Some(&s.full_count));
    // Once the new total is seen, the old one never comes back.
    let first_new = totals.iter().position(|t| *t == s.full_count).unwrap();
    assert!(
        totals[first_new..].iter().all(|t| *t == s.full_count),
        "{totals:?}"
    );
    assert!(ids_and_hashes(&idx) == s.reference);
}

#[test]
fn a_second_index_run_fails_fast_and_changes_nothing() {
    let s = scenario();
    let idx = copy_of_base(&s, "locked");
    let mut first = spawn_index(&s.env, &idx);
    std::thread::sleep(Duration::from_millis(300));
    for extra in [&[][..], &["--rebuild"][..]] {
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first run ended before the second started"
        );
        let started = Instant::now();
        let mut args = vec!["index", "corpus"];
        args.extend_from_slice(extra);
        let out = s.env.run_at(&idx, &args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains("another `atlas index` is running"),
            "{stderr}"
        );
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the second run took {:?} to fail",
            started.elapsed()
        );
        // The refused run changed nothing: the index holds exactly the old
        // commit or the first run's new one (merged from the former
        // tests/index.rs `a_second_indexer_is_refused_and_changes_nothing`).
        let stats: Stats = s.env.json_at(&idx, &["stats", "--format", "json"]);
        assert!(stats.articles == s.subset_count || stats.articles == s.full_count);
        let now = ids_and_hashes(&idx);
        assert!(
            now == s.subset || now == s.reference,
            "{args:?}: the index is neither the old commit nor the new one"
        );
    }
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(ids_and_hashes(&idx) == s.reference);
    // And the lock is free again.
    let again: IndexReport = s
        .env
        .json_at(&idx, &["index", "corpus", "--format", "json"]);
    assert_eq!((again.added, again.updated, again.removed), (0, 0, 0));
}

#[test]
fn a_run_killed_while_creating_the_index_is_recovered() {
    // The state a first run leaves when killed between tantivy creating the
    // index and atlas's first commit: a meta.json without atlas's payload.
    let env = Env::with_fixture("samples");
    let (schema, _) = atlas_search::schema::build_schema();
    std::fs::create_dir_all(env.index_dir()).unwrap();
    drop(tantivy::Index::create_in_dir(env.index_dir(), schema).unwrap());
    // Nothing was committed: readers say there is no index yet…
    env.run(&["stats"])
        .assert()
        .code(1)
        .stderr(predicates::str::starts_with("error: no index at"));
    // …and the next run creates it.
    let report = env.index();
    assert_eq!(report.articles, 9, "{report:?}");
}
