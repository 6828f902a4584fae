//! `homebiz init`: create the database (or bring its schema up to date).

use std::path::Path;

use anyhow::Result;

pub(crate) fn run(db: &Path) -> Result<String> {
    let registry = crate::context::open(db, true)?;
    let version = registry.store().schema_version()?;
    Ok(format!(
        "initialised {} (schema version {version})",
        db.display()
    ))
}
