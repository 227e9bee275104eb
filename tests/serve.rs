//! `atlas serve` through the real binary: a child process on an ephemeral
//! port over a temp copy of the samples, queried over HTTP. The API must
//! answer with exactly the CLI's JSON; errors are JSON with the right status.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::OnceLock;

use common::Env;
use predicates::prelude::*;
use serde_json::Value;

const SEED: &str = "atlas-news/intelligence-based-operations.txt";
const WIRE_1: &str = "json/wire-2024.jsonl#1";
const XSS_ID: &str = "xss/img-title.txt";
const XSS_TITLE: &str = "<img src=x onerror=alert(1)>";
const XSS_ARTICLE: &str = "Title: <img src=x onerror=alert(1)>\nAuthor: Mara Quill\nDesk: Security\nDate: 2024-07-01\n\nA test of how the archive shows hostile titles: the quokka sanitation report.\n";

/// The samples plus an article with an HTML title, indexed once.
fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let env = Env::with_fixture("samples");
        env.write(XSS_ID, XSS_ARTICLE);
        let report = env.index();
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        env
    })
}

/// A running `atlas serve`, killed when dropped.
struct Server {
    child: Child,
    url: String,
    agent: ureq::Agent,
}

struct Answer {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("bad JSON ({e}): {}", self.body))
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("no {name} header"))
            .to_str()
            .unwrap()
    }

    /// An error answer: this status, JSON `{"error": "..."}`.
    fn assert_error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(self.header("content-type").starts_with("application/json"));
        self.json()["error"]
            .as_str()
            .unwrap_or_else(|| panic!("no error message: {}", self.body))
            .to_string()
    }
}

impl Server {
    fn start(env: &Env) -> Server {
        let mut child = env
            .std_command_at(&env.index_dir())
            .args(["serve", "--addr", "127.0.0.1:0"])
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
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Server { child, url, agent }
    }

    fn get(&self, path: &str) -> Answer {
        let mut res = self
            .agent
            .get(&format!("{}{path}", self.url))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        Answer {
            status: res.status().as_u16(),
            headers: res.headers().clone(),
            body: res.body_mut().read_to_string().unwrap(),
        }
    }

