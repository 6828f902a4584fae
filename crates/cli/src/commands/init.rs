//! `homebiz init`: create the database (or bring its schema up to date).

use std::path::Path;

use anyhow::Result;

pub(crate) fn run(db: &Path) -> Result<String> {
    let version = crate::context::create(db)?;
    Ok(format!(
        "initialised {} (schema version {version})",
        crate::context::shown(db)
    ))
}
