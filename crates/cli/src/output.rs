//! The files a command writes (`--rejects`, `--out`): never the database,
//! its `-wal`, `-shm` or `-journal` files, nor an input of the same
//! command; always written whole, to a temporary file in the same folder
//! that is renamed into place, so a failure leaves the old file as it was.
//! The temporary file (and so the output) is readable by its owner only:
//! rejects and reports hold personal data.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use tempfile::NamedTempFile;

/// The files of a SQLite database besides the database itself.
const SIDECARS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// How many symbolic links are followed before giving up.
const MAX_LINKS: u32 = 40;

/// An output file a command may write: checked against the database and
/// the command's inputs.
#[derive(Debug)]
pub(crate) struct Output {
    /// Where the bytes go: the path given, with symbolic links followed.
    target: PathBuf,
    /// The path as the user gave it, for messages.
    shown: String,
}

impl Output {
    /// Checks that `path`, given as `option`, is neither the database `db`
    /// (nor its `-wal`, `-shm` or `-journal` file) nor one of `inputs`,
    /// after resolving relative paths, symbolic links, hard links and, as
    /// far as the filesystem folds it, case.
    pub(crate) fn new(option: &str, path: &Path, db: &Path, inputs: &[&Path]) -> Result<Self> {
        let shown = path.display().to_string();
        let target =
            resolve(path).with_context(|| format!("{option} {shown}: cannot resolve the path"))?;
        // A database or input whose folder does not exist cannot be the
        // output (whose folder does); the command reports it later.
        if let Ok(db_file) = resolve(db) {
            let mut database = vec![db_file.clone()];
            for suffix in SIDECARS {
                let mut name = db_file.file_name().unwrap_or_default().to_os_string();
                name.push(suffix);
                database.push(db_file.with_file_name(name));
            }
            if database.iter().any(|p| same(&target, p)) {
                bail!(
                    "{option} {shown} is the database {} or one of its files: choose another file",
                    db.display()
                );
            }
        }
        for input in inputs {
            if resolve(input).is_ok_and(|input_file| same(&target, &input_file)) {
                bail!(
                    "{option} {shown} is the input {}: choose another file",
                    input.display()
                );
            }
        }
        Ok(Self { target, shown })
    }

    /// A temporary file beside the output, to be [`persist`](Self::persist)ed
    /// or dropped (which deletes it).
    pub(crate) fn temp(&self) -> Result<NamedTempFile> {
        let dir = self.target.parent().unwrap_or(Path::new("."));
        NamedTempFile::new_in(dir).with_context(|| format!("cannot write {}", self.shown))
    }

    /// Puts the temporary file's contents in place of the output, whole.
    pub(crate) fn persist(&self, temp: NamedTempFile) -> Result<()> {
        let fail = || format!("cannot write {}", self.shown);
        temp.as_file().sync_all().with_context(fail)?;
        temp.persist(&self.target)
            .map_err(|e| e.error)
            .with_context(fail)?;
        Ok(())
    }

    /// Writes `bytes` as the output, whole.
    pub(crate) fn write(&self, bytes: &[u8]) -> Result<()> {
        let mut temp = self.temp()?;
        temp.write_all(bytes)
            .with_context(|| format!("cannot write {}", self.shown))?;
        self.persist(temp)
    }

    /// The path as the user gave it.
    pub(crate) fn shown(&self) -> &str {
        &self.shown
    }
}

/// The `--rejects FILE` of an import: checked like any output, written to a
/// temporary file while the import runs, and put in place only when the
/// import succeeded with a row rejected, so a file is written only when
/// there is something to reject, after the input was opened and its header
/// checked.
#[derive(Debug)]
pub(crate) struct Rejects {
    output: Option<Output>,
    temp: Option<NamedTempFile>,
}

impl Rejects {
    /// The rejects file `path`, if given, of a command on `db` reading
    /// `input`; with `write` unset (a dry run) no file is ever written.
    pub(crate) fn new(path: Option<&Path>, db: &Path, input: &Path, write: bool) -> Result<Self> {
        let output = path
            .map(|p| Output::new("--rejects", p, db, &[input]))
            .transpose()?;
        let temp = match &output {
            Some(output) if write => Some(output.temp()?),
            _ => None,
        };
        Ok(Self { output, temp })
    }

    /// Where the import writes its rejected rows, if anywhere.
    pub(crate) fn writer(&mut self) -> Option<&mut dyn Write> {
        self.temp.as_mut().map(|f| f as &mut dyn Write)
    }

    /// Puts the rejects in place when `skipped` rows (rejected or in
    /// conflict) were skipped, and says so for the summary: `", N skipped
    /// rows in FILE"`, or nothing when no file was written.
    pub(crate) fn finish(self, skipped: u64) -> Result<String> {
        match (self.output, self.temp) {
            (Some(output), Some(temp)) if skipped > 0 => {
                output.persist(temp)?;
                Ok(format!("; {skipped} skipped rows in {}", output.shown()))
            }
            _ => Ok(String::new()),
        }
    }
}

/// `path` made absolute with every symbolic link followed, also when the
/// file (or a link's target) does not exist yet.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut path = std::path::absolute(path)?;
    for _ in 0..MAX_LINKS {
        if let Ok(real) = std::fs::canonicalize(&path) {
            return Ok(real);
        }
        // A link whose target does not exist (yet): follow it by hand.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink()) {
            let link = std::fs::read_link(&path)?;
            let base = path.parent().unwrap_or(Path::new("/")).to_path_buf();
            path = std::path::absolute(base.join(link))?;
            continue;
        }
        let name = path.file_name().ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file path")
        })?;
        let parent = path.parent().unwrap_or(Path::new("/"));
        return Ok(std::fs::canonicalize(parent)?.join(name));
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        "too many symbolic links",
    ))
}

/// Whether two resolved paths are one file: the same path, the same file
/// on disk (hard links; a case-folding filesystem), or, where one of them
/// does not exist to ask the filesystem, names in the same folder that
/// differ only by case.
fn same(a: &Path, b: &Path) -> bool {
    if a == b || same_file::is_same_file(a, b).unwrap_or(false) {
        return true;
    }
    let both_exist = a.exists() && b.exists();
    !both_exist && a.parent() == b.parent() && folded(a.file_name()) == folded(b.file_name())
}

fn folded(name: Option<&OsStr>) -> Option<String> {
    name.map(|n| n.to_string_lossy().to_lowercase())
}
