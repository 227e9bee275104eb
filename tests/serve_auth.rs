//! `atlas serve --token-file`: every route wants the token (bearer header
//! or the login form's cookie), anything else is 401; beyond loopback the
//! server does not start without one.
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use common::Env;
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
    child: Child,
    url: String,
    agent: ureq::Agent,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(env: &Env) -> Server {
    std::fs::write(env.path().join("token"), format!("{TOKEN}\n")).unwrap();
    let mut child = env
        .std_command_at(&env.index_dir())
        .args(["serve", "--addr", "127.0.0.1:0", "--token-file"])
        .arg(env.path().join("token"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(" at ").next().unwrap();
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    Server {
        child,
        url: url.trim_end_matches('/').to_string(),
        agent,
    }
}

fn status(server: &Server, path: &str, header: Option<(&str, String)>) -> u16 {
    let mut req = server.agent.get(&format!("{}{path}", server.url));
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
            .post(&format!("{}/login", server.url))
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
