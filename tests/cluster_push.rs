//! `atlas push` at its edges, on a real Sphinx 2.2 cluster (2 shards and
//! an aggregator from `common::sphinx`, as in `cluster.rs`): articles over
//! the packet limit an earlier atlas had, one too large for the cluster's
//! limit, file names holding newlines and tabs, and the line-based journal
//! of earlier versions.
mod common;

use std::process::Output;

use common::sphinx::SphinxCluster;
use common::{Env, IndexReport};

/// A running cluster, or `None` where searchd is absent (a failure in CI).
fn cluster() -> Option<SphinxCluster> {
    common::sphinx::running()
}

fn file(cluster: &SphinxCluster) -> &str {
    cluster.file.to_str().unwrap()
}

/// `atlas push --format json`, which must succeed.
fn push(env: &Env, cluster: &SphinxCluster) -> IndexReport {
    env.json(&[
        "push",
        "--cluster",
        file(cluster),
        "corpus",
        "--format",
        "json",
    ])
}

/// `atlas push ARGS…` as it ran, whatever its exit code.
fn push_output(env: &Env, cluster: &SphinxCluster, args: &[&str]) -> Output {
    let mut all = vec!["push", "--cluster", file(cluster), "corpus"];
    all.extend_from_slice(args);
    env.run(&all).output().unwrap()
}

/// Every id the cluster serves, sorted.
fn served(env: &Env, cluster: &SphinxCluster) -> Vec<String> {
    sorted_ids(env, &["--cluster", file(cluster)])
}

/// Every id the local index holds, sorted.
fn local_ids(env: &Env) -> Vec<String> {
    sorted_ids(env, &[])
}

fn sorted_ids(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--limit", "100000"];
    all.extend_from_slice(args);
    let mut ids: Vec<String> = env.search(&all).hits.into_iter().map(|h| h.id).collect();
    ids.sort();
    ids
}

/// About `bytes` of deterministic prose (a small LCG over newsroom words),
/// ending with the word `last`.
fn prose(bytes: usize, last: &str) -> String {
    const WORDS: &[&str] = &[
        "government",
        "harbour",
        "strike",
        "budget",
        "drought",
        "glaciers",
        "fuel",
        "currency",
        "inflation",
        "election",
        "coalition",
        "border",
        "talks",
        "reform",
        "farmers",
        "exporters",
        "water",
        "province",
        "council",
        "power",
        "grid",
        "prices",
    ];
    let mut out = String::with_capacity(bytes + 64);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut in_sentence = 0;
    while out.len() < bytes {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        out.push_str(WORDS[(seed >> 33) as usize % WORDS.len()]);
        in_sentence += 1;
        out.push_str(if in_sentence % 14 == 0 { ".\n" } else { " " });
    }
    out.push_str(last);
    out.push_str(".\n");
    out
}

/// One NewsML-G2 item whose text is `body`.
fn newsml(headline: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:wire.example.com:20240624:long" version="1" standard="NewsML-G2" standardversion="2.29">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <versionCreated>2024-06-24T10:45:00Z</versionCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta><headline>{headline}</headline></contentMeta>
  <contentSet><inlineData contenttype="text/plain">{body}</inlineData></contentSet>
</newsItem>
"#
    )
}

/// A few ordinary articles.
fn write_small(env: &Env) {
    for i in 0..6 {
        env.write(
            &format!("desk/story-{i}.txt"),
            format!("Story {i}\n\nThe harbour strike entered day {i}.\n"),
        );
    }
}

