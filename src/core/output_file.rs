//! Writing images: atomically, so a crash or a full disk never leaves a
//! half-written PNG where the user expects one.

use crate::core::error::{Result, SmpError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Makes `dir` (and its parents) and checks that it accepts files.
pub fn prepare_folder(dir: &Path) -> Result<()> {
    let fail = |detail: String| SmpError::Output { path: dir.to_path_buf(), detail };
    std::fs::create_dir_all(dir).map_err(|e| fail(format!("{e}; choose another folder with --out")))?;
    let probe = dir.join(format!(".smp-write-test-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .map_err(|e| fail(format!("the folder is not writable ({e}); choose another with --out")))?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// Encodes `image` as PNG and writes it with `write_file_atomic`.
pub fn write_png_atomic(image: &image::RgbaImage, path: &Path) -> Result<()> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)
        .map_err(|e| SmpError::Output { path: path.to_path_buf(), detail: e.to_string() })?;
    write_file_atomic(&bytes, path)
}

/// Writes `bytes` into a temporary file beside `path`, syncs it and renames
/// it over `path`: readers see the old file or the whole new one, even if
/// the process is killed at any moment. A temporary left by a writer that
/// was killed is removed by the next write of the same file.
pub fn write_file_atomic(bytes: &[u8], path: &Path) -> Result<()> {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let fail = |detail: String| SmpError::Output { path: path.to_path_buf(), detail };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| fail("not a file name".into()))?.to_string_lossy().into_owned();
    remove_dead_writers_temporaries(dir, &name);
    // Unique per process and write: two threads saving one file never share one.
    let n = WRITES.fetch_add(1, Ordering::Relaxed);
    let tmp: PathBuf = dir.join(format!("{}{}-{n}", temporary_prefix(&name), std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename itself reaches the disk with the folder's own sync.
        if let Ok(folder) = std::fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e.to_string()));
    }
    Ok(())
}

/// Temporaries of `name` are `.{name}.tmp-{pid}-{n}`.
fn temporary_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Removes temporaries of `name` in `dir` whose writing process is gone
/// (killed mid-save); a live writer's are left alone.
fn remove_dead_writers_temporaries(dir: &Path, name: &str) {
    let prefix = temporary_prefix(name);
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|f| f.strip_prefix(&prefix)) else { continue };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id runs (Linux: its /proc entry exists;
/// elsewhere assumed alive, so nothing of a live writer is ever removed).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") { Path::new(&format!("/proc/{pid}")).exists() } else { true }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_leaves_no_temporaries() {
        let dir = std::env::temp_dir().join(format!("smp-output-{}", std::process::id()));
        prepare_folder(&dir).unwrap();
        let img = image::RgbaImage::from_pixel(3, 2, image::Rgba([10, 20, 30, 255]));
        let path = dir.join("a.png");
        write_png_atomic(&img, &path).unwrap();
        assert_eq!(image::open(&path).unwrap().to_rgba8(), img);
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.png")]);
        // A writer killed mid-save (no such process) left a temporary; the
        // next save of the same file removes it, a live writer's stays.
        let dead = dir.join(format!("{}{}-0", temporary_prefix("a.png"), u32::MAX - 1));
        let live = dir.join(format!("{}{}-0", temporary_prefix("a.png"), std::process::id()));
        std::fs::write(&dead, b"half").unwrap();
        std::fs::write(&live, b"half").unwrap();
        write_png_atomic(&img, &path).unwrap();
        assert!(!dead.exists() && live.exists());
        std::fs::remove_file(&live).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
