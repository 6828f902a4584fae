//! The office web app at the HTTP level (tower's `oneshot`, no socket):
//! sign-in and sign-out, wrong passwords, CSRF, the login rate limit,
//! security headers on every route, markup in names shown as text, and
//! every route that takes a code answered "not found" for a user of
//! another office. The routes are read from the app's one table
//! (`homebiz_server::routes`), so a new route cannot skip these checks.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use tower::ServiceExt;

use homebiz::backend::{BackendProgram, Location};
use homebiz::core::FixedClock;
use homebiz::core::id::ActorId;
use homebiz::import::{ImportKind, ImportOptions};
use homebiz::program::NewUser;
use homebiz::registry::{Actor, Role};
use homebiz_server::{Access, AppState, ServerConfig, routes};

const PASSWORD: &str = "correct horse";
/// A member's name with markup: shown as text, never run.
const SCRIPT_NAME: &str = "<script>alert(1)</script>زهرا";

/// Two offices (A and B) with a household each, and three users: `sara`
/// (office A), `reza` (office B) and `boss` (administrator, everywhere).
fn state(dir: &std::path::Path, config: ServerConfig) -> AppState {
    let clock = Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()));
    let program = BackendProgram::open(&Location::new(dir.join("web.sqlite")), clock).unwrap();
    let admin = Actor::unrestricted(ActorId::new());
    let files = [
        (
            ImportKind::Offices,
            "code,name,level,parent_code\nWAZ,West Azerbaijan,province,\nURM,Urmia,county,WAZ\n\
             URM-CITY,Urmia,city,URM\nA,Dizaj,office,URM-CITY\nB,Eslamabad,office,URM-CITY\n",
        ),
        (ImportKind::Households, "code,office_code\nHA1,A\nHB1,B\n"),
        (
            ImportKind::People,
            "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n\
             0010000011,\"<script>alert(1)</script>زهرا\",رضایی,1379/08/21,female,09141000001,HA1\n\
             0010000021,مریم,احمدی,1380/01/01,female,09141000002,HB1\n",
        ),
    ];
    for (kind, text) in files {
        program
            .import(
                &admin,
                kind,
                "f.csv",
                text.as_bytes(),
                &ImportOptions::default(),
                None,
                &mut |_| {},
            )
            .unwrap();
    }
    for (code, office, role) in [
        ("sara", Some("A"), Role::OfficeStaff),
        ("reza", Some("B"), Role::Viewer),
        ("boss", None, Role::Administrator),
    ] {
        program
            .add_staff_user(
                &admin,
                &NewUser {
                    code,
                    name: None,
                    office,
                    role,
                    password: Some(PASSWORD),
                },
            )
            .unwrap();
    }
    AppState::new(program, config)
}

/// An answer: status, headers, body.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    /// The value the answer sets for cookie `name`, if it sets one.
    fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookie(name).map(|c| {
            c.split(';')
                .next()
                .unwrap()
                .split_once('=')
                .unwrap()
                .1
                .to_owned()
        })
    }

    /// The whole `Set-Cookie` header for cookie `name`.
    fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with(&format!("{name}=")))
    }

    fn location(&self) -> &str {
        self.headers[header::LOCATION].to_str().unwrap()
    }

    /// The CSRF token of the page's first form.
    fn csrf(&self) -> String {
        let after = self.body.split("name=\"csrf\" value=\"").nth(1).unwrap();
        after.split('"').next().unwrap().to_owned()
    }
}

/// A browser: the app, from one address, with its session cookie.
struct Browser {
    app: Router,
    session: Option<String>,
}

impl Browser {
    fn new(state: &AppState) -> Self {
        Self::from(state, [10, 0, 0, 1])
    }

    fn from(state: &AppState, ip: [u8; 4]) -> Self {
        let app = homebiz_server::app(state.clone())
            .layer(MockConnectInfo(SocketAddr::from((ip, 40000))));
        Self { app, session: None }
    }

