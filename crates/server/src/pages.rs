//! The staff pages: each handler calls one `Program` use case as the
//! signed-in user's actor and renders a template. Forms work without
//! JavaScript; the pages carry no script at all.

use std::borrow::Borrow;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use homebiz::core::text::Lang;
use homebiz::program::find::HouseholdMatch;
use homebiz::program::{Dashboard, HouseholdView, ProgramError, SignedIn};
use homebiz::registry::{MembershipState, Person};

use crate::security::{Staff, Visit, client_address};
use crate::session::{clear_cookie, set_cookie};
use crate::{AppError, AppState, blocking, i18n};

/// What the base layout needs: the language, the title, who is signed in
/// and the session's CSRF token (for the sign-out form).
#[derive(Debug, Clone)]
pub struct Page {
    /// The language.
    pub lang: Lang,
    /// The title, in `lang`.
    pub title: &'static str,
    /// Who is signed in.
    pub user: Option<Arc<SignedIn>>,
    /// The CSRF token the page's forms carry.
    pub csrf: String,
}

impl Page {
    fn new(lang: Lang, title: &'static str, user: Option<Arc<SignedIn>>, csrf: String) -> Self {
        Self {
            lang,
            title: i18n::t(lang, title),
            user,
            csrf,
        }
    }

    fn staff(staff: &Staff, title: &'static str) -> Self {
        Self::new(
            staff.lang,
            title,
            Some(staff.user.clone()),
            staff.csrf.clone(),
        )
    }

    /// `en` in the page's language.
    pub fn t(&self, en: &'static str) -> &'static str {
        i18n::t(self.lang, en)
    }

    /// `fa` or `en`.
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// `rtl` for Persian, `ltr` for English.
    pub fn dir(&self) -> &'static str {
        match self.lang {
            Lang::Fa => "rtl",
            Lang::En => "ltr",
        }
    }

    /// The other language's code, for the switch.
    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Fa => "en",
            Lang::En => "fa",
        }
    }

    /// The other language's name, in itself.
    pub fn other_lang_name(&self) -> &'static str {
        match self.lang {
            Lang::Fa => "English",
            Lang::En => "فارسی",
        }
    }

    /// A number in the page's digits.
    pub fn num(&self, n: impl std::fmt::Display) -> String {
        i18n::number(n, self.lang)
    }

    /// The signed-in user's name for the header: the display name, else
    /// the code.
    pub fn who(&self) -> String {
        self.user
            .as_ref()
            .map(|u| u.name.clone().unwrap_or_else(|| u.code.clone()))
            .unwrap_or_default()
    }

    /// The signed-in user's role, in the page's language.
    pub fn role(&self) -> &'static str {
        self.user.as_ref().map_or("", |u| u.role.name(self.lang))
    }
}

/// Renders `template` with `status`.
fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Page,
    message: String,
}

/// The error page of `err` for `page`'s visitor.
fn error_page(page: Page, err: &AppError) -> Response {
    let message = err.describe(page.lang);
    render(err.status(), &ErrorPage { page, message })
}

/// The answer to a `POST` without its session's CSRF token: 403.
pub(crate) fn csrf_refused(lang: Lang) -> Response {
    let page = Page::new(lang, "Error", None, String::new());
    let message = i18n::t(
        lang,
        "The form has expired: go back, reload the page and send it again",
    )
    .to_owned();
    render(StatusCode::FORBIDDEN, &ErrorPage { page, message })
}

/// Any other path: 404.
pub async fn not_found(visit: Visit) -> Response {
    let page = Page::new(
        visit.lang,
        "Not found",
        visit.user().cloned(),
        String::new(),
    );
    let message = i18n::t(visit.lang, "Not found").to_owned();
    render(StatusCode::NOT_FOUND, &ErrorPage { page, message })
}

/// How long browsers may keep an asset: a day.
const ASSET_CACHE: &str = "public, max-age=86400";

fn asset(content_type: &'static str, body: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(ASSET_CACHE)),
        ],
        body,
    )
        .into_response()
}

/// `GET /assets/style.css`.
pub async fn style() -> Response {
    asset(
        "text/css; charset=utf-8",
        include_bytes!("../assets/style.css"),
    )
}

