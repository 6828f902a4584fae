//! The files a command writes (`--rejects`, `--out`): never the database,
//! its `-wal`, `-shm` or `-journal` files, nor an input of the same
//! command (by the rule of [`Output::new`]: identity, and names compared
//! without regard to case); always written whole, to a temporary file in the same folder
//! that is renamed into place, so a failure leaves the old file as it was.
//! The temporary file (and so the output) is readable by its owner only:
//! rejects and reports hold personal data. Every output is checked, and its
//! temporary file created, when the command starts, before it commits
//! anything: an output that cannot be written refuses the command before
//! any write.

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
    /// The temporary file beside the target, made when the output was
    /// checked.
    temp: Option<NamedTempFile>,
}

impl Output {
    /// Checks that `path`, given as `option`, is neither the database `db`
    /// (nor its `-wal`, `-shm` or `-journal` file) nor one of `inputs`.
    ///
    /// The rule: relative paths and symbolic links are resolved; files and
    /// folders are compared by identity (device and inode), so a hard link
    /// or a bind mount is the file it shows; and names in one folder are
    /// compared without regard to case, everywhere (as a case-folding
    /// filesystem does), so the same command is refused on every system.
    /// The output is refused when its name, less a `-wal`, `-shm` or
    /// `-journal` ending, names in its folder a file that is the database
    /// (under any of its names), or the database's own name in the
    /// database's folder.
    pub(crate) fn new(option: &str, path: &Path, db: &Path, inputs: &[&Path]) -> Result<Self> {
        let shown = path.display().to_string();
        let target = resolve(path).with_context(|| {
            crate::context::say!(
                "{option} {file}: cannot resolve the path",
                option = option,
                file = shown
            )
        })?;
        // A database or input whose folder does not exist cannot be the
        // output (whose folder does); the command reports it later.
        if let Ok(db_file) = resolve(db)
            && is_database(&target, &db_file)
        {
            bail!(crate::context::say!(
                "{option} {file} is the database {db} or one of its files: choose another file",
                option = option,
                file = shown,
                db = db.display()
            ));
        }
        for input in inputs {
            if resolve(input).is_ok_and(|input_file| same(&target, &input_file)) {
                bail!(crate::context::say!(
                    "{option} {file} is the input {input}: choose another file",
                    option = option,
                    file = shown,
                    input = input.display()
                ));
            }
        }
        // What is there must be a file that a rename may replace, and the
        // folder must take a new file: checked now, before the command
        // writes anything else.
        if let Ok(metadata) = std::fs::metadata(&target)
            && !metadata.is_file()
        {
            bail!(if metadata.is_dir() {
                crate::context::say!(
                    "{option} {file} is a folder: give a file name",
                    option = option,
                    file = shown
                )
            } else {
                crate::context::say!(
                    "{option} {file} is not a regular file: give a file name",
                    option = option,
                    file = shown
                )
            });
        }
        let mut output = Self {
            target,
            shown,
            temp: None,
        };
        output.temp = Some(output.new_temp()?);
        Ok(output)
    }

    /// A new temporary file beside the output.
    fn new_temp(&self) -> Result<NamedTempFile> {
        let dir = self.target.parent().unwrap_or(Path::new("."));
        NamedTempFile::new_in(dir)
            .with_context(|| crate::context::say!("cannot write {file}", file = self.shown))
    }

    /// The temporary file beside the output (the one made when it was
    /// checked, or a new one), to be [`persist`](Self::persist)ed or
    /// dropped (which deletes it).
    pub(crate) fn temp(&mut self) -> Result<NamedTempFile> {
        match self.temp.take() {
            Some(temp) => Ok(temp),
            None => self.new_temp(),
        }
    }

    /// Puts the temporary file's contents in place of the output, whole.
    pub(crate) fn persist(&self, temp: NamedTempFile) -> Result<()> {
        let fail = || crate::context::say!("cannot write {file}", file = self.shown);
        temp.as_file().sync_all().with_context(fail)?;
        temp.persist(&self.target)
            .map_err(|e| e.error)
            .with_context(fail)?;
        Ok(())
    }

    /// Writes `bytes` as the output, whole.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<()> {
        let mut temp = self.temp()?;
        temp.write_all(bytes)
            .with_context(|| crate::context::say!("cannot write {file}", file = self.shown))?;
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
        // Checked (and its temporary file made) even for a dry run, which
        // then drops it: the check is the same as the real run's.
        let mut output = path
            .map(|p| Output::new("--rejects", p, db, &[input]))
            .transpose()?;
        let temp = match &mut output {
            Some(output) => {
                let temp = output.temp()?;
                write.then_some(temp)
            }
            None => None,
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
                Ok(crate::context::say!(
                    "; {rows} in {file}",
                    rows = crate::context::count(skipped, "skipped row"),
                    file = output.shown()
                ))
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

/// Whether two resolved paths are one file: the same file on disk (by
/// identity: hard links, bind mounts), or names in one folder (by identity)
/// that differ at most by case.
fn same(a: &Path, b: &Path) -> bool {
    if a == b || identical(a, b) {
        return true;
    }
    match (a.parent(), b.parent()) {
        (Some(pa), Some(pb)) => identical(pa, pb) && folded(a.file_name()) == folded(b.file_name()),
        _ => false,
    }
}

/// Whether the resolved output path `target` is the resolved database
/// `db` or one of its `-wal`, `-shm` or `-journal` files, under the rule of
/// [`Output::new`].
fn is_database(target: &Path, db: &Path) -> bool {
    if identical(target, db) {
        return true;
    }
    let (Some(folder), Some(name)) = (target.parent(), folded(target.file_name())) else {
        return false;
    };
    let base = SIDECARS
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(&name)
        .to_owned();
    // The database's own name in its own folder, also when it does not
    // exist yet.
    if db.parent().is_some_and(|d| identical(d, folder))
        && folded(db.file_name()) == Some(base.clone())
    {
        return true;
    }
    // Any name in the output's folder under which the database is found
    // (a hard link, another case).
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    entries.flatten().any(|entry| {
        folded(Some(&entry.file_name())) == Some(base.clone()) && identical(&entry.path(), db)
    })
}

/// Whether two existing paths are one file or folder. On Unix by device
/// and inode, read without opening either (the database may be a pipe, and
/// opening it would wait).
fn identical(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        same_file::is_same_file(a, b).unwrap_or(false)
    }
}

fn folded(name: Option<&OsStr>) -> Option<String> {
    name.map(|n| n.to_string_lossy().to_lowercase())
}
