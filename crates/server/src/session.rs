//! Sessions: a small in-memory store keyed by a random cookie.
//!
//! Why not `tower-sessions`: the app needs three things of a session — who
//! signed in, a CSRF token, and a new ID at login — and one process holds
//! them. A `Mutex<HashMap>` does that in a page of code with no extra
//! crates, no async store trait and no serialisation of the signed-in
//! actor. Sessions are lost when the server restarts (staff sign in
//! again); a server run as several processes would need a shared store.
//!
//! The cookie is `HttpOnly` and `SameSite=Lax` (and `Secure` when
//! [`ServerConfig::behind_tls`](crate::ServerConfig::behind_tls)). Every
//! visitor gets a session, so that the login form carries a CSRF token
//! too; signing in replaces it with a new one (a new ID and a new token),
//! so an ID planted before login is worth nothing after.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use homebiz::program::SignedIn;

/// The session cookie's name.
pub const COOKIE: &str = "homebiz_session";

/// 32 random bytes from the operating system, as 64 hex digits.
pub fn token() -> String {
    use rand::TryRngCore;
    let mut bytes = [0u8; 32];
    // The OS generator does not fail on the systems we run on; should it,
    // a fallback to a weaker generator would be worse than refusing: an
    // all-zero token is never stored (see `Sessions::start`).
    if rand::rngs::OsRng.try_fill_bytes(&mut bytes).is_err() {
        return String::new();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether two secrets are equal, in time that depends only on their
/// length.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

/// One visitor's session.
#[derive(Clone)]
pub struct Session {
    /// The session's ID (the cookie's value).
    pub id: String,
    /// The token every form of this session carries.
    pub csrf: String,
    /// The signed-in user, if any.
    pub user: Option<Arc<SignedIn>>,
    last_used: Instant,
}

impl std::fmt::Debug for Session {
    // Neither the ID nor the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("user", &self.user.as_ref().map(|u| &u.code))
            .finish_non_exhaustive()
    }
}

/// How many sessions the server holds at most: past it, sessions nobody
/// signed in to are dropped first (a visitor who only opened the login
/// form reloads it), so that requests without a cookie cannot fill memory.
pub const MAX_SESSIONS: usize = 100_000;

/// The sessions of the server.
#[derive(Debug)]
pub struct Sessions {
    idle: Duration,
    limit: usize,
    map: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// No sessions; each lives `idle` without use; at most
    /// [`MAX_SESSIONS`].
    pub fn new(idle: Duration) -> Self {
        Self::with_limit(idle, MAX_SESSIONS)
    }

    /// No sessions; each lives `idle` without use; at most `limit`.
    pub fn with_limit(idle: Duration, limit: usize) -> Self {
        Self {
            idle,
            limit,
            map: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Session>> {
        // A panic while holding the lock leaves the map consistent (every
        // change is one insert or remove), so a poisoned lock is used.
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The live session with ID `id`, marked used now.
    pub fn get(&self, id: &str) -> Option<Session> {
        let mut map = self.lock();
        let now = Instant::now();
        match map.get_mut(id) {
            Some(s) if now.duration_since(s.last_used) <= self.idle => {
                s.last_used = now;
                Some(s.clone())
            }
            Some(_) => {
                map.remove(id);
                None
            }
            None => None,
        }
    }

    /// A new session for `user` (or an anonymous one), with a new ID and
    /// CSRF token; `None` when the OS gave no random bytes, or when the
    /// server holds its limit of signed-in sessions.
    pub fn start(&self, user: Option<SignedIn>) -> Option<Session> {
        let (id, csrf) = (token(), token());
        if id.is_empty() || csrf.is_empty() {
            return None;
        }
        let session = Session {
            id: id.clone(),
            csrf,
            user: user.map(Arc::new),
            last_used: Instant::now(),
        };
        let mut map = self.lock();
        // Expired sessions go when new ones come.
        let idle = self.idle;
        let now = Instant::now();
        map.retain(|_, s| now.duration_since(s.last_used) <= idle);
        if map.len() >= self.limit {
            map.retain(|_, s| s.user.is_some());
        }
        if map.len() >= self.limit {
            return None;
        }
        map.insert(id, session.clone());
        Some(session)
    }

    /// Ends the session `id` (at logout, or when it is replaced at login).
    pub fn end(&self, id: &str) {
        self.lock().remove(id);
    }

    /// How many sessions are live.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The `Set-Cookie` value that gives the browser session `id`.
pub fn set_cookie(id: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (token(), token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }

    #[test]
    fn past_the_limit_anonymous_sessions_go_first() {
        let sessions = Sessions::with_limit(Duration::from_secs(60), 3);
        let user = SignedIn {
            actor: homebiz::registry::Actor::unrestricted(homebiz::core::id::ActorId::new()),
            code: "sara".into(),
            name: None,
            role: homebiz::registry::Role::OfficeStaff,
        };
        let signed = sessions.start(Some(user.clone())).unwrap();
        let anonymous = sessions.start(None).unwrap();
        sessions.start(None).unwrap();
        assert_eq!(sessions.len(), 3);
        // The fourth drops the anonymous ones, never the signed-in one.
        sessions.start(None).unwrap();
        assert_eq!(sessions.len(), 2);
        assert!(sessions.get(&signed.id).is_some());
        assert!(sessions.get(&anonymous.id).is_none());
        // Signed-in sessions only, at the limit: refused.
        sessions.start(Some(user.clone())).unwrap();
        sessions.start(Some(user.clone())).unwrap();
        assert!(sessions.start(Some(user)).is_none());
    }

    #[test]
    fn an_idle_session_expires_and_an_ended_one_is_gone() {
        let sessions = Sessions::new(Duration::from_millis(30));
        let s = sessions.start(None).unwrap();
        assert!(sessions.get(&s.id).is_some());
        std::thread::sleep(Duration::from_millis(60));
        assert!(sessions.get(&s.id).is_none());
        let s = sessions.start(None).unwrap();
        sessions.end(&s.id);
        assert!(sessions.get(&s.id).is_none());
    }
}