#[test]
fn articles_over_the_old_packet_limit_are_pushed_next_to_normal_ones() {
    let Some(cluster) = cluster() else { return };
    let env = Env::empty();
    write_small(&env);
    // A row carries the text about three times (two token streams and the
    // stored body): each of these is over the 32 MB an earlier atlas could
    // send in one statement, which aborted the whole push.
    let mb = 1 << 20;
    env.write(
        "long/report.txt",
        format!("A Very Long Report\n\n{}", prose(12 * mb, "zanzibarite")),
    );
    env.write(
        "wire/long-dispatch.xml",
        newsml("The long dispatch", &prose(12 * mb, "quetzalcoatlite")),
    );
    let local = env.index();
    assert!(local.skipped.is_empty(), "{:?}", local.skipped);
    let pushed = push(&env, &cluster);
    assert!(pushed.not_pushed.is_empty(), "{:?}", pushed.not_pushed);
    assert_eq!(
        (pushed.added, pushed.articles),
        (local.articles, local.articles)
    );
    assert_eq!(served(&env, &cluster), local_ids(&env));
    for word in ["zanzibarite", "quetzalcoatlite", "harbour"] {
        let here = sorted_ids(&env, &[word]);
        assert!(!here.is_empty());
        let there = sorted_ids(&env, &["--cluster", file(&cluster), word]);
        assert_eq!(there, here, "{word}");
    }
    // Stored whole: `show` on the cluster is the local article.
    let id = &env.ids(&["quetzalcoatlite"])[0];
    let mut here: common::Article = env.json(&["show", id, "--format", "json"]);
    let there: common::Article =
        env.json(&["show", "--cluster", file(&cluster), id, "--format", "json"]);
    here.indexed_at = None;
    assert!(there.body.len() > 12 * mb);
    assert_eq!(there, here);
    // Nothing left to send.
    let again = push(&env, &cluster);
    assert_eq!(
        (again.added, again.updated, again.unchanged),
        (0, 0, local.articles)
    );
}

/// `cluster.toml` with its packet limit set to `bytes` (as for a cluster
/// whose searchd configs allow no more).
fn set_max_packet(cluster: &SphinxCluster, bytes: u64) {
    let text = std::fs::read_to_string(&cluster.file).unwrap();
    let kept: Vec<&str> = (text.lines())
        .filter(|l| !l.starts_with("max_packet"))
        .collect();
    let edited = format!("max_packet = {bytes}\n{}\n", kept.join("\n"));
    std::fs::write(&cluster.file, edited).unwrap();
}

