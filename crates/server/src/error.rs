//! [`AppError`]: what a handler answers when a use case fails.

use homebiz::program::ProgramError;
use homebiz::registry::RegistryError;

/// A handler's failure. Its message is the facade's own (English
/// `Display`, Persian through `homebiz::describe::error`), which never
/// holds a personal value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// A use case refused or failed.
    #[error(transparent)]
    Program(#[from] ProgramError),
    /// A page could not be rendered, or a blocking task failed.
    #[error("internal error")]
    Internal,
}

impl From<askama::Error> for AppError {
    fn from(_: askama::Error) -> Self {
        Self::Internal
    }
}

impl AppError {
    /// The HTTP status: 404 for a record not found (outside the user's
    /// offices too: the two are deliberately the same), 400 for a value
    /// refused, 500 for a store or internal failure.
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            Self::Program(ProgramError::NotFound { .. })
            | Self::Program(ProgramError::Registry(RegistryError::NotFound { .. })) => {
                StatusCode::NOT_FOUND
            }
            Self::Program(ProgramError::Registry(RegistryError::Backend(_))) | Self::Internal => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            Self::Program(_) => StatusCode::BAD_REQUEST,
        }
    }

    /// The message for people in `lang`.
    pub fn describe(&self, lang: homebiz::core::text::Lang) -> String {
        match self {
            Self::Program(e) => homebiz::describe::error(e, lang).unwrap_or_else(|| e.to_string()),
            Self::Internal => crate::i18n::t(lang, "Something went wrong on the server").to_owned(),
        }
    }
}