    /// `/api/search?…` with these parameters, percent-encoded.
    fn search(&self, params: &[(&str, &str)]) -> Answer {
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        self.get(&format!("/api/search?{}", query.join("&")))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes everything but unreserved characters (so `/` and `#` too).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn cli_stdout(env: &Env, args: &[&str]) -> String {
    let out = env.run(args).output().unwrap();
    assert!(out.status.success(), "atlas {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// API parameters and the CLI arguments that mean the same search.
type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);

#[test]
fn search_answers_exactly_the_cli_json() {
    let server = Server::start(env());
    let cases: [Case; 5] = [
        (
            &[("q", "pakistan"), ("collapse", "true"), ("facets", "true")],
            &["--collapse", "--facets", "pakistan"],
        ),
        (
            &[("q", "\"resolve for stability\""), ("facets", "true")],
            &["--facets", "--", "\"resolve for stability\""],
        ),
        (
            &[
                ("q", "pakistan"),
                ("sort", "newest"),
                ("limit", "2"),
                ("offset", "1"),
            ],
            &[
                "--sort", "newest", "--limit", "2", "--offset", "1", "pakistan",
            ],
        ),
        (
            &[
                ("desk", "Central Asia"),
                ("desk", "security"),
                ("since", "2024-06"),
                ("until", "2024-07"),
            ],
            &[
                "--desk",
                "Central Asia",
                "--desk",
                "security",
                "--since",
                "2024-06",
                "--until",
                "2024-07",
            ],
        ),
        (
            &[("q", "-pakistan"), ("limit", "0"), ("facets", "1")],
            &["--limit", "0", "--facets", "--", "-pakistan"],
        ),
    ];
    for (params, args) in cases {
        let answer = server.search(params);
        assert_eq!(answer.status, 200, "{params:?}: {}", answer.body);
        let mut cli = vec!["search", "--format", "json"];
        cli.extend_from_slice(args);
        assert_eq!(answer.body, cli_stdout(env(), &cli), "{params:?}");
    }
    // The contract's field names, decoded back into the library's type.
    let results: common::SearchResults =
        serde_json::from_str(&server.search(&[("q", "\"resolve for stability\"")]).body).unwrap();
    assert_eq!(results.hits[0].id, SEED);
    assert!(!results.hits[0].highlights.is_empty());
}

#[test]
fn articles_and_stats_answer_the_cli_json() {
    let server = Server::start(env());
    for id in [SEED, WIRE_1, XSS_ID] {
        let answer = server.get(&format!("/api/articles/{}", encode(id)));
        assert_eq!(answer.status, 200, "{id}: {}", answer.body);
        assert_eq!(
            answer.body,
            cli_stdout(env(), &["show", id, "--format", "json"])
        );
    }
    // A plain `/` in the path works too.
    let raw = server.get(&format!("/api/articles/{SEED}"));
    assert_eq!(raw.json()["id"], SEED);

    let stats = server.get("/api/stats");
    assert_eq!(stats.status, 200);
    let cli: Value =
        serde_json::from_str(&cli_stdout(env(), &["stats", "--format", "json"])).unwrap();
    assert_eq!(stats.json(), cli);
}

#[test]
fn related_answers_the_cli_json() {
    let server = Server::start(env());
    let answer = server.get(&format!("/api/articles/{SEED}/related"));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.body,
        cli_stdout(env(), &["related", SEED, "--format", "json"])
    );
    assert_eq!(answer.json()["id"], SEED);
    server
        .get("/api/articles/nope.txt/related")
        .assert_error(404);
}

#[test]
fn errors_are_json_with_their_status() {
    let server = Server::start(env());
    let bad = [
        vec![("q", "\"unbalanced")],
        vec![("since", "2024-13-45")],
        vec![("limit", "101")],
        vec![("limit", "ten")],
        vec![("sort", "best")],
        vec![("since", "2024-07"), ("until", "2024-06")],
    ];
    for params in &bad {
        let message = server.search(params).assert_error(400);
        assert!(!message.is_empty());
    }
    let long = "a ".repeat(1001);
    server.search(&[("q", &long)]).assert_error(400);
    assert!(server.search(&[("limit", "100")]).status == 200);

    let message = server.get("/api/articles/no%2Fsuch.txt").assert_error(404);
    assert!(message.contains("no/such.txt"), "{message}");
    server.get("/no/such/page").assert_error(404);
    server.get("/api/nope").assert_error(404);
    // What axum would answer by itself is JSON too: an id byte that is not
    // UTF-8 (ids write it `\xff`), a method the API does not take.
    let message = server.get("/api/articles/%ff").assert_error(404);
    assert!(message.contains("\\xff"), "{message}");
    let url = format!("{}/api/search", server.url);
    let mut res = server.agent.post(&url).send_empty().unwrap();
    let body = res.body_mut().read_to_string().unwrap();
    let (status, headers) = (res.status().as_u16(), res.headers().clone());
    Answer {
        status,
        headers,
        body,
    }
    .assert_error(405);
}

#[test]
fn hostile_text_stays_text() {
    let server = Server::start(env());
    let script = "<script>alert(1)</script>";
    let answer = server.search(&[("q", script)]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    // JSON, never sniffed as HTML; the string round-trips as plain text.
    assert_eq!(answer.header("content-type"), "application/json");
    assert_eq!(answer.header("x-content-type-options"), "nosniff");
    assert_eq!(answer.json()["query"], script);
    // The page is static: it never echoes the query.
    let page = server.get(&format!("/?q={}", encode(script)));
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("alert(1)"));

    let hit = server.search(&[("q", "quokka")]).json();
    assert_eq!(hit["hits"][0]["title"], XSS_TITLE);
    assert_eq!(hit["hits"][0]["id"], XSS_ID);
    let article = server
        .get(&format!("/api/articles/{}", encode(XSS_ID)))
        .json();
    assert_eq!(article["title"], XSS_TITLE);
}

#[test]
fn every_response_carries_the_security_headers() {
    let server = Server::start(env());
    let pages = [
        ("/", "text/html; charset=utf-8", 200),
        ("/app.js", "text/javascript; charset=utf-8", 200),
        ("/style.css", "text/css; charset=utf-8", 200),
        ("/api/search?q=pakistan", "application/json", 200),
        ("/api/stats", "application/json", 200),
        ("/api/search?limit=x", "application/json", 400),
        ("/missing", "application/json", 404),
    ];
    for (path, content_type, status) in pages {
        let answer = server.get(path);
        assert_eq!(answer.status, status, "{path}");
        assert_eq!(answer.header("content-type"), content_type, "{path}");
        assert_eq!(
            answer.header("content-security-policy"),
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        assert_eq!(answer.header("x-content-type-options"), "nosniff");
        assert_eq!(answer.header("referrer-policy"), "no-referrer");
        assert_eq!(answer.header("x-frame-options"), "DENY");
        assert_eq!(answer.header("cross-origin-opener-policy"), "same-origin");
        if path.starts_with("/api/") {
            assert_eq!(answer.header("cache-control"), "no-store", "{path}");
        }
    }
    // No inline script or style for the CSP to block.
    let page = server.get("/").body;
    assert!(page.contains(r#"<script src="/app.js" defer></script>"#));
    assert!(!page.contains("<style") && !page.contains(" on") && !page.contains("style="));
}

#[test]
fn articles_indexed_while_serving_appear_without_a_restart() {
    let env = Env::with_fixture("samples");
    env.index();
    let server = Server::start(&env);
    let total = |q: &str| {
        server.search(&[("q", q)]).json()["total_hits"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(total("axolotl"), 0);
    env.write(
        "late/axolotl.md",
        "---\ndate: 2024-09-01\n---\n# Axolotl census\n\nThe axolotl count rose.\n",
    );
    env.run(&["index", "corpus", "--quiet"]).assert().success();
    assert_eq!(total("axolotl"), 1);
    assert_eq!(
        server.get("/api/articles/late%2Faxolotl.md").json()["title"],
        "Axolotl census"
    );
}

#[test]
fn a_missing_index_is_the_usual_error() {
    let env = Env::empty();
    env.run(&["serve", "--addr", "127.0.0.1:0"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("error: no index at"));
}

#[test]
fn foreign_host_names_are_refused_on_loopback() {
    use std::io::{Read, Write};
    let server = Server::start(env());
    let addr = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let raw = |host: &str| {
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            stream,
            "GET /api/stats HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    // DNS rebinding: a foreign name that resolves to 127.0.0.1.
    let refused = raw("attacker.example:7700");
    assert!(refused.starts_with("HTTP/1.1 421"), "{refused}");
    assert!(refused.contains("only to localhost"));
    assert!(raw(&addr).starts_with("HTTP/1.1 200"));
    assert!(raw("localhost").starts_with("HTTP/1.1 200"));
}

#[test]
fn csv_download_and_histogram_answer_what_the_cli_prints() {
    let server = Server::start(env());
    let csv = server.get("/api/search.csv?q=pakistan&limit=5");
    assert_eq!(csv.status, 200);
    assert_eq!(
        csv.header("content-disposition"),
        "attachment; filename=\"atlas-search.csv\""
    );
    let cli = cli_stdout(
        env(),
        &[
            "search", "--limit", "5", "--format", "csv", "--", "pakistan",
        ],
    );
    assert_eq!(csv.body, cli);
    let api = server.search(&[("q", "pakistan"), ("histogram", "month"), ("limit", "0")]);
    let cli = cli_stdout(
        env(),
        &[
            "search",
            "--limit",
            "0",
            "--histogram",
            "month",
            "--format",
            "json",
            "--",
            "pakistan",
        ],
    );
    let cli: Value = serde_json::from_str(&cli).unwrap();
    assert_eq!(api.json()["histogram"], cli["histogram"]);
    assert!(!cli["histogram"].as_object().unwrap().is_empty());
}

/// A saved web page whose headline, JSON-LD and body carry markup as text
/// (escaped in the page's source, as a page quoting an attack would) and as
/// real `<script>` elements. The API hands it back as plain JSON strings,
/// the real scripts are gone from the body, and the page script only ever
/// inserts data as text (`append`/`textContent` of strings, never as HTML).
#[test]
fn hostile_web_page_reaches_the_page_as_text() {
    const HEADLINE: &str = "Cats <script>alert(2)</script> & dogs";
    const BODY_MARKUP: &str = "<img src=x onerror=alert(3)>";
    let env = Env::empty();
    let page = format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>Cats - Hostile Herald</title>
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Cats <img src=x onerror=alert(1)>",
"author":{{"@type":"Person","name":"Ada <b onmouseover=alert(4)>Lovelace</b>"}},"datePublished":"2024-05-01"}}</script>
<script>alert(5)</script></head><body><article>
<h1>Cats &lt;script&gt;alert(2)&lt;/script&gt; &amp; dogs</h1>
<p>The zebrafish report quoted the payload {} in full, as text.</p>
<script>document.write('alert(6)')</script>
<p>A second paragraph about the zebrafish survey and its many careful findings.</p>
</article></body></html>"#,
        BODY_MARKUP.replace('<', "&lt;").replace('>', "&gt;")
    );
    env.write("web/hostile.html", page);
    let report = env.index();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let server = Server::start(&env);

    let hits = server.search(&[("q", "zebrafish")]);
    assert_eq!(hits.header("content-type"), "application/json");
    let hit = &hits.json()["hits"][0];
    assert_eq!(hit["title"], HEADLINE);
    let snippet = hit["snippet"].to_string();
    assert!(snippet.contains("zebrafish"), "{hit}");
    let article = server
        .get(&format!("/api/articles/{}", encode("web/hostile.html")))
        .json();
    assert_eq!(article["title"], HEADLINE);
    let body = article["body"].as_str().unwrap();
    assert!(body.contains(BODY_MARKUP), "{body}");
    assert!(
        !body.contains("alert(5)") && !body.contains("alert(6)"),
        "{body}"
    );
    // A name carrying markup is not a person's name: never shown as one.
    let authors = article["authors"].to_string();
    assert!(
        !authors.contains('<') && !authors.contains("alert"),
        "{authors}"
    );

    // How the page inserts data: no HTML sink anywhere in its script.
    let js = server.get("/app.js").body;
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "setAttribute('on",
        "createContextualFragment",
        "DOMParser",
    ] {
        assert!(!js.contains(sink), "app.js uses {sink}");
    }
    assert!(js.contains("textContent") && js.contains("createElement"));
    let html = server.get("/").body;
    assert!(!html.contains("zebrafish") && !html.contains("alert("));
}
