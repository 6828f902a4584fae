//! `homebiz-server`: the office web app over the homebiz facade.
//!
//! Staff sign in with a password (argon2id, [`homebiz::program::Program::sign_in_with_password`])
//! and every page and JSON route calls one `Program` use case as the
//! signed-in user's actor, so the store enforces the user's office scope
//! exactly as it does for the CLI. The synchronous store calls run on
//! tokio's blocking pool through one helper, [`blocking`].
//!
//! Pages are rendered on the server by askama templates (compiled into
//! the binary, HTML auto-escaped), in Persian and right to left by default
//! with English as a switch (`?lang=en`, kept in a cookie). Every asset
//! (CSS, the Vazirmatn font and its licence) is served by the app itself.
//!
//! [`routes`] is the one route table: the router is built from it, and
//! the tests read it to check every route (security headers, sign-in, and
//! that a user of another office is answered "not found").
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use homebiz_server::{AppState, ServerConfig};
//! let state = AppState::open("pilot.sqlite".as_ref(), ServerConfig::default())?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! homebiz_server::serve(listener, state).await?;
//! # Ok(()) }
//! ```

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::connect_info::IntoMakeServiceWithConnectInfo;
use axum::http::Method;
use axum::routing::MethodRouter;

use homebiz::backend::{BackendProgram, Location};
use homebiz::core::SystemClock;

pub mod api;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod security;
pub mod session;

pub use error::AppError;

/// How the server behaves: cookies, sessions and the login rate limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The server is reached over TLS (directly or behind a proxy that
    /// terminates it): cookies are marked `Secure`.
    pub behind_tls: bool,
    /// How long a session lives without being used.
    pub session_idle: Duration,
    /// The window over which failed logins are counted.
    pub login_window: Duration,
    /// Failed logins allowed per client address in the window.
    pub login_per_ip: usize,
    /// Failed logins allowed per user code in the window.
    pub login_per_user: usize,
}

impl Default for ServerConfig {
    /// Plain HTTP, 8-hour sessions, and at most 20 failed logins per
    /// address and 5 per user code in 15 minutes.
    fn default() -> Self {
        Self {
            behind_tls: false,
            session_idle: Duration::from_secs(8 * 3600),
            login_window: Duration::from_secs(15 * 60),
            login_per_ip: 20,
            login_per_user: 5,
        }
    }
}

/// What every handler shares: the programme, the sessions, the login
/// rate limiter and the configuration. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    program: BackendProgram,
    sessions: session::Sessions,
    limiter: security::RateLimiter,
    config: ServerConfig,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// The state over `program`.
    pub fn new(program: BackendProgram, config: ServerConfig) -> Self {
        Self {
            inner: Arc::new(Inner {
                sessions: session::Sessions::new(config.session_idle),
                limiter: security::RateLimiter::new(
                    config.login_window,
                    config.login_per_ip,
                    config.login_per_user,
                ),
                program,
                config,
            }),
        }
    }

    /// Opens the programme at `db` (a SQLite file, created if missing, or
    /// a `postgres://` URL) on the system clock.
    pub fn open(db: &std::path::Path, config: ServerConfig) -> Result<Self, AppError> {
        let program = BackendProgram::open(&Location::new(db), Arc::new(SystemClock))?;
        Ok(Self::new(program, config))
    }

    /// The programme.
    pub fn program(&self) -> &BackendProgram {
        &self.inner.program
    }

    /// The sessions.
    pub fn sessions(&self) -> &session::Sessions {
        &self.inner.sessions
    }

    /// The login rate limiter.
    pub fn limiter(&self) -> &security::RateLimiter {
        &self.inner.limiter
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.inner.config
    }
}

/// Runs `work` on the programme in tokio's blocking pool (the stores are
/// synchronous and may wait on SQLite's lock or a PostgreSQL round trip),
/// so that no request holds up the async workers. Every store call of the
/// server goes through here.
pub async fn blocking<T, F>(state: &AppState, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&BackendProgram) -> homebiz::program::Result<T> + Send + 'static,
{
    let state = state.clone();
    tokio::task::spawn_blocking(move || work(state.program()))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(AppError::from)
}

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (assets, the login form).
    Public,
    /// A signed-in staff user; pages send others to the login form, the
    /// JSON API answers 401.
    Staff,
}

/// One route: its method, its path (axum's syntax; `{key}` is a record's
/// code or ID), who may call it, and its handler.
#[derive(Clone)]
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// The path, with `{key}` where a record's code or ID goes.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
    /// The handler, as a method router.
    pub handler: fn() -> MethodRouter<AppState>,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({:?})", self.method, self.path, self.access)
    }
}

impl Route {
    /// Whether the path takes a record's code or ID.
    pub fn takes_key(&self) -> bool {
        self.path.contains('{')
    }
}

/// Every route of the app: the one table the router is built from.
pub fn routes() -> Vec<Route> {
    use axum::routing::{get, post};
    let route = |method, path, access, handler| Route {
        method,
        path,
        access,
        handler,
    };
    vec![
        route(Method::GET, "/assets/style.css", Access::Public, || {
            get(pages::style)
        }),
        route(
            Method::GET,
            "/assets/vazirmatn.woff2",
            Access::Public,
            || get(pages::font),
        ),
        route(Method::GET, "/assets/OFL.txt", Access::Public, || {
            get(pages::font_licence)
        }),
        route(Method::GET, "/login", Access::Public, || {
            get(pages::login_form)
        }),
        route(Method::POST, "/login", Access::Public, || {
            post(pages::login)
        }),
        route(Method::POST, "/logout", Access::Staff, || {
            post(pages::logout)
        }),
        route(Method::GET, "/", Access::Staff, || get(pages::dashboard)),
        route(Method::GET, "/charts/net-income.svg", Access::Staff, || {
            get(pages::net_income_chart)
        }),
        route(Method::GET, "/households", Access::Staff, || {
            get(pages::households)
        }),
        route(Method::GET, "/households/{key}", Access::Staff, || {
            get(pages::household)
        }),
        route(Method::GET, "/api/openapi.json", Access::Public, || {
            get(api::openapi_json)
        }),
        route(Method::GET, "/api/dashboard", Access::Staff, || {
            get(api::dashboard)
        }),
        route(Method::GET, "/api/households", Access::Staff, || {
            get(api::households)
        }),
        route(Method::GET, "/api/households/{key}", Access::Staff, || {
            get(api::household)
        }),
    ]
}

/// The app: every route of [`routes`], behind the session, CSRF and
/// security-header layers.
pub fn app(state: AppState) -> Router {
    let mut router = Router::new();
    for route in routes() {
        router = router.route(route.path, (route.handler)());
    }
    let router = router.fallback(pages::not_found);
    security::layers(router, state)
}

/// The app as a service that knows each client's address (the login rate
/// limit counts by it).
pub fn service(state: AppState) -> IntoMakeServiceWithConnectInfo<Router, SocketAddr> {
    app(state).into_make_service_with_connect_info::<SocketAddr>()
}

/// Serves the app on `listener` until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, service(state))
        .with_graceful_shutdown(async {
            // A failure to listen for Ctrl-C leaves the server running.
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
