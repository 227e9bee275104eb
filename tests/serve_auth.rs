//! `atlas serve --token-file`: every route wants the token (bearer header,
//! the scheme in any case, or the login form's cookie), anything else is
//! 401; every answer, 401 and the login form included, carries the
//! security headers; clients that send nothing or half a request are
//! closed; beyond loopback the server does not start without one.
mod common;

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::Env;
use common::serve::Served;
use predicates::prelude::*;

const TOKEN: &str = "s3cret-token-for-the-test-0123456789";
const ROUTES: &[&str] = &[
    "/",
    "/app.js",
    "/style.css",
    "/api/search?q=stability",
    "/api/search.csv?q=stability",
    "/api/stats",
    "/api/articles/atlas-news/intelligence-based-operations.txt",
    "/no/such/route",
];

struct Server {
    served: Served,
    agent: ureq::Agent,
}

fn start(env: &Env) -> Server {
    let token = env.path().join("token");
    std::fs::write(&token, format!("{TOKEN}\n")).unwrap();
    let served = env.serve(&[OsStr::new("--token-file"), token.as_os_str()]);
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    Server { served, agent }
}

fn status(server: &Server, path: &str, header: Option<(&str, String)>) -> u16 {
    let mut req = server.agent.get(&format!("{}{path}", server.served.url));
    if let Some((name, value)) = header {
        req = req.header(name, value);
    }
    req.call().unwrap().status().as_u16()
}

#[test]
fn every_route_wants_the_token() {
    let env = Env::with_fixture("samples");
    env.index();
    let server = start(&env);
    for route in ROUTES {
        assert_eq!(status(&server, route, None), 401, "no token: {route}");
        let wrong = Some(("authorization", format!("Bearer {TOKEN}x")));
        assert_eq!(status(&server, route, wrong), 401, "wrong token: {route}");
        let cookie = Some(("cookie", "atlas_token=nope".to_string()));
        assert_eq!(status(&server, route, cookie), 401, "wrong cookie: {route}");
        let right = Some(("authorization", format!("Bearer {TOKEN}")));
        let expected = if route.starts_with("/no/") { 404 } else { 200 };
        assert_eq!(
            status(&server, route, right),
            expected,
            "right token: {route}"
        );
    }
}

#[test]
fn the_login_form_sets_a_cookie_that_opens_the_page() {
    let env = Env::with_fixture("samples");
    env.index();
    let server = start(&env);
    assert_eq!(status(&server, "/login", None), 200);
    let post = |token: &str| {
        server
            .agent
            .post(&format!("{}/login", server.served.url))
            .content_type("application/x-www-form-urlencoded")
            .send(format!("token={token}"))
            .unwrap()
    };
    assert_eq!(post("wrong-token-wrong-token").status().as_u16(), 401);
    let ok = post(TOKEN);
    assert_eq!(ok.status().as_u16(), 303);
    let cookie = ok.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly"));
    let pair = cookie.split(';').next().unwrap().to_string();
    assert_eq!(status(&server, "/api/stats", Some(("cookie", pair))), 200);
}

#[test]
fn beyond_loopback_a_token_is_required_and_never_printed() {
    let env = Env::with_fixture("samples");
    env.index();
    env.run(&["serve", "--addr", "0.0.0.0:0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--token-file"));
    std::fs::write(env.path().join("short"), "abc\n").unwrap();
    env.run(&["serve", "--addr", "127.0.0.1:0", "--token-file"])
        .arg(env.path().join("short"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shorter").and(predicate::str::contains("abc").not()));
}

#[test]
fn the_bearer_scheme_is_read_in_any_case() {
    let env = Env::with_fixture("samples");
    env.index();
    let server = start(&env);
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let header = Some(("authorization", format!("{scheme} {TOKEN}")));
        assert_eq!(status(&server, "/api/stats", header), 200, "{scheme}");
    }
    let basic = Some(("authorization", format!("Basic {TOKEN}")));
    assert_eq!(status(&server, "/api/stats", basic), 401);
}

#[test]
fn every_answer_carries_the_security_headers() {
    let env = Env::with_fixture("samples");
    env.index();
    let server = start(&env);
    let bearer = format!("Bearer {TOKEN}");
    let get = |path: &str, auth: bool| {
        let mut req = server.agent.get(&format!("{}{path}", server.served.url));
        if auth {
            req = req.header("authorization", &bearer);
        }
        req.call().unwrap()
    };
    let post_login = server
        .agent
        .post(&format!("{}/login", server.served.url))
        .content_type("application/x-www-form-urlencoded")
        .send("token=wrong-token-wrong-token")
        .unwrap();
    let answers = [
        ("/ without a token", get("/", false), 401),
        ("/api/stats without a token", get("/api/stats", false), 401),
        ("the login form", get("/login", false), 200),
        ("a wrong login", post_login, 401),
        ("/ with the token", get("/", true), 200),
        ("/api/stats with the token", get("/api/stats", true), 200),
    ];
    for (what, answer, code) in answers {
        assert_eq!(answer.status().as_u16(), code, "{what}");
        let header = |name: &str| {
            (answer.headers().get(name))
                .and_then(|v| v.to_str().ok())
                .unwrap_or_else(|| panic!("{what}: no {name}"))
                .to_string()
        };
        let csp = header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
        assert!(csp.contains("default-src 'none'"), "{what}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(header("x-frame-options"), "DENY", "{what}");
    }
}

/// Well beyond the server's header timeout: only a server that never
/// closes misses it.
const PATIENCE: Duration = Duration::from_secs(60);

/// Whether the server closed `stream` (end of file or reset) within
/// [`PATIENCE`], after whatever it answered.
fn closed_by_server(mut stream: TcpStream) -> Result<Vec<u8>, String> {
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Ok(got),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return Ok(got),
            Err(e) => return Err(format!("still open ({e}) after {got:?}")),
        }
    }
}

#[test]
fn clients_that_send_nothing_or_half_a_request_are_closed() {
    let env = Env::with_fixture("samples");
    env.index();
    let server = start(&env);
    let addr = server.served.url.trim_start_matches("http://").to_string();
    let full =
        format!("GET /api/stats HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n");
    let cases: Vec<(&str, String)> = vec![
        ("nothing sent", String::new()),
        (
            "half a request head",
            format!("GET /api/stats HTTP/1.1\r\nHost: {addr}\r\n"),
        ),
        (
            "half a login form",
            format!(
                "POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: \
                 application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\ntoken=s3"
            ),
        ),
        ("idle after an answer", full.clone()),
    ];
    let waiting: Vec<_> = cases
        .into_iter()
        .map(|(what, sent)| {
            let mut stream = TcpStream::connect(&addr).unwrap();
            stream.write_all(sent.as_bytes()).unwrap();
            (what, std::thread::spawn(move || closed_by_server(stream)))
        })
        .collect();
    for (what, thread) in waiting {
        let got = thread.join().unwrap();
        let got = got.unwrap_or_else(|e| panic!("{what}: {e}"));
        let text = String::from_utf8_lossy(&got);
        if what == "idle after an answer" {
            // It was answered first, then closed for sitting idle.
            assert!(text.starts_with("HTTP/1.1 200"), "{what}: {text}");
        }
    }
    // The server still answers a whole request at once.
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .write_all(
            full.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n")
                .as_bytes(),
        )
        .unwrap();
    let answer = closed_by_server(stream).unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
}