#[test]
fn an_article_too_large_for_the_cluster_is_named_and_every_other_one_pushed() {
    let Some(cluster) = cluster() else { return };
    let env = Env::empty();
    write_small(&env);
    env.write("long/growing.txt", "Growing\n\nA short first version.\n");
    push(&env, &cluster);
    // The article grows past what this cluster takes in one statement
    // (a limit of 1 MB here; 128 MB, the engines' most, in real configs).
    set_max_packet(&cluster, 1 << 20);
    env.write(
        "long/growing.txt",
        format!("Growing\n\n{}", prose(1 << 20, "zanzibarite")),
    );
    env.write("desk/new.txt", "New\n\nA new story about the harbour.\n");
    env.index();
    for round in 0..2 {
        let out = push_output(&env, &cluster, &["--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "round {round}");
        let report: IndexReport = common::decode(&[], &out.stdout);
        assert_eq!(report.not_pushed.len(), 1, "{:?}", report.not_pushed);
        let refused = &report.not_pushed[0];
        assert_eq!(
            (refused.id.as_str(), refused.path.as_str()),
            ("long/growing.txt", "long/growing.txt")
        );
        assert!(
            refused.reason.contains("packet limit"),
            "{}",
            refused.reason
        );
        // Every other article is on the cluster; the old version of the
        // refused one is not (it would answer with text the file no longer has).
        let mut others = local_ids(&env);
        others.retain(|id| id != "long/growing.txt");
        assert_eq!(served(&env, &cluster), others);
        assert_eq!(report.articles, others.len() as u64);
        let expected = match round {
            0 => (1, 0, others.len() as u64 - 1),
            _ => (0, 0, others.len() as u64),
        };
        assert_eq!((report.added, report.updated, report.unchanged), expected);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{stderr}");
        assert!(errors[0].contains("1 article was not pushed"), "{stderr}");
    }
    // The text summary names it too.
    let out = push_output(&env, &cluster, &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 not pushed"), "{text}");
    assert!(text.contains("not pushed long/growing.txt: "), "{text}");
    // With the limit raised, the next push takes it: the push converges.
    set_max_packet(&cluster, 128 << 20);
    let last = push(&env, &cluster);
    assert_eq!((last.added, last.not_pushed.len()), (1, 0));
    assert_eq!(served(&env, &cluster), local_ids(&env));
}

/// File names an earlier, line-based journal could not hold.
const ODD_NAMES: [&str; 3] = [
    "odd/line\nbreak.txt",
    "odd/tab\there.txt",
    "odd/both\t\n\r.txt",
];

fn write_odd(env: &Env) {
    for (i, name) in ODD_NAMES.iter().enumerate() {
        env.write(
            name,
            format!("Odd name {i}\n\nA story about the harbour, number {i}.\n"),
        );
    }
}

#[test]
fn names_with_newlines_and_tabs_are_pushed_and_removed() {
    let Some(cluster) = cluster() else { return };
    let env = Env::empty();
    write_small(&env);
    write_odd(&env);
    let first = push(&env, &cluster);
    env.index();
    assert_eq!(served(&env, &cluster), local_ids(&env));
    for name in ODD_NAMES {
        assert!(
            served(&env, &cluster).iter().any(|id| id == name),
            "{name:?}"
        );
        let shown: common::Article = env.json(&[
            "show",
            "--cluster",
            file(&cluster),
            name,
            "--format",
            "json",
        ]);
        assert_eq!(shown.id, name);
    }
    // The journal is JSON lines: every line parses, ids exact.
    let state = cluster.dir.path().join("atlas-push");
    let journal = std::fs::read_to_string(state.join("pushed.jsonl")).unwrap();
    let ids: Vec<String> = (journal.lines())
        .map(|l| serde_json::from_str::<Vec<String>>(l).unwrap()[1].clone())
        .collect();
    for name in ODD_NAMES {
        assert!(ids.iter().any(|id| id == name), "{name:?} in {journal}");
    }
    let again = push(&env, &cluster);
    assert_eq!((again.added, again.unchanged), (0, first.articles));
    for name in ODD_NAMES {
        std::fs::remove_file(env.corpus().join(name)).unwrap();
    }
    let after = push(&env, &cluster);
    assert_eq!(after.removed, ODD_NAMES.len() as u64);
    env.index();
    assert_eq!(served(&env, &cluster), local_ids(&env));
}

#[test]
fn an_old_line_based_journal_is_read_once_and_rewritten() {
    let Some(cluster) = cluster() else { return };
    let env = Env::empty();
    write_small(&env);
    write_odd(&env);
    push(&env, &cluster);
    // The state an earlier atlas left: `+ TAB id TAB hash` lines, which
    // break at the newline and the tabs of these names.
    let state = cluster.dir.path().join("atlas-push");
    let held = common::ids_and_hashes(&state.join("mirror"));
    let old: String = (held.iter())
        .map(|(id, hash)| format!("+\t{id}\t{hash}\n"))
        .collect();
    for name in ["pushed.jsonl", "journal.jsonl"] {
        let _ = std::fs::remove_file(state.join(name));
    }
    std::fs::write(state.join("pushed.tsv"), old).unwrap();
    std::fs::write(state.join("journal.tsv"), "").unwrap();
    for name in ODD_NAMES {
        std::fs::remove_file(env.corpus().join(name)).unwrap();
    }
    let report = push(&env, &cluster);
    assert_eq!(
        (report.removed, report.added, report.updated),
        (ODD_NAMES.len() as u64, 0, 0)
    );
    env.index();
    assert_eq!(served(&env, &cluster), local_ids(&env));
    // Rewritten: the old files are gone, the new one holds every id.
    assert!(!state.join("pushed.tsv").exists() && !state.join("journal.tsv").exists());
    let journal = std::fs::read_to_string(state.join("pushed.jsonl")).unwrap();
    assert_eq!(journal.lines().count() as u64, report.articles);
    let again = push(&env, &cluster);
    assert_eq!((again.added, again.updated, again.removed), (0, 0, 0));
}

/// A cluster pushed by an atlas of another schema holds the token streams
/// of another analysis (the content hashes are the same): the next push
/// sends every article again, once.
#[test]
fn a_cluster_pushed_under_another_schema_is_pushed_again_once() {
    let Some(cluster) = cluster() else { return };
    let env = Env::empty();
    write_small(&env);
    let first = push(&env, &cluster);
    let state = cluster.dir.path().join("atlas-push");
    let pushed = std::fs::read_to_string(state.join("pushed.jsonl")).unwrap();
    let stamp = format!("+s{}\"", atlas_search::schema::SCHEMA_VERSION);
    assert_eq!(pushed.matches(&stamp).count() as u64, first.articles);
    // As the schema before left it.
    let older = format!("+s{}\"", atlas_search::schema::SCHEMA_VERSION - 1);
    std::fs::write(state.join("pushed.jsonl"), pushed.replace(&stamp, &older)).unwrap();
    let again = push(&env, &cluster);
    assert_eq!(
        (again.added, again.updated, again.removed, again.unchanged),
        (0, first.articles, 0, 0)
    );
    let third = push(&env, &cluster);
    assert_eq!((third.updated, third.unchanged), (0, first.articles));
    env.index();
    assert_eq!(served(&env, &cluster), local_ids(&env));
}
