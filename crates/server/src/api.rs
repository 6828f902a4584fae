//! The JSON API: the same use cases as the pages, as JSON, under `/api/`.
//! Its OpenAPI document is generated from these handlers and types by
//! utoipa ([`ApiDoc`]) and served at `/api/openapi.json`.
//!
//! Sign in through the login form first: the API uses the same session
//! cookie, and answers 401 without one. Members' national IDs and mobiles
//! are left out, as the CLI's JSON leaves them out by default.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use homebiz::core::text::Lang;
use homebiz::program::find::HouseholdMatch;
use homebiz::program::{Dashboard, HouseholdView};
use homebiz::registry::{Lifecycle, Person};

use crate::pages::SearchQuery;
use crate::security::Staff;
use crate::{AppError, AppState, blocking};

/// The OpenAPI document of the JSON API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "homebiz office API",
        description = "The office web app's JSON API"
    ),
    paths(dashboard, households, household)
)]
pub struct ApiDoc;

/// An error: the facade's message in the session's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorJson {
    /// What went wrong.
    pub error: String,
}

/// How many households are in one membership state.
#[derive(Debug, Serialize, ToSchema)]
pub struct StateCountJson {
    /// The state's code.
    pub state: String,
    /// How many households.
    pub households: usize,
}

/// Net income in one Jalali month.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonthNetJson {
    /// The month, `1404-03`.
    pub month: String,
    /// Net income in rials.
    pub net_rial: i64,
}

/// The office dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardJson {
    /// Today, Jalali, `1404-03-11`.
    pub today: String,
    /// Households by membership state, in lifecycle order.
    pub households: Vec<StateCountJson>,
    /// Every business.
    pub businesses: usize,
    /// Businesses in the `active` state.
    pub active_businesses: usize,
    /// Businesses with a sales channel in the last 12 months.
    pub linked: usize,
    /// `linked` over `businesses`.
    pub linkage_rate: f64,
    /// The codes of the businesses without one.
    pub unlinked: Vec<String>,
    /// Net income per month over the last 12 months, oldest first.
    pub net_by_month: Vec<MonthNetJson>,
}

impl From<Dashboard> for DashboardJson {
    fn from(d: Dashboard) -> Self {
        Self {
            today: d.today.to_string(),
            households: d
                .households
                .into_iter()
                .map(|s| StateCountJson {
                    state: s.state.to_owned(),
                    households: s.households,
                })
                .collect(),
            businesses: d.businesses,
            active_businesses: d.active_businesses,
            linked: d.linked,
            linkage_rate: d.linkage_rate,
            unlinked: d.unlinked.into_iter().map(|b| b.code).collect(),
            net_by_month: d
                .net_by_month
                .into_iter()
                .map(|m| MonthNetJson {
                    month: m.month.to_string(),
                    net_rial: m.net.minor_units(),
                })
                .collect(),
        }
    }
}

/// A household member, without national ID or mobile.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberJson {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Birth date, Jalali.
    pub birth_date: String,
    /// `female` or `male`.
    pub gender: String,
}

impl From<&Person> for MemberJson {
    fn from(p: &Person) -> Self {
        let d = p.data();
        Self {
            given_name: d.given_name.clone(),
            family_name: d.family_name.clone(),
            birth_date: d.birth_date.to_string(),
            gender: d.gender.name(Lang::En).to_owned(),
        }
    }
}

/// A household with its office and members.
#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdJson {
    /// The household's code.
    pub code: String,
    /// Its office's code.
    pub office: String,
    /// Its membership state's code.
    pub membership: String,
    /// Its members.
    pub members: Vec<MemberJson>,
}

impl From<&HouseholdMatch> for HouseholdJson {
    fn from(h: &HouseholdMatch) -> Self {
        Self {
            code: h.household.code().to_owned(),
            office: h.office_code.clone(),
            membership: h.household.membership().name().to_owned(),
            members: h.members.iter().map(MemberJson::from).collect(),
        }
    }
}

impl From<&HouseholdView> for HouseholdJson {
    fn from(h: &HouseholdView) -> Self {
        Self {
            code: h.household.code().to_owned(),
            office: h.office.clone(),
            membership: h.household.membership().name().to_owned(),
            members: h.members.iter().map(MemberJson::from).collect(),
        }
    }
}

/// `err` as a JSON answer.
fn error(err: &AppError, lang: Lang) -> Response {
    (
        err.status(),
        Json(ErrorJson {
            error: err.describe(lang),
        }),
    )
        .into_response()
}

/// `GET /api/openapi.json`.
pub async fn openapi_json() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

/// The office dashboard of every office the user sees.
#[utoipa::path(
    get,
    path = "/api/dashboard",
    responses(
        (status = 200, description = "The dashboard", body = DashboardJson),
        (status = 401, description = "Not signed in", body = ErrorJson)
    )
)]
pub async fn dashboard(State(state): State<AppState>, staff: Staff) -> Response {
    let actor = staff.user.actor;
    match blocking(&state, move |p| p.dashboard(&actor, None)).await {
        Ok(d) => Json(DashboardJson::from(d)).into_response(),
        Err(err) => error(&err, staff.lang),
    }
}

/// The households a search finds: by code, a member's mobile, or part of
/// a member's name.
#[utoipa::path(
    get,
    path = "/api/households",
    params(SearchQuery),
    responses(
        (status = 200, description = "The households found", body = [HouseholdJson]),
        (status = 400, description = "An empty search", body = ErrorJson),
        (status = 401, description = "Not signed in", body = ErrorJson)
    )
)]
pub async fn households(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<SearchQuery>,
) -> Response {
    let actor = staff.user.actor;
    let text = query.q.unwrap_or_default();
    match blocking(&state, move |p| p.search_households(&actor, &text)).await {
        Ok(found) => {
            Json(found.iter().map(HouseholdJson::from).collect::<Vec<_>>()).into_response()
        }
        Err(err) => error(&err, staff.lang),
    }
}

/// One household, by code or ID; one outside the user's offices is not
/// found.
#[utoipa::path(
    get,
    path = "/api/households/{key}",
    params(("key" = String, Path, description = "The household's code or ID")),
    responses(
        (status = 200, description = "The household", body = HouseholdJson),
        (status = 404, description = "No such household in the user's offices", body = ErrorJson),
        (status = 401, description = "Not signed in", body = ErrorJson)
    )
)]
pub async fn household(
    State(state): State<AppState>,
    staff: Staff,
    Path(key): Path<String>,
) -> Response {
    let actor = staff.user.actor;
    match blocking(&state, move |p| p.household_view(&actor, &key)).await {
        Ok(h) => Json(HouseholdJson::from(&h)).into_response(),
        Err(err) => error(&err, staff.lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_names_every_api_route_of_the_table() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        for route in crate::routes() {
            if route.path.starts_with("/api/") && route.path != "/api/openapi.json" {
                assert!(
                    paths.contains_key(route.path),
                    "{} is not documented",
                    route.path
                );
            }
        }
        assert!(
            doc["components"]["schemas"]["DashboardJson"].is_object(),
            "{doc}"
        );
    }
}
