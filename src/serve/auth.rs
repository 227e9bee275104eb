//! Access tokens for `atlas serve` beyond loopback.
//!
//! Once the page leaves loopback, anyone who can connect could read the
//! archive; with `--token-file` every route but the login form wants the
//! token, as `Authorization: Bearer …` (scripts; the scheme in any case,
//! RFC 9110 §11.1) or as the cookie the login form sets (browsers). Tokens are compared through their BLAKE3 hashes,
//! whose equality is constant-time, and never written to any log or
//! answer. TLS is not ours: a reverse proxy in front terminates it.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// The cookie the login form sets.
const COOKIE: &str = "atlas_token";
/// Shorter tokens are refused: they could be guessed.
pub const MIN_TOKEN_CHARS: usize = 16;

const LOGIN_HTML: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>atlas: sign in</title></head><body><form method=\"post\" action=\"/login\">\
<label>Access token <input type=\"password\" name=\"token\" autocomplete=\"current-password\" autofocus></label> \
<button type=\"submit\">Sign in</button></form></body></html>";

/// The token, kept only as its hash.
#[derive(Clone)]
pub struct Token(Arc<blake3::Hash>);

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("cannot read the token file {0}: {1}")]
    Read(String, std::io::Error),
    #[error(
        "the token in {0} is shorter than {MIN_TOKEN_CHARS} characters (make one with `head -c 32 /dev/urandom | base64 > FILE`)"
    )]
    Short(String),
}

impl Token {
    /// The file's first line, trimmed.
    pub fn from_file(path: &Path) -> Result<Token, TokenError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| TokenError::Read(shown.clone(), e))?;
        let token = text.lines().next().unwrap_or("").trim();
        if token.chars().count() < MIN_TOKEN_CHARS {
            return Err(TokenError::Short(shown));
        }
        Ok(Token(Arc::new(blake3::hash(token.as_bytes()))))
    }

    /// Constant-time: `blake3::Hash` equality does not stop at the first difference.
    fn accepts(&self, given: &str) -> bool {
        blake3::hash(given.as_bytes()) == *self.0
    }
}

/// `app` behind the token, plus `GET /login` (the form) and `POST /login`.
pub(super) fn protect(app: Router, token: Token) -> Router {
    let login = Router::new()
        .route("/login", get(login_form).post(login))
        .with_state(token.clone());
    app.layer(middleware::from_fn_with_state(token, require))
        .merge(login)
}

/// `Bearer TOKEN`, the scheme in any case (`bearer`, `BEARER`) and one or
/// more spaces after it (RFC 9110 §11.4).
fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim_matches(' '))
}

fn presented(req: &Request) -> Option<String> {
    let headers = req.headers();
    if let Some(bearer) = (headers.get(header::AUTHORIZATION))
        .and_then(|v| v.to_str().ok())
        .and_then(bearer)
    {
        return Some(bearer.to_string());
    }
    (headers.get_all(header::COOKIE).iter())
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .map(str::to_string)
        })
}

async fn require(State(token): State<Token>, req: Request, next: Next) -> Response {
    match presented(&req) {
        Some(given) if token.accepts(&given) => next.run(req).await,
        _ => unauthorized(),
    }
}

fn unauthorized() -> Response {
    let body = serde_json::json!({
        "error": "this server needs its access token: `Authorization: Bearer TOKEN`, or sign in at /login"
    });
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer")],
        axum::Json(body),
    )
        .into_response()
}

/// A refused login form, closing the connection (its body may be unread).
fn refused(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": message });
    (status, [(header::CONNECTION, "close")], axum::Json(body)).into_response()
}

async fn login_form() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        LOGIN_HTML,
    )
        .into_response()
}

/// Longest login form body read: a token and its field name.
const MAX_FORM_BYTES: usize = 4096;

/// The form's token, checked; right: the cookie and back to the page. A
/// body sent too slowly or too large is refused (the connection's own
/// timeout covers only request heads).
async fn login(State(token): State<Token>, body: Body) -> Response {
    let read = axum::body::to_bytes(body, MAX_FORM_BYTES);
    let body = match tokio::time::timeout(super::http::BODY_TIMEOUT, read).await {
        Ok(Ok(body)) => body,
        Ok(Err(_)) => return refused(StatusCode::PAYLOAD_TOO_LARGE, "the form is too large"),
        Err(_) => return refused(StatusCode::REQUEST_TIMEOUT, "the form came too slowly"),
    };
    let given = form_urlencoded::parse(&body)
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    if !token.accepts(&given) {
        return unauthorized();
    }
    // The cookie holds what the user typed; it must be a valid header value.
    let Ok(cookie) = HeaderValue::from_str(&format!(
        "{COOKIE}={given}; HttpOnly; SameSite=Strict; Path=/"
    )) else {
        return unauthorized();
    };
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie),
            (header::LOCATION, HeaderValue::from_static("/")),
        ],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_token_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "correct-horse-battery-staple\n").unwrap();
        let token = Token::from_file(&file).unwrap();
        assert!(token.accepts("correct-horse-battery-staple"));
        assert!(!token.accepts("correct-horse-battery-stapl"));
        assert!(!token.accepts(""));
        std::fs::write(&file, "short\n").unwrap();
        assert!(matches!(Token::from_file(&file), Err(TokenError::Short(_))));
    }

    #[test]
    fn the_bearer_scheme_is_read_in_any_case() {
        for (value, token) in [
            ("Bearer abc", Some("abc")),
            ("bearer abc", Some("abc")),
            ("BEARER   abc", Some("abc")),
            ("Basic abc", None),
            ("Bearerabc", None),
            ("abc", None),
        ] {
            assert_eq!(bearer(value), token, "{value}");
        }
    }
}
