//! One module per subcommand. Each `run` returns the text to print, so the
//! printing stays in `main`.

pub(crate) mod date;
pub(crate) mod export;
pub(crate) mod find;
pub(crate) mod import;
pub(crate) mod income;
pub(crate) mod init;
pub(crate) mod lists;
pub(crate) mod market;
pub(crate) mod mcdm;
pub(crate) mod records;
pub(crate) mod registry;
pub(crate) mod scoring;
pub(crate) mod users;
