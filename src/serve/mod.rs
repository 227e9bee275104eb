//! `atlas serve`: a small web UI and a JSON API over one index. This module
//! only translates HTTP into the library's request types and back: search
//! parameters become a [`SearchRequest`](crate::request::SearchRequest), the
//! answers are the very JSON the CLI prints ([`crate::render`]), and the
//! page is static HTML, CSS and JS embedded in the binary. Every search runs
//! on tokio's blocking pool, against a reader that is reloaded per request
//! (cheap: it only rereads `meta.json`), so articles added by `atlas index`
//! while the server runs show up at once. `api` holds the API, [`auth`]
//! the token, `http` the connection handling (its timeouts). axum and
//! hyper stay inside: the public face is [`serve`], over atlas types.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

mod api;
pub mod auth;
mod http;

pub use api::{MAX_LIMIT, MAX_QUERY_CHARS};

use crate::backend::Backend;
use api::ApiError;

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const TIMELINE_JS: &str = include_str!("assets/timeline.js");
const QUOTES_JS: &str = include_str!("assets/quotes.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

/// Sent with every response: the page needs nothing but its own files.
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
];

/// Serves the UI and the API over `atlas` on `listener` until Ctrl-C (or
/// SIGTERM), then lets open requests finish. On a loopback address only
/// loopback host names are served; with a `token`, every route but the
/// login form wants it.
pub async fn serve(
    listener: tokio::net::TcpListener,
    atlas: Box<dyn Backend>,
    token: Option<auth::Token>,
) -> std::io::Result<()> {
    let loopback_only = listener.local_addr()?.ip().is_loopback();
    http::run(listener, router(atlas, loopback_only, token)).await
}

/// The routes of the UI and the API over an opened index.
/// `loopback_only`: the server listens on loopback, so only loopback host
/// names are served (see [`loopback_hosts_only`]). `token`: every route but
/// the login form wants it ([`auth`]). The security headers and the JSON
/// errors are the outermost layers, so the 401 answer and the login form
/// carry them too.
fn router(atlas: Box<dyn Backend>, loopback_only: bool, token: Option<auth::Token>) -> Router {
    let state = Arc::new(api::AppState { atlas });
    let mut app = Router::new()
        .route("/", get(|| asset("text/html; charset=utf-8", INDEX_HTML)))
        .route(
            "/app.js",
            get(|| asset("text/javascript; charset=utf-8", APP_JS)),
        )
        .route(
            "/timeline.js",
            get(|| asset("text/javascript; charset=utf-8", TIMELINE_JS)),
        )
        .route(
            "/quotes.js",
            get(|| asset("text/javascript; charset=utf-8", QUOTES_JS)),
        )
        .route(
            "/style.css",
            get(|| asset("text/css; charset=utf-8", STYLE_CSS)),
        )
        .route("/api/search", get(api::api_search))
        .route("/api/search.csv", get(api::api_search_csv))
        .route("/api/stats", get(api::api_stats))
        .route("/api/quotes", get(api::api_quotes))
        .route("/api/articles/{*id}", get(api::api_article))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not found") })
        .with_state(state);
    if let Some(token) = token {
        app = auth::protect(app, token);
    }
    if loopback_only {
        app = app.layer(middleware::from_fn(loopback_hosts_only));
    }
    app.layer(middleware::from_fn(api_errors_as_json))
        .layer(middleware::from_fn(headers))
}

/// A page on another site can reach a loopback server through DNS
/// rebinding (its own host name made to resolve to 127.0.0.1) and read the
/// answers as same-origin. Such requests carry that foreign name in `Host`;
/// refusing every name that is not loopback closes the door.
async fn loopback_hosts_only(req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    match host {
        Some(host) if !is_loopback_host(host) => ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "this server answers only to localhost (start it with --addr to serve other names)",
        )
        .into_response(),
        _ => next.run(req).await,
    }
}

fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn headers(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        h.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    if api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Longest error text of axum's own kept in the JSON answer.
const MAX_ERROR_BYTES: usize = 4096;

/// Every `/api/` error is `{"error": "..."}`: ours already are; axum's own
/// answers (a method other than GET: 405, an extractor's rejection, a body
/// too large) are plain text or empty, and are rewritten here, keeping
/// their status and headers such as `Allow`.
async fn api_errors_as_json(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let is_json = (res.headers().get(header::CONTENT_TYPE))
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let status = res.status();
    if !api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, MAX_ERROR_BYTES)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = match text.is_empty() {
        false => text,
        true if status == StatusCode::METHOD_NOT_ALLOWED => {
            "method not allowed: the API answers GET only".to_string()
        }
        true => status.canonical_reason().unwrap_or("error").to_lowercase(),
    };
    let body = serde_json::json!({ "error": message }).to_string();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

async fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_host_names() {
        for ok in [
            "localhost",
            "localhost:7700",
            "127.0.0.1:7700",
            "[::1]:7700",
            "127.0.0.2",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:7700",
            "10.0.0.1:7700",
            "localhost.evil.example",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }
}
