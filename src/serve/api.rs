//! The JSON API: `/api/search`, `/api/search.csv`, `/api/stats` and
//! `/api/articles/ID` (and `ID/related`). Each turns its query string into
//! the library's request, runs it on the blocking pool and answers the very
//! JSON the CLI prints; every error is [`ApiError`], `{"error": "..."}`.

use std::sync::Arc;

use axum::extract::{RawQuery, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::backend::Backend;
use crate::render;
use crate::request::{SearchError, SearchRequest};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 2000;
/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;

/// The index is opened once; each request's searcher is reloaded to the
/// latest commit (cheap: it only rereads `meta.json`).
pub(super) struct AppState {
    pub(super) atlas: Box<dyn Backend>,
}

pub(super) async fn api_search(
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

/// `atlas quotes --format json` over HTTP.
pub(super) async fn api_quotes(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let request = quotes_request(query.as_deref().unwrap_or(""))?;
    blocking(state, move |s| {
        let results = s.atlas.quotes(&request).map_err(quotes_error)?;
        let mut body = Vec::new();
        crate::quotes::output::quotes_json(&mut body, &results)?;
        Ok(json(body))
    })
    .await
}

/// An index made before quotes were extracted has no `.quotes`: the page
/// says so (503, not a 500 naming a server path) and keeps working.
fn quotes_error(err: SearchError) -> ApiError {
    match &err {
        SearchError::Store(crate::store::StoreError::Missing(dir))
            if dir.ends_with(crate::quotes::QUOTES_DIR) =>
        {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "this index has no quote index yet: run `atlas index` on its corpus \
                 once more to build it",
            )
        }
        _ => err.into(),
    }
}

/// `/api/quotes`' parameters: those of `/api/search` (`tag` aside), and
/// `speaker` (repeatable).
pub fn quotes_request(query: &str) -> Result<crate::quotes::QuotesRequest, ApiError> {
    let mut speakers = Vec::new();
    let mut rest = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match &*key {
            "speaker" if !value.is_empty() => speakers.push(value.into_owned()),
            "speaker" => {}
            "tag" => return Err(bad("unknown parameter `tag`".into())),
            _ => {
                rest.append_pair(&key, &value);
            }
        }
    }
    let s = search_request(&rest.finish())?;
    Ok(crate::quotes::QuotesRequest {
        query: s.query,
        speakers,
        desks: s.desks,
        authors: s.authors,
        since: s.since,
        until: s.until,
        langs: s.langs,
        sort: s.sort,
        limit: s.limit,
        offset: s.offset,
        facets: s.facets,
        histogram: s.histogram,
        collapse: s.collapse,
    })
}

/// The search as a CSV download. The body is built in memory: the API's
/// `limit` cap bounds it (the CLI is the way to stream huge exports).
pub(super) async fn api_search_csv(
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

/// The id is the rest of the path, percent-decoded by hand: a byte that is
/// not UTF-8 (`%ff`) stands for itself, written `\xNN` as the walker writes
/// it in ids, so it names the article of that file or none (404), never a
/// `text/plain` rejection.
pub(super) async fn api_article(
    State(state): State<Arc<AppState>>,
    req: Request,
) -> Result<Response, ApiError> {
    let raw = req
        .uri()
        .path()
        .strip_prefix("/api/articles/")
        .unwrap_or("");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(raw).collect();
    let id = crate::escape::bytes_text(&bytes).into_owned();
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
        render::json(&mut body, &crate::quotes::ShownArticle::new(&article))?;
        Ok(json(body))
    })
    .await
}

pub(super) async fn api_stats(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
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
/// `limit`, `offset`, `facets`, `histogram`, `collapse`, `exact`.
pub fn search_request(query: &str) -> Result<SearchRequest, ApiError> {
    let mut req = SearchRequest::default();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let value = value.into_owned();
        // Empty form fields mean "not given".
        if value.is_empty() && key != "facets" && key != "collapse" && key != "exact" {
            continue;
        }
        match &*key {
            "q" => req.query = value,
            "desk" => req.desks.push(value),
            "author" => req.authors.push(value),
            "tag" => req.tags.push(value),
            "lang" => req.langs.push(value),
            "since" => req.since = Some(value),
            "until" => req.until = Some(value),
            "sort" => req.sort = value.parse().map_err(bad)?,
            "limit" => req.limit = number("limit", &value)?,
            "offset" => req.offset = number("offset", &value)?,
            "histogram" => req.histogram = Some(value.parse().map_err(bad)?),
            "facets" => req.facets = flag("facets", &value)?,
            "collapse" => req.collapse = flag("collapse", &value)?,
            "exact" => req.exact = flag("exact", &value)?,
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
    pub(super) fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn internal(err: impl std::fmt::Display) -> ApiError {
        let message = err.to_string();
        eprintln!("atlas: {}", crate::escape::text(&message));
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
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
        assert_eq!(req.sort, crate::request::Sort::Newest);
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
