//! Files a stranger hands us (a client's scan, its textures and buffers, a
//! plan, landmarks, a view script) are opened here and nowhere else: only
//! regular files (a FIFO would block forever, a directory or `/dev/zero`
//! never ends), no larger than a stated cap (checked before a byte is
//! read, so a 10 GB file is refused at once), and text lines no longer
//! than a stated cap while a parser streams them (a file of spaces with no
//! newline would otherwise be one line as long as the file).

use std::io::{BufRead, Read};
use std::path::Path;

const MIB: u64 = 1 << 20;

/// The caps, one per kind of file; each message names it.
pub mod caps {
    use super::MIB;
    /// A mesh file or one glTF buffer: a 20 M-triangle OBJ (`MAX_TRIANGLES`)
    /// is ≈ 1.2 GB of text.
    pub const MESH_BYTES: u64 = 2048 * MIB;
    /// An OBJ material library: a few lines per material.
    pub const MTL_BYTES: u64 = 16 * MIB;
    /// One line of OBJ or MTL text; real lines are under 100 bytes.
    pub const TEXT_LINE_BYTES: u64 = MIB;
    /// A texture file (8192² as PNG is at most ≈ 260 MB).
    pub const TEXTURE_BYTES: u64 = 512 * MIB;
    /// A texture's side: scanners write 4096² or 8192²; we keep 4096 on the
    /// GPU (`gpu::raster::skin_texture::MAX_SKIN_TEXTURE`).
    pub const TEXTURE_SIDE: u32 = 8192;
    /// Memory a texture decode may take (8192² RGBA8 is 256 MiB).
    pub const TEXTURE_DECODE_BYTES: u64 = 512 * MIB;
    /// A plan file: thousands of brush strokes are well under 1 MB.
    pub const PLAN_BYTES: u64 = 16 * MIB;
    /// A landmarks file: four points.
    pub const LANDMARKS_BYTES: u64 = MIB;
    /// A view script: a line a frame.
    pub const SCRIPT_BYTES: u64 = 16 * MIB;
}

/// "2 GiB", "512 MiB", "300 KiB": a size as a person reads it.
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64),
        b if b >= MIB => format!("{:.0} MiB", b as f64 / MIB as f64),
        b if b >= 1024 => format!("{:.0} KiB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}

/// Why a file was not read; `Missing` is kept apart because some callers
/// treat an absent file as "none" (landmarks beside a mesh).
#[derive(Debug)]
pub enum Refusal {
    Missing,
    Problem(String),
}

impl Refusal {
    /// The message, with "no such file" for `Missing`.
    pub fn text(self) -> String {
        match self {
            Refusal::Missing => "no such file".into(),
            Refusal::Problem(text) => text,
        }
    }
}

/// Checks that `path` is a regular file of at most `cap` bytes and opens it.
pub fn open(path: &Path, cap: u64) -> Result<(std::fs::File, u64), Refusal> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refusal::Missing),
        Err(e) => return Err(Refusal::Problem(format!("cannot read it: {e}"))),
    };
    if meta.is_dir() {
        return Err(Refusal::Problem("it is a folder, not a file".into()));
    }
    if !meta.is_file() {
        return Err(Refusal::Problem(
            "it is not a regular file (a pipe, socket or device): save it as a file first".into(),
        ));
    }
    if meta.len() > cap {
        return Err(Refusal::Problem(format!(
            "it is {}, more than the {} we read for this kind of file",
            size_text(meta.len()),
            size_text(cap)
        )));
    }
    let file = std::fs::File::open(path).map_err(|e| Refusal::Problem(format!("cannot read it: {e}")))?;
    Ok((file, meta.len()))
}

