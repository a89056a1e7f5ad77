//! Landmarks corrected by hand (in the live view), kept beside the mesh as
//! `<mesh file>.landmarks.toml` so every later render of that mesh uses
//! them. Coordinates are millimetres in the fitted head's frame (+Y up, +Z
//! to the face), as `smp head inspect` prints them.

use crate::core::error::{Result, SmpError};
use crate::core::landmarks::HeadLandmarks;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LandmarkFile {
    brow: [f32; 3],
    ear_top_left: [f32; 3],
    ear_top_right: [f32; 3],
    nape: [f32; 3],
}

/// Where a mesh's corrected landmarks live.
pub fn path_for(mesh: &Path) -> PathBuf {
    let mut name = mesh.file_name().unwrap_or_default().to_os_string();
    name.push(".landmarks.toml");
    mesh.with_file_name(name)
}

/// The corrected landmarks, if the file exists; `fitted` gives the cranium
/// centre (the frame's own point, not editable).
pub fn load(path: &Path, fitted: &HeadLandmarks) -> Result<Option<HeadLandmarks>> {
    let text = match crate::core::input_file::read_text(path, crate::core::input_file::caps::LANDMARKS_BYTES) {
        Ok(text) => text,
        Err(crate::core::input_file::Refusal::Missing) => return Ok(None),
        Err(refusal) => return Err(bad(path, refusal.text())),
    };
    parse(&text, path, fitted).map(Some)
}

/// Parses landmarks text; `path` is what errors call it.
pub fn parse(text: &str, path: &Path, fitted: &HeadLandmarks) -> Result<HeadLandmarks> {
    let file: LandmarkFile = toml::from_str(text).map_err(|e| bad(path, e.message().trim().to_string()))?;
    for (name, p) in [
        ("brow", file.brow),
        ("ear_top_left", file.ear_top_left),
        ("ear_top_right", file.ear_top_right),
        ("nape", file.nape),
    ] {
        if p.iter().any(|v| !v.is_finite() || v.abs() > 400.0) {
            return Err(bad(path, format!("{name}: expected millimetres within 400 of the head's centre, got {p:?}")));
        }
    }
    Ok(HeadLandmarks {
        cranium_centre: fitted.cranium_centre,
        brow: file.brow.into(),
        ear_top_left: file.ear_top_left.into(),
        ear_top_right: file.ear_top_right.into(),
        nape: file.nape.into(),
    })
}

/// Writes the landmarks beside the mesh, atomically.
pub fn save(path: &Path, landmarks: &HeadLandmarks) -> Result<()> {
    let file = LandmarkFile {
        brow: landmarks.brow.to_array(),
        ear_top_left: landmarks.ear_top_left.to_array(),
        ear_top_right: landmarks.ear_top_right.to_array(),
        nape: landmarks.nape.to_array(),
    };
    let text = format!(
        "# Landmarks corrected by hand in smp view: mm in the fitted head's frame\n# (+Y up, +Z to the face). Delete this file to use the ones found.\n{}",
        toml::to_string(&file).map_err(|e| bad(path, e.to_string()))?
    );
    crate::core::output_file::write_file_atomic(text.as_bytes(), path)
}

fn bad(path: &Path, problem: String) -> SmpError {
    SmpError::Mesh { file: path.display().to_string(), problem }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::procedural::builtin_landmarks;

    #[test]
    fn corrections_round_trip_and_broken_ones_are_named() {
        let dir = std::env::temp_dir().join(format!("smp-landmarks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = path_for(&dir.join("head.obj"));
        assert!(path.ends_with("head.obj.landmarks.toml"));
        let truth = builtin_landmarks();
        assert_eq!(load(&path, &truth).unwrap(), None, "no file: no correction");
        let mut moved = truth;
        moved.brow.y += 7.0;
        save(&path, &moved).unwrap();
        assert_eq!(load(&path, &truth).unwrap(), Some(moved));
        std::fs::write(&path, "brow = [0, nan, 80]\near_top_left = [1,2,3]\near_top_right = [1,2,3]\nnape = [1,2,3]\n")
            .unwrap();
        let e = load(&path, &truth).unwrap_err().to_string();
        assert!(e.contains("head.obj.landmarks.toml") && e.contains("brow"), "{e}");
        std::fs::write(&path, "brow = [0, 1, 80]\n").unwrap();
        let e = load(&path, &truth).unwrap_err().to_string();
        assert!(e.contains("missing field"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