/// `GET /assets/vazirmatn.woff2`: Vazirmatn (SIL Open Font License 1.1).
pub async fn font() -> Response {
    asset("font/woff2", include_bytes!("../assets/vazirmatn.woff2"))
}

/// `GET /assets/OFL.txt`: the font's licence.
pub async fn font_licence() -> Response {
    asset(
        "text/plain; charset=utf-8",
        include_bytes!("../assets/OFL.txt"),
    )
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    error: Option<&'static str>,
    user: String,
}

/// `GET /login`: the sign-in form (a signed-in user goes to the
/// dashboard). A visitor without a session is given one here, so that the
/// form carries a CSRF token.
pub async fn login_form(State(state): State<AppState>, visit: Visit) -> Response {
    if visit.user().is_some() {
        return Redirect::to("/").into_response();
    }
    let (session, new) = match visit.session {
        Some(session) => (session, false),
        None => match state.sessions().start(None) {
            Some(session) => (session, true),
            None => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
    };
    let page = Page::new(visit.lang, "Sign in", None, session.csrf.clone());
    let mut response = render(
        StatusCode::OK,
        &LoginPage {
            page,
            error: None,
            user: String::new(),
        },
    );
    if new {
        with_cookie(
            &mut response,
            &set_cookie(&session.id, state.config().behind_tls),
        );
    }
    response
}

fn with_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// The sign-in form's fields.
#[derive(Deserialize)]
struct LoginForm {
    user: String,
    password: String,
}

/// `POST /login`: checks the password (argon2id) within the rate limit;
/// on success the session is replaced by a new one (new ID, new CSRF
/// token) holding the user, and the browser goes to the dashboard.
pub async fn login(State(state): State<AppState>, visit: Visit, request: Request) -> Response {
    let ip = client_address(request.extensions());
    let Ok(body) = axum::body::to_bytes(request.into_body(), 64 * 1024).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Ok(form) = serde_urlencoded::from_bytes::<LoginForm>(&body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let csrf = visit
        .session
        .as_ref()
        .map(|s| s.csrf.clone())
        .unwrap_or_default();
    let again = |status, error| {
        let page = Page::new(visit.lang, "Sign in", None, csrf.clone());
        render(
            status,
            &LoginPage {
                page,
                error: Some(i18n::t(visit.lang, error)),
                user: form.user.clone(),
            },
        )
    };
    if !state.limiter().allows(&ip, &form.user) {
        return again(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many failed sign-ins: try again later",
        );
    }
    let (code, password) = (form.user.clone(), form.password.clone());
    match blocking(&state, move |p| p.sign_in_with_password(&code, &password)).await {
        Ok(user) => {
            state.limiter().succeeded(&form.user);
            if let Some(old) = &visit.session {
                state.sessions().end(&old.id);
            }
            let Some(session) = state.sessions().start(Some(user)) else {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            let mut response = Redirect::to("/").into_response();
            with_cookie(
                &mut response,
                &set_cookie(&session.id, state.config().behind_tls),
            );
            response
        }
        Err(AppError::Program(ProgramError::SignInRefused)) => {
            state.limiter().failed(&ip, &form.user);
            again(StatusCode::UNAUTHORIZED, "Wrong user code or password")
        }
        Err(err) => error_page(Page::new(visit.lang, "Error", None, csrf.clone()), &err),
    }
}

/// `POST /logout`: ends the session and clears its cookie.
pub async fn logout(State(state): State<AppState>, visit: Visit) -> Response {
    if let Some(session) = &visit.session {
        state.sessions().end(&session.id);
    }
    let mut response = Redirect::to("/login").into_response();
    with_cookie(&mut response, &clear_cookie(state.config().behind_tls));
    response
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    page: Page,
    d: Dashboard,
}

impl DashboardPage {
    fn state_name(&self, code: &str) -> &'static str {
        MembershipState::label_of(code, self.page.lang).unwrap_or("")
    }

    fn rate(&self) -> String {
        i18n::percent(self.d.linkage_rate, self.page.lang)
    }

    fn money(&self, amount: impl Borrow<homebiz::core::Money>) -> String {
        i18n::money(*amount.borrow(), self.page.lang)
    }

    fn month(&self, month: impl Borrow<homebiz::core::JalaliMonth>) -> String {
        i18n::month(*month.borrow(), self.page.lang)
    }

    fn today(&self) -> String {
        i18n::date(self.d.today, self.page.lang)
    }
}

/// `GET /`: the office dashboard of every office the user sees
/// ([`Program::dashboard`](homebiz::program::Program::dashboard)).
pub async fn dashboard(State(state): State<AppState>, staff: Staff) -> Response {
    let page = Page::staff(&staff, "Dashboard");
    let actor = staff.user.actor;
    match blocking(&state, move |p| p.dashboard(&actor, None)).await {
        Ok(d) => render(StatusCode::OK, &DashboardPage { page, d }),
        Err(err) => error_page(page, &err),
    }
}

/// The search box's field.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SearchQuery {
    /// A household code, a member's mobile, or part of a member's name.
    pub q: Option<String>,
}

#[derive(Template)]
#[template(path = "households.html")]
struct HouseholdsPage {
    page: Page,
    q: String,
    found: Option<Vec<HouseholdMatch>>,
}

impl HouseholdsPage {
    fn membership(&self, h: &HouseholdMatch) -> &'static str {
        h.household.membership().label(self.page.lang)
    }

    fn names(&self, h: &HouseholdMatch) -> String {
        names(&h.members, self.page.lang)
    }
}