/// The whole file, if it is a regular file of at most `cap` bytes.
pub fn read(path: &Path, cap: u64) -> Result<Vec<u8>, Refusal> {
    let (file, len) = open(path, cap)?;
    let mut bytes = Vec::with_capacity(len as usize);
    // The file may have grown since it was measured: never past the cap.
    file.take(cap + 1).read_to_end(&mut bytes).map_err(|e| Refusal::Problem(format!("cannot read it: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(Refusal::Problem(format!("it grew past {} while being read", size_text(cap))));
    }
    Ok(bytes)
}

/// The whole file as UTF-8 text, if it is a regular file of at most `cap`.
pub fn read_text(path: &Path, cap: u64) -> Result<String, Refusal> {
    String::from_utf8(read(path, cap)?).map_err(|e| {
        Refusal::Problem(format!("not a text file: invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
    })
}

/// An image file (a scan's texture, a render to compare), decoded within
/// the texture caps: PNG, JPEG or TGA (known by its extension: TGA has no
/// signature to guess it by).
pub fn read_image(path: &Path) -> Result<image::RgbaImage, String> {
    let (file, _) = open(path, caps::TEXTURE_BYTES).map_err(Refusal::text)?;
    let mut reader = image::ImageReader::new(std::io::BufReader::new(file));
    if let Ok(format) = image::ImageFormat::from_path(path) {
        reader.set_format(format);
    }
    decode_capped(reader)
}

/// Encoded image bytes (a texture inside a glTF), decoded within the caps.
pub fn decode_image(bytes: &[u8]) -> Result<image::RgbaImage, String> {
    decode_capped(image::ImageReader::new(std::io::Cursor::new(bytes)))
}

/// Decodes within the caps: the size is read from the header and checked
/// before any pixel is (a decompression bomb declares a size it would take
/// gigabytes to hold).
fn decode_capped<R: BufRead + std::io::Seek>(reader: image::ImageReader<R>) -> Result<image::RgbaImage, String> {
    use caps::{TEXTURE_DECODE_BYTES, TEXTURE_SIDE};
    let mut reader = reader.with_guessed_format().map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(TEXTURE_SIDE);
    limits.max_image_height = Some(TEXTURE_SIDE);
    limits.max_alloc = Some(TEXTURE_DECODE_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => format!(
            "larger than the {TEXTURE_SIDE}×{TEXTURE_SIDE} pixels ({} decoded) we read: resize it to {TEXTURE_SIDE} \
             or less a side",
            size_text(TEXTURE_DECODE_BYTES)
        ),
        other => other.to_string(),
    })?;
    Ok(image.to_rgba8())
}

/// A reader that fails once a line runs past `max_line` bytes (or the
/// whole past `max_total`), so a parser that reads line by line never
/// holds more than that. What went wrong is kept in `overrun`, since
/// parsers tend to replace an I/O error with their own words.
pub struct LineCapped<R> {
    inner: R,
    max_line: u64,
    max_total: u64,
    line: u64,
    line_number: u64,
    total: u64,
    pub overrun: Option<String>,
}

impl<R: BufRead> LineCapped<R> {
    pub fn new(inner: R, max_line: u64, max_total: u64) -> Self {
        Self { inner, max_line, max_total, line: 0, line_number: 1, total: 0, overrun: None }
    }
}

impl<R: BufRead> Read for LineCapped<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCapped<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if let Some(problem) = &self.overrun {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, problem.clone()));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        let mut longest = (self.line, self.line_number);
        if let Ok(buffer) = self.inner.fill_buf() {
            for &byte in &buffer[..n.min(buffer.len())] {
                if byte == b'\n' {
                    self.line = 0;
                    self.line_number += 1;
                } else {
                    self.line += 1;
                    if self.line > longest.0 {
                        longest = (self.line, self.line_number);
                    }
                }
            }
        }
        self.total += n as u64;
        self.inner.consume(n);
        if longest.0 > self.max_line {
            let line_number = longest.1;
            self.overrun =
                Some(format!("line {line_number} is longer than {}: not a text mesh file", size_text(self.max_line)));
        } else if self.total > self.max_total {
            self.overrun = Some(format!("it is longer than {}", size_text(self.max_total)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_folders_pipes_and_files_over_the_cap() {
        let dir = std::env::temp_dir().join(format!("smp-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let problem = |r: Result<Vec<u8>, Refusal>| r.unwrap_err().text();
        assert!(problem(read(&dir, 10)).contains("folder"));
        assert!(matches!(read(&dir.join("absent"), 10), Err(Refusal::Missing)));
        let big = dir.join("big.txt");
        std::fs::write(&big, [b' '; 11]).unwrap();
        assert!(problem(read(&big, 10)).contains("11 bytes, more than the 10 bytes"), "{}", problem(read(&big, 10)));
        assert_eq!(read(&big, 11).unwrap().len(), 11);
        let fifo = dir.join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(problem(read(&fifo, 10)).contains("not a regular file"));
        }
        assert!(read_text(&big, 11).is_ok());
        std::fs::write(&big, [0xff, 0xfe]).unwrap();
        assert!(problem(read_text(&big, 11).map(String::into_bytes)).contains("UTF-8"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_line_past_the_cap_stops_the_reader() {
        let text = format!("v 0 0 0\n{}\nv 1 1 1\n", " ".repeat(100));
        let mut reader = LineCapped::new(text.as_bytes(), 50, 1 << 20);
        let mut lines = Vec::new();
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            lines.push(std::mem::take(&mut line));
        }
        // The reader's buffer may hand out the long line itself (at most a
        // buffer past the cap); nothing after it is read.
        assert!(!lines.iter().any(|l| l.starts_with("v 1")), "{lines:?}");
        assert_eq!(reader.overrun.as_deref(), Some("line 2 is longer than 50 bytes: not a text mesh file"));
        let mut fine = LineCapped::new(text.as_bytes(), 200, 1 << 20);
        let mut all = String::new();
        fine.read_to_string(&mut all).unwrap();
        assert_eq!(all, text);
        let mut short = LineCapped::new(text.as_bytes(), 200, 20);
        assert!(short.read_to_string(&mut all).is_err());
        assert_eq!(short.overrun.as_deref(), Some("it is longer than 20 bytes"));
    }
}
