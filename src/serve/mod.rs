//! `atlas serve`: a small web UI and a JSON API over one index. This module
//! only translates HTTP into the library's request types and back: search
//! parameters become a [`SearchRequest`], the answers are the very JSON the
//! CLI prints ([`render`]), and the page is static HTML, CSS and JS embedded
//! in the binary. Every search runs on tokio's blocking pool, against a
//! reader that is reloaded per request (cheap: it only rereads `meta.json`),
//! so articles added by `atlas index` while the server runs show up at once.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;

pub mod auth;

use crate::backend::Backend;
use crate::render;
use crate::search::{SearchError, SearchRequest};
use crate::store::StoreError;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 2000;
/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const TIMELINE_JS: &str = include_str!("assets/timeline.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

/// Sent with every response: the page needs nothing but its own files.
const SECURITY_HEADERS: [(&str, &str); 5] = [
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

/// The index is opened once; each request's searcher is reloaded to the
/// latest commit (cheap: it only rereads `meta.json`).
struct AppState {
    atlas: Box<dyn Backend>,
}

/// The routes of the UI and the API over an opened index.
/// `loopback_only`: the server listens on loopback, so only loopback host
/// names are served (see [`loopback_hosts_only`]).
pub fn router(atlas: Box<dyn Backend>, loopback_only: bool) -> Result<Router, StoreError> {
    let state = Arc::new(AppState { atlas });
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
            "/style.css",
            get(|| asset("text/css; charset=utf-8", STYLE_CSS)),
        )
        .route("/api/search", get(api_search))
        .route("/api/search.csv", get(api_search_csv))
        .route("/api/stats", get(api_stats))
        .route("/api/articles/{*id}", get(api_article))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not found") });
    if loopback_only {
        app = app.layer(middleware::from_fn(loopback_hosts_only));
    }
    Ok(app.layer(middleware::from_fn(headers)).with_state(state))
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

/// Serves until Ctrl-C (or SIGTERM), then lets open requests finish.
pub async fn serve(listener: TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
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

async fn api_search(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let request = search_request(query.as_deref().unwrap_or(""))?;
    blocking(state, move |s| {
        let results = s.atlas.search(&request)?;
        let mut body = Vec::new();
        render::search_json(&mut body, &results)?;
        Ok(json(body))
    })
    .await
}

/// The search as a CSV download. The body is built in memory: the API's
/// `limit` cap bounds it (the CLI is the way to stream huge exports).
async fn api_search_csv(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let request = search_request(query.as_deref().unwrap_or(""))?;
    blocking(state, move |s| {
        let mut body = Vec::new();
        let mut csv = render::CsvHits::new(&mut body)?;
        s.atlas.search_each(&request, &mut |hit| csv.write(&hit))?;
        csv.finish()?;
        Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"atlas-search.csv\"",
                ),
            ],
            body,
        )
            .into_response())
    })
    .await
}

async fn api_article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    blocking(state, move |s| {
        // `{*id}` takes the rest of the path: `…/related` asks for the
        // related list of the article before it (unless that is an id).
        if let Some(of) = id.strip_suffix("/related")
            && s.atlas.article(&id)?.is_none()
        {
            let Some(related) = s.atlas.related(of, 10)? else {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!("no article with id `{of}`"),
                ));
            };
            let mut body = Vec::new();
            render::json(&mut body, &related)?;
            return Ok(json(body));
        }
        let Some(article) = s.atlas.article(&id)? else {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no article with id `{id}`"),
            ));
        };
        let mut body = Vec::new();
        render::json(&mut body, &article)?;
        Ok(json(body))
    })
    .await
}

async fn api_stats(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    blocking(state, move |s| {
        let stats = s.atlas.stats()?;
        let mut body = Vec::new();
        render::json(&mut body, &stats)?;
        Ok(json(body))
    })
    .await
}

/// Runs index work on the blocking pool, off the async workers.
async fn blocking(
    state: Arc<AppState>,
    work: impl FnOnce(&AppState) -> Result<Response, ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .map_err(ApiError::internal)?
}