/// The members' names, `، ` or `, ` between.
fn names(members: &[Person], lang: Lang) -> String {
    let sep = match lang {
        Lang::Fa => "، ",
        Lang::En => ", ",
    };
    members
        .iter()
        .map(|p| format!("{} {}", p.data().given_name, p.data().family_name))
        .collect::<Vec<_>>()
        .join(sep)
}

/// `GET /households?q=…`: the search form, and the households it finds
/// ([`Program::search_households`](homebiz::program::Program::search_households)).
pub async fn households(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<SearchQuery>,
) -> Response {
    let page = Page::staff(&staff, "Households");
    let q = query.q.unwrap_or_default().trim().to_owned();
    if q.is_empty() {
        return render(
            StatusCode::OK,
            &HouseholdsPage {
                page,
                q,
                found: None,
            },
        );
    }
    let actor = staff.user.actor;
    let text = q.clone();
    match blocking(&state, move |p| p.search_households(&actor, &text)).await {
        Ok(found) => render(
            StatusCode::OK,
            &HouseholdsPage {
                page,
                q,
                found: Some(found),
            },
        ),
        Err(err) => error_page(page, &err),
    }
}

#[derive(Template)]
#[template(path = "household.html")]
struct HouseholdPage {
    page: Page,
    h: HouseholdView,
}

impl HouseholdPage {
    fn membership(&self) -> &'static str {
        self.h.household.membership().label(self.page.lang)
    }

    fn birth(&self, p: &Person) -> String {
        i18n::date(p.data().birth_date, self.page.lang)
    }

    fn gender(&self, p: &Person) -> &'static str {
        p.data().gender.name(self.page.lang)
    }
}

/// `GET /households/{key}`: one household (by code or ID) with its
/// members ([`Program::household_view`](homebiz::program::Program::household_view));
/// one outside the user's offices is not found.
pub async fn household(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
) -> Response {
    let page = Page::staff(&staff, "Household");
    let actor = staff.user.actor;
    match blocking(&state, move |p| p.household_view(&actor, &key)).await {
        Ok(h) => render(StatusCode::OK, &HouseholdPage { page, h }),
        Err(err) => error_page(page, &err),
    }
}

/// `GET /charts/net-income.svg`: the dashboard's net income by month as an
/// SVG line chart (drawn by the facade's `charts`, as the CLI and the
/// pilot draw theirs), an image of the dashboard page.
pub async fn net_income_chart(State(state): State<AppState>, staff: Staff) -> Response {
    let lang = staff.lang;
    let actor = staff.user.actor;
    let d = match blocking(&state, move |p| p.dashboard(&actor, None)).await {
        Ok(d) => d,
        Err(err) => return err.status().into_response(),
    };
    let series = [homebiz::charts::Series {
        name: i18n::t(lang, "Net income").to_owned(),
        points: d.net_by_month.iter().map(|m| (m.month, m.net)).collect(),
    }];
    match homebiz::charts::monthly_lines(i18n::t(lang, "Net income by month"), &series, lang) {
        Ok(svg) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            )],
            svg,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
