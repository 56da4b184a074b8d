//! Writing the files grclint is asked to write (`--output`, `baseline`, `init`): never
//! through a symbolic link, never half a file.

use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

/// Writes `target` through a temporary file beside it and a rename, so that a reader (or a
/// full disk) never sees half a file. A symbolic link at `target` is refused, not followed.
pub fn write_atomically_with(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if std::fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(io::Error::other(crate::i18n::t(
            "it is a symbolic link; grclint does not write through links",
            "シンボリックリンクである。grclint はリンクを通して書き込まない",
        )));
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (tmp, file) = temp_beside(dir, &name)?;
    let result = (|| {
        let mut w = io::BufWriter::new(file);
        write(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        // Only the file this call created.
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

pub fn write_atomically(target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(target, |w| w.write_all(bytes))
}

/// A new temporary file in `dir`, named so that no other run's (nor anyone's) file is
/// taken: created with `create_new`, a fresh name on each collision.
fn temp_beside(dir: &Path, name: &str) -> io::Result<(std::path::PathBuf, std::fs::File)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{}.{nanos}.{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(crate::i18n::t(
        "no free temporary file name",
        "一時ファイルの名前が空いていない",
    )))
}

/// The first symbolic link on the way from `base` down to `target` (its folders and the
/// file itself), if any: writing there would land outside `base`.
pub fn link_on_the_way(base: &Path, target: &Path) -> Option<std::path::PathBuf> {
    let rel = target.strip_prefix(base).ok()?;
    let mut at = base.to_path_buf();
    for part in rel.components() {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(at);
        }
    }
    None
}

/// The reader of standard output went away (`grclint check | head`): not an error. On
/// Windows a closed pipe is also reported as "no data" (232) or "pipe not connected" (233),
/// which the standard library does not count as a broken pipe.
pub fn reader_gone(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(232 | 233)))
}
