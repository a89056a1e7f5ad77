//! Every parser a stranger's file reaches, by name: what the fuzzers
//! (`fuzz/`, `scripts/fuzz.sh`) drive and what the regression corpus
//! (`tests/corpus/fuzz/<parser>/`) replays. Each takes raw bytes and goes
//! through the same code as the file on disk would, after the file itself
//! has passed `input_file`'s checks.

use crate::mesh::import::{parse_gltf_bytes, parse_obj_bytes, parse_ply_bytes, parse_stl_bytes};
use crate::mesh::procedural::builtin_landmarks;
use std::path::Path;

/// The parsers, as the fuzz targets and corpus folders name them.
pub const NAMES: [&str; 7] = ["obj", "gltf", "ply", "stl", "plan", "landmarks", "script"];

/// Runs parser `name` on `bytes`; `Ok` if it was read, `Err` with the
/// message a user would see if it was refused. Panics only on an unknown
/// name (a bug in the caller, not in the input).
///
/// - `obj`: bytes up to the first NUL are the OBJ, the rest is the material
///   library every `mtllib` line gets.
/// - `gltf`: glTF JSON or GLB, embedded textures decoded.
/// - `ply`, `stl`: the file's bytes (a texture a PLY names is not read).
/// - `plan`, `landmarks`, `script`: UTF-8 text as their files hold (other
///   bytes are refused the way `input_file::read_text` refuses them).
pub fn run(name: &str, bytes: &[u8]) -> Result<(), String> {
    let text = || std::str::from_utf8(bytes).map_err(|e| format!("not a text file: {e}"));
    match name {
        "obj" => {
            let (obj, mtl) = match bytes.iter().position(|&b| b == 0) {
                Some(k) => (&bytes[..k], Some(&bytes[k + 1..])),
                None => (bytes, None),
            };
            parse_obj_bytes(obj, mtl).map(|_| ())
        }
        "gltf" => parse_gltf_bytes(bytes).map(|_| ()),
        "ply" => parse_ply_bytes(bytes).map(|_| ()),
        "stl" => parse_stl_bytes(bytes).map(|_| ()),
        "plan" => crate::plan::file::parse(text()?, "fuzz.toml").map(|_| ()).map_err(|e| e.to_string()),
        "landmarks" => crate::mesh::landmarks_file::parse(text()?, Path::new("fuzz.toml"), &builtin_landmarks())
            .map(|_| ())
            .map_err(|e| e.to_string()),
        "script" => crate::view::action::parse_script(text()?, "fuzz.txt").map(|_| ()).map_err(|e| e.to_string()),
        other => panic!("no parser `{other}`: expected one of {NAMES:?}"),
    }
}