    async fn send(&mut self, method: Method, uri: &str, form: Option<&str>) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(session) = &self.session {
            request = request.header(header::COOKIE, format!("homebiz_session={session}"));
        }
        let body = match form {
            Some(form) => {
                request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(form.to_owned())
            }
            None => Body::empty(),
        };
        let response = self
            .app
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let answer = Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        if let Some(session) = answer.cookie("homebiz_session") {
            self.session = Some(session).filter(|s| !s.is_empty());
        }
        answer
    }

    async fn get(&mut self, uri: &str) -> Answer {
        self.send(Method::GET, uri, None).await
    }

    async fn post(&mut self, uri: &str, form: &str) -> Answer {
        self.send(Method::POST, uri, Some(form)).await
    }

    /// Opens the login form and signs in as `user` with `password`.
    async fn sign_in(&mut self, user: &str, password: &str) -> Answer {
        let form = self.get("/login").await;
        assert_eq!(form.status, StatusCode::OK);
        let csrf = form.csrf();
        self.post(
            "/login",
            &format!(
                "csrf={csrf}&user={user}&password={}",
                password.replace(' ', "+")
            ),
        )
        .await
    }

    /// Signed in as `user` (with the right password).
    async fn signed_in(state: &AppState, user: &str) -> Self {
        let mut browser = Self::new(state);
        let answer = browser.sign_in(user, PASSWORD).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        browser
    }
}

/// `route`'s path with `key` for its `{key}`.
fn path_of(route: &str, key: &str) -> String {
    route.replace("{key}", key)
}

