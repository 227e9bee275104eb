//! A running `atlas serve` for the HTTP tests: the real binary through the
//! common runner, on a free loopback port (`--addr 127.0.0.1:0`), its URL
//! read from the line it prints first. Killed by its pid when dropped.
//! [`Server`] adds a client that takes every status as an answer.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

use super::Env;

pub struct Served {
    pub child: Child,
    /// `http://127.0.0.1:PORT`, without the trailing `/`.
    pub url: String,
}

impl Env {
    /// `atlas serve --addr 127.0.0.1:0 ARGS…` on this environment's index.
    pub fn serve<S: AsRef<OsStr>>(&self, args: &[S]) -> Served {
        let mut child = self
            .std_command_at(&self.index_dir())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("atlas serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .rsplit(" at ")
            .next()
            .filter(|u| u.starts_with("http://127.0.0.1:") && !u.contains(":0/"))
            .unwrap_or_else(|| panic!("no URL with a real port in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Served { child, url }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub const SEED: &str = "atlas-news/intelligence-based-operations.txt";
pub const WIRE_1: &str = "json/wire-2024.jsonl#1";
pub const XSS_ID: &str = "xss/img-title.txt";
pub const XSS_TITLE: &str = "<img src=x onerror=alert(1)>";
pub const XSS_ARTICLE: &str = "Title: <img src=x onerror=alert(1)>\nAuthor: Mara Quill\nDesk: Security\nDate: 2024-07-01\n\nA test of how the archive shows hostile titles: the quokka sanitation report.\n";

/// The samples plus an article with an HTML title, indexed once.
pub fn samples_env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let env = Env::with_fixture("samples");
        env.write(XSS_ID, XSS_ARTICLE);
        let report = env.index();
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        env
    })
}

/// A running `atlas serve` and a client that takes every status as an answer.
pub struct Server {
    pub served: Served,
    pub agent: ureq::Agent,
}

pub struct Answer {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("bad JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("no {name} header"))
            .to_str()
            .unwrap()
    }

    /// An error answer: this status, JSON `{"error": "..."}`.
    pub fn assert_error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(self.header("content-type").starts_with("application/json"));
        self.json()["error"]
            .as_str()
            .unwrap_or_else(|| panic!("no error message: {}", self.body))
            .to_string()
    }
}

impl Server {
    pub fn start(env: &Env) -> Server {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let served = env.serve::<&str>(&[]);
        Server { served, agent }
    }

    pub fn get(&self, path: &str) -> Answer {
        let mut res = self
            .agent
            .get(&format!("{}{path}", self.served.url))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        Answer {
            status: res.status().as_u16(),
            headers: res.headers().clone(),
            body: res.body_mut().read_to_string().unwrap(),
        }
    }

    /// `/api/search?…` with these parameters, percent-encoded.
    pub fn search(&self, params: &[(&str, &str)]) -> Answer {
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        self.get(&format!("/api/search?{}", query.join("&")))
    }
}

/// Percent-encodes everything but unreserved characters (so `/` and `#` too).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
