//! STL, binary and ascii: a soup of triangles (welded by `clean`). A binary
//! file is known by its size (84 bytes and 50 a triangle), since many
//! binary files also begin with `solid`; anything else that begins with
//! `solid` is read as text.

use super::{MAX_TRIANGLES, RawMesh};
use crate::core::input_file::{self, caps};
use glam::Vec3;
use std::path::Path;

pub fn read(path: &Path) -> Result<RawMesh, String> {
    let bytes = input_file::read(path, caps::MESH_BYTES).map_err(input_file::Refusal::text)?;
    parse(&bytes)
}

/// Parses STL held in memory.
pub fn parse(bytes: &[u8]) -> Result<RawMesh, String> {
    if let Some(count) = binary_count(bytes) {
        return Ok(binary(bytes, count));
    }
    if bytes.trim_ascii_start().starts_with(b"solid") {
        return ascii(bytes);
    }
    match bytes.get(80..84) {
        Some(count) => {
            let count = u32::from_le_bytes([count[0], count[1], count[2], count[3]]) as u64;
            Err(format!(
                "a binary STL of {count} triangles should be {} bytes, not {}: the file is truncated or corrupt",
                84 + 50 * count,
                bytes.len()
            ))
        }
        None => Err("not an STL file: too short for a binary one, and it does not start with `solid`".into()),
    }
}

/// The triangle count of a binary file whose size matches it.
fn binary_count(bytes: &[u8]) -> Option<usize> {
    let count = u32::from_le_bytes(bytes.get(80..84)?.try_into().ok()?) as usize;
    (count <= MAX_TRIANGLES && bytes.len() == 84 + 50 * count).then_some(count)
}

fn binary(bytes: &[u8], count: usize) -> RawMesh {
    let mut raw = RawMesh::default();
    raw.positions.reserve(3 * count);
    for t in 0..count {
        let facet = &bytes[84 + 50 * t..84 + 50 * (t + 1)];
        let float = |k: usize| f32::from_le_bytes([facet[4 * k], facet[4 * k + 1], facet[4 * k + 2], facet[4 * k + 3]]);
        // Floats 0–2 are the facet's normal, often zero: `clean` makes its own.
        for corner in 0..3 {
            raw.positions.push(Vec3::new(float(3 + 3 * corner), float(4 + 3 * corner), float(5 + 3 * corner)));
        }
    }
    raw.indices = (0..3 * count as u32).collect();
    raw
}

fn ascii(bytes: &[u8]) -> Result<RawMesh, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "an ascii STL that is not text: the file is corrupt")?;
    let mut raw = RawMesh::default();
    let mut facet: Vec<Vec3> = Vec::new();
    let mut words = text.split_ascii_whitespace();
    while let Some(word) = words.next() {
        match word {
            "vertex" => {
                let mut coordinate = || -> Result<f32, String> {
                    let word = words.next().ok_or("the file ends inside a vertex")?;
                    word.parse().map_err(|_| format!("`{}` is not a number", word.chars().take(40).collect::<String>()))
                };
                facet.push(Vec3::new(coordinate()?, coordinate()?, coordinate()?));
                if facet.len() > 256 {
                    return Err("a facet of more than 256 vertices: the file is corrupt".into());
                }
            }
            "endloop" => {
                // Three corners in a well-formed file; a polygon as a fan.
                let base = raw.positions.len() as u32;
                for i in 1..facet.len().saturating_sub(1) as u32 {
                    raw.indices.extend([base, base + i, base + i + 1]);
                }
                raw.positions.append(&mut facet);
                if raw.indices.len() / 3 > MAX_TRIANGLES {
                    return Err(format!("more than the {MAX_TRIANGLES} triangles we import: decimate the scan first"));
                }
            }
            _ => {}
        }
    }
    if !facet.is_empty() {
        return Err("the file ends inside a facet".into());
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binary_tetrahedron(header: &[u8]) -> Vec<u8> {
        let p = [Vec3::ZERO, Vec3::X, Vec3::Y, Vec3::Z];
        let faces = [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]];
        let mut bytes = header.to_vec();
        bytes.resize(80, b' ');
        bytes.extend(4u32.to_le_bytes());
        for f in faces {
            bytes.extend([0u8; 12]);
            for i in f {
                for v in p[i].to_array() {
                    bytes.extend(v.to_le_bytes());
                }
            }
            bytes.extend([0u8; 2]);
        }
        bytes
    }

    #[test]
    fn binary_is_known_by_its_size_even_when_it_says_solid() {
        for header in [&b"binary"[..], b"solid exported by a CAD tool"] {
            let raw = parse(&binary_tetrahedron(header)).unwrap();
            assert_eq!(raw.positions.len(), 12);
            assert_eq!(raw.positions[4], Vec3::X);
            assert_eq!(raw.indices.len(), 12);
        }
    }

    #[test]
    fn ascii_facets() {
        let text = "solid t\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 1 0 0\n   vertex 0 1 0\n  endloop\n endfacet\n facet normal 0 0 1\n  outer loop\n   vertex 1 0 0\n   vertex 1 1 0\n   vertex 0 1 0\n  endloop\n endfacet\nendsolid t\n";
        let raw = parse(text.as_bytes()).unwrap();
        assert_eq!(raw.positions.len(), 6);
        assert_eq!(raw.indices, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(raw.positions[4], Vec3::new(1.0, 1.0, 0.0));
    }

    #[test]
    fn broken_files_say_what_is_wrong() {
        let mut truncated = binary_tetrahedron(b"binary");
        truncated.truncate(150);
        assert!(parse(&truncated).unwrap_err().contains("should be 284 bytes, not 150"));
        assert!(parse(b"PK\x03\x04").unwrap_err().contains("not an STL"));
        assert!(parse(b"solid t\nfacet\nouter loop\nvertex 0 0 nan_not\n").unwrap_err().contains("not a number"));
        assert!(parse(b"solid t\nfacet\nouter loop\nvertex 0 0 0\nvertex 1").unwrap_err().contains("ends inside"));
    }
}
