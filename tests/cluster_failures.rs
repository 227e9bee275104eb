//! `--cluster` when things go wrong: a shard down gives partial results
//! (and `--strict` fails), what the cluster cannot serve exits 2 naming
//! it, an unreachable cluster is a runtime error. The same Sphinx 2.2
//! cluster as `cluster.rs` (`common::sphinx`).
mod common;

use common::sphinx::{SphinxCluster, key, push};
use common::{Env, SearchResults, Stats};
use predicates::prelude::*;

fn env() -> Env {
    common::sphinx::corpus_env()
}

fn cluster() -> Option<SphinxCluster> {
    common::sphinx::running()
}

#[test]
fn a_shard_down_gives_partial_results_and_strict_fails() {
    let Some(mut cluster) = cluster() else { return };
    let env = env();
    push(&env, &cluster);
    let file = cluster.file.to_str().unwrap().to_string();
    let whole = env.search(&["--cluster", &file, "--limit", "1000"]);
    cluster.kill_node(1);
    let out = env
        .run(&[
            "search",
            "--cluster",
            &file,
            "--format",
            "json",
            "--limit",
            "1000",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning"));
    let partial: SearchResults = common::decode(&[], &out.get_output().stdout);
    assert_eq!(partial.partial, Some(true));
    assert!(partial.total_hits > 0 && partial.total_hits < whole.total_hits);
    env.run(&["search", "--cluster", &file, "--strict", "government"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--strict"));
    // The local index never says `partial`.
    env.index();
    let out = env.run(&["search", "--format", "json"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("partial"));
}

#[test]
fn stats_with_a_shard_down_are_partial_and_strict_fails() {
    let Some(mut cluster) = cluster() else { return };
    let env = env();
    push(&env, &cluster);
    let file = cluster.file.to_str().unwrap().to_string();
    let whole: Stats = env.json(&["stats", "--cluster", &file, "--format", "json"]);
    assert_eq!(whole.partial, Some(false));
    cluster.kill_node(1);
    let out = env
        .run(&["stats", "--cluster", &file, "--format", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning"));
    let partial: Stats = common::decode(&[], &out.get_output().stdout);
    assert_eq!(partial.partial, Some(true));
    assert!(partial.articles > 0 && partial.articles < whole.articles);
    // Text says it on stderr too; `--strict` makes it a failure.
    env.run(&["stats", "--cluster", &file])
        .assert()
        .success()
        .stderr(predicate::str::contains("partial"));
    env.run(&["stats", "--cluster", &file, "--strict"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--strict"));
    // The local index never says `partial`.
    env.index();
    let out = env.run(&["stats", "--format", "json"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("partial"));
}

/// `zq00000` … `zq20000`: 20,001 words that share a prefix, in one article.
fn many_words_env() -> Env {
    let env = Env::empty();
    let words: Vec<String> = (0..=20_000).map(|i| format!("zq{i:05}")).collect();
    env.write("many.txt", format!("Many Words\n\n{}\n", words.join(" ")));
    env.write("one.txt", "One\n\nzq10001 and a glacier.\n");
    env
}

#[test]
fn a_prefix_the_engine_cannot_expand_exits_2_naming_it() {
    let Some(mut cluster) = cluster() else { return };
    let env = many_words_env();
    env.index();
    push(&env, &cluster);
    let file = cluster.file.to_str().unwrap().to_string();
    // 20,000 expansions in all: within what the configs carry, and the
    // answer is the local one.
    for q in ["zq0*", "zq1*", "zq0* OR zq1*"] {
        let here = env.search(&["--limit", "100", q]);
        let there = env.search(&["--cluster", &file, "--limit", "100", q]);
        assert!(here.total_hits > 0);
        assert_eq!(key(&there), key(&here), "{q}");
    }
    // Over the cap: refused before it is sent, naming the prefix.
    env.run(&["search", "--cluster", &file, "zq*"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`zq*`"));
    // An engine with Sphinx's default thread stack (a cluster configured by
    // hand, or by an earlier atlas) cannot take 10,000: one line, exit 2,
    // naming the prefix and what would help — not the client's debug text.
    for k in [0, 1] {
        let conf = cluster.config(k).to_path_buf();
        let text = std::fs::read_to_string(&conf).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.contains("thread_stack"))
            .collect();
        std::fs::write(&conf, kept.join("\n")).unwrap();
        cluster.kill_node(k);
        cluster.start_node(k);
    }
    let out = env
        .run(&["search", "--cluster", &file, "zq0*"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: `zq0*` expands to 10000 words"),
        "{stderr}"
    );
    assert!(stderr.contains("thread_stack"), "{stderr}");
    assert!(!stderr.contains("MySqlError"), "{stderr}");
}

#[test]
fn what_the_cluster_cannot_serve_exits_2_naming_it() {
    let Some(cluster) = cluster() else { return };
    let env = env();
    push(&env, &cluster);
    let file = cluster.file.to_str().unwrap();
    env.run(&[
        "search",
        "--cluster",
        file,
        "--histogram",
        "month",
        "government",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("--histogram"));
}

#[test]
fn an_unreachable_cluster_is_a_runtime_error() {
    let env = Env::empty();
    let dir = tempfile::tempdir().unwrap();
    env.run(&["cluster", "config", "--shards", "2", "--dir"])
        .arg(dir.path())
        .args(["--base-port", "1"])
        .assert()
        .success();
    let file = dir.path().join("cluster.toml");
    env.run(&["search", "--cluster", file.to_str().unwrap(), "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot reach searchd"));
    env.run(&["cluster", "config", "--shards", "0", "--dir"])
        .arg(dir.path())
        .assert()
        .code(2);
}
