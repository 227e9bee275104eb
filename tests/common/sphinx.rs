//! A throw-away SphinxQL cluster for the cluster tests: `atlas cluster
//! config` (through the common runner) in a temp dir, then one
//! `searchd --nodetach` per shard and one aggregator on free loopback
//! ports. Every process is stopped by its pid when the value is dropped
//! (also when a test fails), so none outlives the test.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::Env;

pub struct SphinxCluster {
    pub dir: TempDir,
    /// `cluster.toml`.
    pub file: PathBuf,
    /// SphinxQL ports: aggregator first, then the shards.
    ports: Vec<u16>,
    /// (config file, running searchd) per node, shards first, aggregator last.
    nodes: Vec<(PathBuf, Option<Child>)>,
}

/// A running cluster, or `None` (and why, on stderr) where searchd is
/// absent. CI installs searchd and sets `ATLAS_REQUIRE_SEARCHD`: there, a
/// missing searchd is a failure, not a skip.
pub fn running() -> Option<SphinxCluster> {
    if let Some(reason) = searchd_missing() {
        assert!(
            std::env::var_os("ATLAS_REQUIRE_SEARCHD").is_none(),
            "{reason}"
        );
        eprintln!("{reason}");
        return None;
    }
    Some(SphinxCluster::start())
}

/// The shipped corpus plus the search and punctuation fixtures.
pub fn corpus_env() -> Env {
    let env = Env::with_samples_and_search();
    env.copy_fixture("punctuation", "punctuation");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    super::copy_dir(&shipped, &env.corpus().join("shipped"), &[]);
    env
}

pub fn push(env: &Env, cluster: &SphinxCluster) -> super::IndexReport {
    let file = cluster.file.to_str().unwrap();
    env.json(&["push", "--cluster", file, "corpus", "--format", "json"])
}

/// What must agree: total, the hit set (sorted ids), facets.
pub fn key(
    r: &super::SearchResults,
) -> (usize, Vec<String>, Option<atlas_search::request::Facets>) {
    let mut ids: Vec<String> = r.hits.iter().map(|h| h.id.clone()).collect();
    ids.sort();
    (r.total_hits, ids, r.facets.clone())
}

/// Whether `searchd` can be run here; `None` says why not.
pub fn searchd_missing() -> Option<String> {
    match Command::new("searchd").arg("--help").output() {
        Ok(_) => None,
        Err(e) => Some(format!(
            "skipped: `searchd` (Debian package sphinxsearch) is not installed ({e}); .ci/run installs it"
        )),
    }
}

/// A base port with `n` free consecutive ports after it. Tests run on
/// threads of one process: ranges already handed out here are never given
/// again (a range is free until its searchd binds it, so two tests
/// starting together could otherwise both be given it).
fn free_ports(n: u16) -> u16 {
    static GIVEN: std::sync::Mutex<Vec<(u16, u16)>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(|p| p.into_inner());
    let seed = std::process::id() as u64;
    let mut candidate = 20_000 + (seed.wrapping_mul(7919) % 30_000) as u16;
    loop {
        let overlaps = given
            .iter()
            .any(|&(b, m)| candidate < b + m && b < candidate + n);
        let all_free =
            !overlaps && (0..n).all(|i| TcpListener::bind(("127.0.0.1", candidate + i)).is_ok());
        if all_free {
            given.push((candidate, n));
            return candidate;
        }
        candidate = 20_000 + (candidate - 20_000 + 97) % 40_000;
    }
}

impl SphinxCluster {
    /// Two shards and an aggregator, running and answering.
    pub fn start() -> SphinxCluster {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = free_ports(6);
        let dir_arg = dir.path().to_str().expect("temp dir is UTF-8");
        let base_arg = base.to_string();
        Env::empty()
            .run(&["cluster", "config", "--shards", "2", "--dir", dir_arg])
            .args(["--base-port", &base_arg])
            .assert()
            .success();
        let confs = ["shard-1.conf", "shard-2.conf", "aggregator.conf"];
        let mut cluster = SphinxCluster {
            file: dir.path().join("cluster.toml"),
            ports: vec![base, base + 2, base + 4],
            nodes: confs.iter().map(|c| (dir.path().join(c), None)).collect(),
            dir,
        };
        for k in 0..cluster.nodes.len() {
            cluster.start_node(k);
        }
        cluster
    }

    /// Starts node `k` (0 and 1 are the shards, 2 the aggregator) and waits
    /// until its SphinxQL port accepts connections.
    pub fn start_node(&mut self, k: usize) {
        let (conf, child) = &mut self.nodes[k];
        let log = std::fs::File::create(conf.with_extension("out")).expect("log file");
        let spawned = Command::new("searchd")
            .arg("--config")
            .arg(&*conf)
            .arg("--nodetach")
            .stdout(log.try_clone().expect("log file"))
            .stderr(log)
            .spawn()
            .expect("searchd starts");
        *child = Some(spawned);
        let port = self.port_of(k);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "searchd on port {port} did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The config file of node `k` (0 and 1 the shards, 2 the aggregator).
    pub fn config(&self, k: usize) -> &Path {
        &self.nodes[k].0
    }

    fn port_of(&self, k: usize) -> u16 {
        // Shards are nodes 0 and 1 (ports[1], ports[2]); the aggregator is node 2.
        match k {
            2 => self.ports[0],
            k => self.ports[k + 1],
        }
    }

    /// Kills node `k` by its pid (SIGKILL: a crash, not a clean stop).
    pub fn kill_node(&mut self, k: usize) {
        if let Some(mut child) = self.nodes[k].1.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for SphinxCluster {
    fn drop(&mut self) {
        for k in 0..self.nodes.len() {
            self.kill_node(k);
        }
    }
}
