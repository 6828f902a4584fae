//! `homebiz init`: create the database (or bring its schema up to date).

use std::path::Path;

use anyhow::Result;

pub(crate) fn run(db: &Path) -> Result<String> {
    let version = crate::context::create(db)?;
    Ok(crate::context::say!(
        "initialised {db} (schema version {version})",
        db = crate::context::shown(db),
        version = version
    ))
}
