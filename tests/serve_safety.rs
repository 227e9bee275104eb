//! `atlas serve` under attack and error: errors are JSON with their
//! status, hostile text stays text (in the API and the page), every answer
//! carries the security headers, foreign host names are refused on
//! loopback. The server and samples of `serve.rs` (`common::serve`).

mod common;

use common::Env;
use common::serve::{Answer, Server, XSS_ID, XSS_TITLE, encode, samples_env as env};

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
    let url = format!("{}/api/search", server.served.url);
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
        ("/quotes.js", "text/javascript; charset=utf-8", 200),
        ("/timeline.js", "text/javascript; charset=utf-8", 200),
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
fn foreign_host_names_are_refused_on_loopback() {
    use std::io::{Read, Write};
    let server = Server::start(env());
    let addr = server
        .served
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

    // How the page inserts data: no HTML sink anywhere in its scripts.
    for script in ["/app.js", "/quotes.js", "/timeline.js"] {
        let js = server.get(script).body;
        assert!(js.contains("use strict"), "{script} was served");
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
            assert!(!js.contains(sink), "{script} uses {sink}");
        }
    }
    let js = server.get("/app.js").body;
    assert!(js.contains("textContent") && js.contains("createElement"));
    let html = server.get("/").body;
    assert!(!html.contains("zebrafish") && !html.contains("alert("));
}