#[tokio::test]
async fn sign_in_rotates_the_session_and_sign_out_ends_it() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), ServerConfig::default());
    let mut browser = Browser::new(&state);
    // An anonymous page is sent to the login form.
    let answer = browser.get("/").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.location(), "/login");
    let form = browser.get("/login").await;
    let before = browser.session.clone().unwrap();
    let cookie = form.set_cookie("homebiz_session").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "{cookie}");
    let answer = browser
        .post(
            "/login",
            &format!("csrf={}&user=sara&password=correct+horse", form.csrf()),
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.location(), "/");
    let after = browser.session.clone().unwrap();
    assert_ne!(before, after, "the session ID is rotated at sign-in");
    let page = browser.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("پیشخوان"), "{}", page.body);
    assert!(page.body.contains("dir=\"rtl\""));
    // The session from before the sign-in is worth nothing.
    let mut old = Browser::new(&state);
    old.session = Some(before);
    assert_eq!(old.get("/").await.status, StatusCode::SEE_OTHER);
    // Sign out (with the page's token): the session is gone.
    let csrf = page.csrf();
    let answer = browser.post("/logout", &format!("csrf={csrf}")).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.location(), "/login");
    assert!(
        answer
            .set_cookie("homebiz_session")
            .unwrap()
            .contains("Max-Age=0")
    );
    let mut again = Browser::new(&state);
    again.session = Some(after);
    assert_eq!(again.get("/").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_wrong_password_or_an_unknown_user_is_refused_alike() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), ServerConfig::default());
    for (user, password) in [("sara", "wrong horse"), ("nobody", PASSWORD)] {
        let mut browser = Browser::new(&state);
        let answer = browser.sign_in(user, password).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert!(
            answer.body.contains("کد کاربر یا گذرواژه نادرست است"),
            "{}",
            answer.body
        );
        assert_eq!(browser.get("/").await.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn a_post_without_its_sessions_csrf_token_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), ServerConfig::default());
    let mut browser = Browser::new(&state);
    browser.get("/login").await;
    for form in [
        "user=sara&password=correct+horse",
        "csrf=&user=sara&password=correct+horse",
        "csrf=0000&user=sara&password=correct+horse",
    ] {
        let answer = browser.post("/login", form).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{form}");
    }
    // Nor without a session at all.
    let mut stranger = Browser::new(&state);
    let answer = stranger
        .post("/login", "csrf=x&user=sara&password=correct+horse")
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    // A signed-in user's sign-out needs the token too: the session stays.
    let mut sara = Browser::signed_in(&state, "sara").await;
    assert_eq!(sara.post("/logout", "").await.status, StatusCode::FORBIDDEN);
    assert_eq!(sara.get("/").await.status, StatusCode::OK);
    // Another session's token is not this one's.
    let mut other = Browser::new(&state);
    let token = other.get("/login").await.csrf();
    assert_eq!(
        sara.post("/logout", &format!("csrf={token}")).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_user_and_per_address() {
    let dir = tempfile::tempdir().unwrap();
    let config = ServerConfig {
        login_per_user: 2,
        login_per_ip: 3,
        login_window: Duration::from_secs(600),
        ..ServerConfig::default()
    };
    let state = state(dir.path(), config);
    // Per user code: two failures, then even the right password waits.
    for ip in [[10, 0, 0, 1], [10, 0, 0, 2]] {
        let mut browser = Browser::from(&state, ip);
        assert_eq!(
            browser.sign_in("sara", "bad guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let mut browser = Browser::from(&state, [10, 0, 0, 3]);
    let answer = browser.sign_in("sara", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(answer.body.contains("بیش از حد"), "{}", answer.body);
    assert_eq!(browser.get("/").await.status, StatusCode::SEE_OTHER);
    // Per address: three failures on different codes, then the address waits.
    let mut browser = Browser::from(&state, [10, 0, 0, 9]);
    for user in ["a", "b", "c"] {
        assert_eq!(
            browser.sign_in(user, "bad guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        browser.sign_in("reza", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another address, another user: still welcome.
    let mut browser = Browser::from(&state, [10, 0, 0, 10]);
    assert_eq!(
        browser.sign_in("reza", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

/// The headers every response carries.
fn assert_secure_headers(answer: &Answer, what: &str) {
    let h = |name: &str| {
        answer
            .headers
            .get(name)
            .unwrap_or_else(|| panic!("{what}: no {name}"))
            .to_str()
            .unwrap()
            .to_owned()
    };
    let csp = h("content-security-policy");
    assert!(csp.contains("default-src 'self'"), "{what}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{what}: {csp}"
    );
    assert_eq!(h("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(h("referrer-policy"), "same-origin", "{what}");
    assert_eq!(h("x-frame-options"), "DENY", "{what}");
    assert!(answer.headers.contains_key(header::CACHE_CONTROL), "{what}");
}

#[tokio::test]
async fn every_route_answers_with_the_security_headers() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), ServerConfig::default());
    let mut anonymous = Browser::new(&state);
    let mut sara = Browser::signed_in(&state, "sara").await;
    for route in routes() {
        let path = path_of(route.path, "HA1");
        for (who, browser) in [("anonymous", &mut anonymous), ("sara", &mut sara)] {
            let answer = browser.send(route.method.clone(), &path, Some("")).await;
            assert_secure_headers(&answer, &format!("{who} {} {path}", route.method));
        }
    }
    // Pages are not kept; assets are.
    assert_eq!(
        sara.get("/").await.headers[header::CACHE_CONTROL],
        "no-store"
    );
    let css = sara.get("/assets/style.css").await;
    assert!(
        css.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
    // Not found, too.
    let answer = sara.get("/no/such/page").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_secure_headers(&answer, "404");
}

#[tokio::test]
async fn every_staff_route_needs_a_signed_in_user() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), ServerConfig::default());
    let mut anonymous = Browser::new(&state);
    let mut checked = 0;
    for route in routes() {
        if route.access != Access::Staff || route.method != Method::GET {
            continue;
        }
        let path = path_of(route.path, "HA1");
        let answer = anonymous.get(&path).await;
        if path.starts_with("/api/") {
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{path}");
        } else {
            assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(answer.location(), "/login", "{path}");
        }
        assert!(
            !answer.body.contains("HA1") && !answer.body.contains("زهرا"),
            "{path}"
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} staff routes");
}

#[tokio::test]
async fn every_route_with_a_key_is_not_found_for_a_user_of_another_office() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), ServerConfig::default());
    let mut sara = Browser::signed_in(&state, "sara").await;
    let mut reza = Browser::signed_in(&state, "reza").await;
    let mut checked = 0;
    for route in routes().into_iter().filter(|r| r.takes_key()) {
        // The household of sara's office A, by code.
        let path = path_of(route.path, "HA1");
        let own = sara.send(route.method.clone(), &path, None).await;
        assert_eq!(own.status, StatusCode::OK, "{path} as sara: {}", own.body);
        let other = reza.send(route.method.clone(), &path, None).await;
        assert_eq!(
            other.status,
            StatusCode::NOT_FOUND,
            "{path} as reza: {}",
            other.body
        );
        assert!(!other.body.contains("زهرا"), "{path}: {}", other.body);
        // The same answer as a key that does not exist at all.
        let missing = reza
            .send(route.method.clone(), &path_of(route.path, "NOPE"), None)
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{path}");
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} routes take a key");
    // Searching does not cross offices either.
    let found = reza.get("/api/households?q=HA1").await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(found.body, "[]");
}

#[tokio::test]
async fn markup_in_a_persian_name_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), ServerConfig::default());
    let mut sara = Browser::signed_in(&state, "sara").await;
    for path in [
        "/households/HA1",
        "/households?q=HA1",
        "/households?q=%D8%B2%D9%87%D8%B1%D8%A7",
    ] {
        let page = sara.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        // askama writes `<` and `>` as numeric character references.
        assert!(
            page.body
                .contains("&#60;script&#62;alert(1)&#60;/script&#62;زهرا"),
            "{path}: {}",
            page.body
        );
        assert!(!page.body.contains("<script"), "{path}: {}", page.body);
    }
    // JSON keeps the name as it is, as JSON.
    let json = sara.get("/api/households/HA1").await;
    let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(value["members"][0]["given_name"], SCRIPT_NAME);
    assert_eq!(json.headers[header::CONTENT_TYPE], "application/json");
    // Personal identifiers are not in the JSON.
    assert!(
        !json.body.contains("0010000011") && !json.body.contains("0914"),
        "{}",
        json.body
    );
}

#[tokio::test]
async fn pages_are_persian_by_default_and_english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), ServerConfig::default());
    let mut browser = Browser::new(&state);
    let fa = browser.get("/login").await;
    assert!(
        fa.body.contains("lang=\"fa\" dir=\"rtl\"") && fa.body.contains("ورود"),
        "{}",
        fa.body
    );
    let en = browser.get("/login?lang=en").await;
    assert!(
        en.body.contains("lang=\"en\" dir=\"ltr\"") && en.body.contains("Sign in"),
        "{}",
        en.body
    );
    assert!(
        en.set_cookie("homebiz_lang")
            .unwrap()
            .starts_with("homebiz_lang=en")
    );
    // Dates and numbers in Persian digits under Persian.
    let mut sara = Browser::signed_in(&state, "sara").await;
    let page = sara.get("/households/HA1").await;
    assert!(page.body.contains("۱۳۷۹-۰۸-۲۱"), "{}", page.body);
    let dashboard = sara.get("/").await;
    assert!(dashboard.body.contains("۱۴۰۴-۰۳-۱۱"), "{}", dashboard.body);
}

