//! What every request passes through: the visitor's session and language,
//! the CSRF check of every `POST`, the security headers of every response,
//! and the login rate limit.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_http::set_header::SetResponseHeaderLayer;

use homebiz::core::text::Lang;
use homebiz::program::SignedIn;

use crate::AppState;
use crate::session::{COOKIE, Session, cookie, same_secret};

/// The Content-Security-Policy of every response: everything from the
/// app itself, no inline script or style, no framing, forms only to the
/// app.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The language cookie's name.
pub const LANG_COOKIE: &str = "homebiz_lang";

/// The largest form body read (the CSRF check reads it whole).
const MAX_FORM: usize = 64 * 1024;

/// The request's visitor: their session (if any) and the page language.
#[derive(Debug, Clone)]
pub struct Visit {
    /// The visitor's session, if they have a live one.
    pub session: Option<Session>,
    /// The language of the pages: `?lang=`, else the cookie, else Persian.
    pub lang: Lang,
}

impl Visit {
    /// The signed-in user, if any.
    pub fn user(&self) -> Option<&Arc<SignedIn>> {
        self.session.as_ref().and_then(|s| s.user.as_ref())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Visit>()
            .cloned()
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// A signed-in staff user: what a [`Staff`](crate::Access::Staff) route's
/// handler takes. Without one, pages send the visitor to the login form
/// and the JSON API answers 401.
#[derive(Debug, Clone)]
pub struct Staff {
    /// Who signed in.
    pub user: Arc<SignedIn>,
    /// The page language.
    pub lang: Lang,
    /// The session's CSRF token, for the forms of the page.
    pub csrf: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let visit = Visit::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match &visit.session {
            Some(session) if session.user.is_some() => Ok(Self {
                user: session
                    .user
                    .clone()
                    .ok_or(StatusCode::UNAUTHORIZED.into_response())?,
                lang: visit.lang,
                csrf: session.csrf.clone(),
            }),
            _ if parts.uri.path().starts_with("/api/") => Err((
                StatusCode::UNAUTHORIZED,
                axum::Json(serde_json::json!({"error": "sign in first"})),
            )
                .into_response()),
            _ => Err(Redirect::to("/login").into_response()),
        }
    }
}

/// The language asked for in the query (`lang=fa|en`), if any.
fn query_lang(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| v.parse().ok())
}