fn json(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The CLI's `search` parameters, from a query string:
/// `q`, `desk`/`author`/`tag` (repeatable), `since`, `until`, `sort`,
/// `limit`, `offset`, `facets`, `histogram`, `collapse`.
pub fn search_request(query: &str) -> Result<SearchRequest, ApiError> {
    let mut req = SearchRequest::default();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let value = value.into_owned();
        // Empty form fields mean "not given".
        if value.is_empty() && key != "facets" && key != "collapse" {
            continue;
        }
        match &*key {
            "q" => req.query = value,
            "desk" => req.desks.push(value),
            "author" => req.authors.push(value),
            "tag" => req.tags.push(value),
            "since" => req.since = Some(value),
            "until" => req.until = Some(value),
            "sort" => req.sort = value.parse().map_err(bad)?,
            "limit" => req.limit = number("limit", &value)?,
            "offset" => req.offset = number("offset", &value)?,
            "histogram" => req.histogram = Some(value.parse().map_err(bad)?),
            "facets" => req.facets = flag("facets", &value)?,
            "collapse" => req.collapse = flag("collapse", &value)?,
            other => return Err(bad(format!("unknown parameter `{other}`"))),
        }
    }
    if req.query.chars().count() > MAX_QUERY_CHARS {
        return Err(bad(format!(
            "the query is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    if req.limit > MAX_LIMIT {
        return Err(bad(format!("`limit` must be at most {MAX_LIMIT}")));
    }
    Ok(req)
}

fn flag(name: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        "" | "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(bad(format!(
            "`{name}` must be true or false, not `{value}`"
        ))),
    }
}

fn number(name: &str, value: &str) -> Result<usize, ApiError> {
    value
        .parse()
        .map_err(|_| bad(format!("`{name}` must be a whole number, not `{value}`")))
}

fn bad(message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, message)
}

/// An error answered as `{"error": "..."}` with its status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn internal(err: impl std::fmt::Display) -> ApiError {
        eprintln!("atlas: {err}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
    }
}

impl From<SearchError> for ApiError {
    fn from(err: SearchError) -> ApiError {
        if err.is_usage() {
            bad(err.to_string())
        } else {
            ApiError::internal(err)
        }
    }
}

impl From<tantivy::TantivyError> for ApiError {
    fn from(err: tantivy::TantivyError) -> ApiError {
        ApiError::internal(err)
    }
}

impl From<std::io::Error> for ApiError {
    fn from(err: std::io::Error) -> ApiError {
        ApiError::internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message }).to_string();
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
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

    #[test]
    fn parameters_become_a_request() {
        let req = search_request(
            "q=resolve+for%20stability&desk=Central+Asia&desk=Europe&author=A&tag=t\
             &since=2024-06&until=&sort=newest&limit=5&offset=10&facets=true&collapse=true",
        )
        .unwrap();
        assert_eq!(req.query, "resolve for stability");
        assert_eq!(req.desks, ["Central Asia", "Europe"]);
        assert_eq!((req.authors.len(), req.tags.len()), (1, 1));
        assert_eq!(req.since.as_deref(), Some("2024-06"));
        assert_eq!(req.until, None);
        assert_eq!(req.sort, crate::search::Sort::Newest);
        assert_eq!((req.limit, req.offset, req.facets), (5, 10, true));
        assert!(req.collapse);
        let default = search_request("").unwrap();
        assert_eq!((default.limit, default.offset), (10, 0));
        assert!(!default.collapse);
    }

    #[test]
    fn bad_parameters_are_400() {
        for query in [
            "sort=best",
            "limit=ten",
            "limit=101",
            "offset=-1",
            "facets=maybe",
            "collapse=yes",
            "page=2",
        ] {
            let err = search_request(query).unwrap_err();
            assert_eq!(err.status, StatusCode::BAD_REQUEST, "{query}");
        }
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        assert_eq!(
            search_request(&long).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        assert!(search_request(&format!("q={}", "é".repeat(MAX_QUERY_CHARS))).is_ok());
    }
}
