//! `atlas index --watch`: the real binary follows a temp corpus. Each batch
//! prints one JSON summary line; tests wait (with a generous timeout, never
//! asserting durations) for a search to see each change.

mod common;

use std::io::BufRead;
use std::process::{Child, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use common::{Env, IndexReport};

const TIMEOUT: Duration = Duration::from_secs(60);

struct Watching {
    child: Child,
    lines: Receiver<serde_json::Value>,
}

impl Watching {
    fn start(env: &Env, extra: &[&str]) -> Watching {
        let mut cmd = env.std_command_at(&env.index_dir());
        cmd.args(["index", "corpus", "--watch", "--format", "json"]);
        cmd.args(extra);
        let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
        let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                let _ = tx.send(serde_json::from_str(&line).expect("one JSON object per line"));
            }
        });
        let watching = Watching { child, lines };
        let first = watching.next();
        assert!(
            first.get("added").is_some(),
            "the normal run first: {first}"
        );
        watching
    }

    fn next(&self) -> serde_json::Value {
        self.lines.recv_timeout(TIMEOUT).expect("a batch summary")
    }

    /// Ctrl-C, between commits: exits 0.
    fn interrupt(mut self) {
        let pid = self.child.id().to_string();
        let status = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap();
        assert!(status.success());
        assert!(self.child.wait().unwrap().success(), "Ctrl-C exits 0");
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until a search gives `want` (the ids of `query`).
fn until_ids(env: &Env, query: &str, want: &[&str]) {
    let started = Instant::now();
    loop {
        let ids = env.ids(&[query]);
        if ids == want {
            return;
        }
        assert!(
            started.elapsed() < TIMEOUT,
            "{query}: {ids:?}, want {want:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

const ZEBRA: &str = "Zebras Return to the Savanna Reserve\n\nNadia Haddad\n\nJuly 4, 2024\n\nRangers counted forty zebras near the river crossing this week.\n";

#[test]
fn watch_sees_creates_edits_renames_and_deletes() {
    let env = Env::with_fixture("samples");
    let watching = Watching::start(&env, &[]);
    env.write("wildlife/zebras.txt", ZEBRA);
    until_ids(&env, "zebras", &["wildlife/zebras.txt"]);
    env.write(
        "wildlife/zebras.txt",
        ZEBRA.replace("forty", "sixty okapis and"),
    );
    until_ids(&env, "okapis", &["wildlife/zebras.txt"]);
    // Editors' files: none becomes an article.
    env.write("wildlife/.zebras.txt.swp", "swap");
    env.write("wildlife/zebras.txt~", ZEBRA);
    env.write("wildlife/#zebras.txt#", ZEBRA);
    let corpus = env.corpus();
    std::fs::rename(
        corpus.join("wildlife/zebras.txt"),
        corpus.join("wildlife/zebras-2024.txt"),
    )
    .unwrap();
    until_ids(&env, "zebras", &["wildlife/zebras-2024.txt"]);
    std::fs::remove_file(corpus.join("wildlife/zebras-2024.txt")).unwrap();
    until_ids(&env, "zebras", &[]);
    watching.interrupt();
}

#[test]
fn an_invalid_config_is_reported_and_the_index_kept() {
    let env = Env::with_fixture("samples");
    let watching = Watching::start(&env, &[]);
    let before = env.ids(&[""]);
    env.write("atlas.toml", "desk = [");
    let reported = loop {
        let line = watching.next();
        if line.get("error").is_some() {
            break line;
        }
    };
    assert!(
        reported["error"].as_str().unwrap().contains("atlas.toml"),
        "{reported}"
    );
    assert_eq!(env.ids(&[""]), before, "the index is as it was");
    std::fs::remove_file(env.corpus().join("atlas.toml")).unwrap();
    env.write("wildlife/zebras.txt", ZEBRA);
    until_ids(&env, "zebras", &["wildlife/zebras.txt"]);
    watching.interrupt();
}

#[test]
fn a_burst_of_a_thousand_files_is_a_few_commits() {
    let env = Env::with_fixture("samples");
    let watching = Watching::start(&env, &[]);
    for i in 0..1000 {
        env.write(
            &format!("burst/{i:04}.txt"),
            format!("Giraffe Census Part {i}\n\nVolunteers logged giraffe herd {i} today.\n"),
        );
    }
    let mut batches = Vec::new();
    while batches.iter().map(|b: &IndexReport| b.added).sum::<u64>() < 1000 {
        batches.push(serde_json::from_value(watching.next()).unwrap());
    }
    let committed = batches.iter().filter(|b| b.added > 0).count();
    eprintln!(
        "1,000 files: {committed} commit(s) in {} batch(es)",
        batches.len()
    );
    assert!(committed <= 5, "{committed} commits for one burst");
    assert_eq!(batches.last().unwrap().articles, 1009);
    watching.interrupt();
}

#[test]
fn polling_sees_changes_where_events_are_not_used() {
    let env = Env::with_fixture("samples");
    let watching = Watching::start(&env, &["--poll", "1"]);
    env.write("wildlife/zebras.txt", ZEBRA);
    until_ids(&env, "zebras", &["wildlife/zebras.txt"]);
    watching.interrupt();
}