/// Finds the visitor's session and language, refuses a `POST` whose CSRF
/// token (form field `csrf` or header `X-CSRF-Token`) is not its
/// session's, and keeps a language asked for in a cookie.
async fn visit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let session = cookie(request.headers(), COOKIE).and_then(|id| state.sessions().get(id));
    let asked = query_lang(request.uri().query());
    let lang = asked
        .or_else(|| cookie(request.headers(), LANG_COOKIE).and_then(|l| l.parse().ok()))
        .unwrap_or(Lang::Fa);
    let mut request = request;
    if request.method() == Method::POST {
        let (parts, body) = request.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let header = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let field = || {
            serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                .ok()?
                .into_iter()
                .find(|(k, _)| k == "csrf")
                .map(|(_, v)| v)
        };
        let given = header.or_else(field).unwrap_or_default();
        let valid = session
            .as_ref()
            .is_some_and(|s| !given.is_empty() && same_secret(&given, &s.csrf));
        if !valid {
            return crate::pages::csrf_refused(lang);
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }
    request.extensions_mut().insert(Visit { session, lang });
    let mut response = next.run(request).await;
    if let Some(lang) = asked {
        let value = format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000{}",
            lang.code(),
            if state.config().behind_tls {
                "; Secure"
            } else {
                ""
            }
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// `router` behind the visit middleware and the security headers.
pub(crate) fn layers(router: Router<AppState>, state: AppState) -> Router {
    let set = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    router
        .layer(axum::middleware::from_fn_with_state(state.clone(), visit))
        .layer(set("content-security-policy", CSP))
        .layer(set("x-content-type-options", "nosniff"))
        .layer(set("referrer-policy", "same-origin"))
        .layer(set("x-frame-options", "DENY"))
        .layer(set("cross-origin-opener-policy", "same-origin"))
        // Pages carry personal data: not kept by browsers or proxies,
        // unless a handler says otherwise (the assets).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state)
}

/// The client's address, as the listener saw it (or as a test's
/// `MockConnectInfo` gives it, as axum's `ConnectInfo` extractor reads
/// it); "unknown" without one.
pub fn client_address(extensions: &axum::http::Extensions) -> String {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
        .or_else(|| extensions.get::<MockConnectInfo<SocketAddr>>().map(|c| c.0))
        .map_or_else(|| "unknown".to_owned(), |addr| addr.ip().to_string())
}

/// Failed logins counted per client address and per user code over a
/// sliding window; a key with as many failures as its limit is refused
/// until the oldest leaves the window.
#[derive(Debug)]
pub struct RateLimiter {
    window: Duration,
    per_ip: usize,
    per_user: usize,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// A limiter of `per_ip` and `per_user` failures in `window`.
    pub fn new(window: Duration, per_ip: usize, per_user: usize) -> Self {
        Self {
            window,
            per_ip,
            per_user,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(ip: &str, user: &str) -> [String; 2] {
        // A code is at most 64 characters; longer input counts as its
        // first 64, so that no key grows without bound.
        let user: String = user.trim().to_lowercase().chars().take(64).collect();
        [format!("ip {ip}"), format!("user {user}")]
    }

    /// Whether a login from `ip` as `user` may be tried now.
    pub fn allows(&self, ip: &str, user: &str) -> bool {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let window = self.window;
        map.retain(|_, times| {
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) > window)
            {
                times.pop_front();
            }
            !times.is_empty()
        });
        let [ip_key, user_key] = Self::keys(ip, user);
        map.get(&ip_key).map_or(0, VecDeque::len) < self.per_ip
            && map.get(&user_key).map_or(0, VecDeque::len) < self.per_user
    }

    /// Counts a failed login from `ip` as `user`.
    pub fn failed(&self, ip: &str, user: &str) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in Self::keys(ip, user) {
            map.entry(key).or_default().push_back(now);
        }
    }

    /// Forgets the failures of `user` after they signed in.
    pub fn succeeded(&self, user: &str) {
        let [_, user_key] = Self::keys("", user);
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&user_key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_limited_per_address_and_per_user() {
        let limiter = RateLimiter::new(Duration::from_secs(60), 3, 2);
        assert!(limiter.allows("1.1.1.1", "sara"));
        limiter.failed("1.1.1.1", "sara");
        limiter.failed("2.2.2.2", "SARA ");
        // Two failures for sara, from anywhere.
        assert!(!limiter.allows("3.3.3.3", "sara"));
        assert!(limiter.allows("1.1.1.1", "reza"));
        limiter.failed("1.1.1.1", "reza");
        limiter.failed("1.1.1.1", "ali");
        // Three from 1.1.1.1, whoever they tried.
        assert!(!limiter.allows("1.1.1.1", "someone"));
        limiter.succeeded("sara");
        assert!(limiter.allows("3.3.3.3", "sara"));
    }

    #[test]
    fn failures_leave_the_window() {
        let limiter = RateLimiter::new(Duration::from_millis(20), 1, 1);
        limiter.failed("1.1.1.1", "sara");
        assert!(!limiter.allows("1.1.1.1", "sara"));
        std::thread::sleep(Duration::from_millis(40));
        assert!(limiter.allows("1.1.1.1", "sara"));
    }

    #[test]
    fn the_language_is_read_from_the_query() {
        assert_eq!(query_lang(Some("q=x&lang=en")), Some(Lang::En));
        assert_eq!(query_lang(Some("lang=xx")), None);
        assert_eq!(query_lang(None), None);
    }
}
