//! Writing images: atomically, so a crash or a full disk never leaves a
//! half-written PNG where the user expects one.

use crate::error::{Result, SmpError};
use std::io::Write;
use std::path::{Path, PathBuf};

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
/// it over `path`: readers see the old file or the whole new one.
pub fn write_file_atomic(bytes: &[u8], path: &Path) -> Result<()> {
    let fail = |detail: String| SmpError::Output { path: path.to_path_buf(), detail };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| fail("not a file name".into()))?;
    let tmp: PathBuf = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e.to_string()));
    }
    Ok(())
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
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