#[tokio::test]
async fn the_dashboard_counts_only_the_users_offices() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), ServerConfig::default());
    let count = |body: &str| -> u64 {
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        value["households"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["households"].as_u64().unwrap())
            .sum()
    };
    let mut sara = Browser::signed_in(&state, "sara").await;
    let mut boss = Browser::signed_in(&state, "boss").await;
    assert_eq!(count(&sara.get("/api/dashboard").await.body), 1);
    assert_eq!(count(&boss.get("/api/dashboard").await.body), 2);
    let page = boss.get("/").await;
    assert!(
        page.body.contains("مدیر سامانه"),
        "the role is shown: {}",
        page.body
    );
}

#[tokio::test]
async fn assets_and_the_openapi_document_are_served_by_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), ServerConfig::default());
    let mut browser = Browser::new(&state);
    let font = browser.get("/assets/vazirmatn.woff2").await;
    assert_eq!(font.status, StatusCode::OK);
    assert_eq!(font.headers[header::CONTENT_TYPE], "font/woff2");
    let licence = browser.get("/assets/OFL.txt").await;
    assert!(licence.body.contains("SIL Open Font License"));
    let css = browser.get("/assets/style.css").await;
    assert!(css.body.contains("/assets/vazirmatn.woff2"));
    let doc = browser.get("/api/openapi.json").await;
    let value: serde_json::Value = serde_json::from_str(&doc.body).unwrap();
    assert!(
        value["paths"]["/api/households/{key}"]["get"].is_object(),
        "{value}"
    );
    // No page refers to anything outside the app.
    let page = browser.get("/login").await;
    assert!(
        !page.body.contains("http://") && !page.body.contains("https://"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn cookies_are_secure_behind_tls() {
    let dir = tempfile::tempdir().unwrap();
    let config = ServerConfig {
        behind_tls: true,
        ..ServerConfig::default()
    };
    let state = state(dir.path(), config);
    let mut browser = Browser::new(&state);
    let form = browser.get("/login").await;
    assert!(
        form.set_cookie("homebiz_session")
            .unwrap()
            .contains("; Secure")
    );
    let answer = browser
        .post(
            "/login",
            &format!("csrf={}&user=sara&password=correct+horse", form.csrf()),
        )
        .await;
    assert!(
        answer
            .set_cookie("homebiz_session")
            .unwrap()
            .contains("; Secure")
    );
}

/// On a real socket: the binary's path (`serve`), with the client's
/// address from the listener.
#[tokio::test]
async fn the_app_answers_on_a_real_listener() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path(), ServerConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server =
        tokio::spawn(async move { axum::serve(listener, homebiz_server::service(state)).await });
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).await.unwrap();
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(
        text.contains("content-security-policy: default-src 'self'"),
        "{text}"
    );
    assert!(text.contains("homebiz_session="), "{text}");
    server.abort();
}
