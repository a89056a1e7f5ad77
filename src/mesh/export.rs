//! Writing a head mesh out as Wavefront OBJ, binary glTF (.glb), binary
//! PLY or binary STL, for other tools and for the import tests' round
//! trips. Files are written atomically.

use super::HeadMesh;
use crate::core::error::Result;
use std::fmt::Write as _;
use std::path::Path;

/// OBJ with positions, normals, texture coordinates if the mesh has them,
/// and triangles (1-based). `material`: a `.mtl` file name and the material
/// in it the head uses (its `map_Kd` is the skin texture).
pub fn write_obj_with_material(mesh: &HeadMesh, path: &Path, material: Option<(&str, &str)>) -> Result<()> {
    let mut text = String::with_capacity(mesh.positions.len() * 64 + mesh.indices.len() * 12);
    text.push_str("# smp-studio head mesh, millimetres, +Y up, +Z to the face\n");
    if let Some((library, _)) = material {
        let _ = writeln!(text, "mtllib {library}");
    }
    text.push_str("o head\n");
    for p in &mesh.positions {
        let _ = writeln!(text, "v {} {} {}", p.x, p.y, p.z);
    }
    for n in &mesh.normals {
        let _ = writeln!(text, "vn {} {} {}", n.x, n.y, n.z);
    }
    let textured = mesh.uvs.len() == mesh.positions.len();
    if textured {
        // OBJ counts v up from the image's bottom.
        for uv in &mesh.uvs {
            let _ = writeln!(text, "vt {} {}", uv.x, 1.0 - uv.y);
        }
    }
    if let Some((_, name)) = material {
        let _ = writeln!(text, "usemtl {name}");
    }
    for t in mesh.indices.chunks_exact(3) {
        let [a, b, c] = [t[0] + 1, t[1] + 1, t[2] + 1];
        let _ = if textured {
            writeln!(text, "f {a}/{a}/{a} {b}/{b}/{b} {c}/{c}/{c}")
        } else {
            writeln!(text, "f {a}//{a} {b}//{b} {c}//{c}")
        };
    }
    crate::core::output_file::write_file_atomic(text.as_bytes(), path)
}

/// OBJ with positions, normals (and texture coordinates) and triangles.
pub fn write_obj(mesh: &HeadMesh, path: &Path) -> Result<()> {
    write_obj_with_material(mesh, path, None)
}

/// Binary glTF 2.0: one mesh, one triangle primitive with positions,
/// normals and u32 indices in one buffer.
pub fn write_glb(mesh: &HeadMesh, path: &Path) -> Result<()> {
    let mut bin: Vec<u8> = Vec::new();
    for p in &mesh.positions {
        bin.extend(bytemuck::bytes_of(&p.to_array()));
    }
    let normals_at = bin.len();
    for n in &mesh.normals {
        bin.extend(bytemuck::bytes_of(&n.to_array()));
    }
    let indices_at = bin.len();
    bin.extend(bytemuck::cast_slice::<u32, u8>(&mesh.indices));
    let (lo, hi) = mesh.bounds();
    let n = mesh.positions.len();
    let json = serde_json::json!({
        "asset": { "version": "2.0", "generator": "smp-studio" },
        "scene": 0,
        "scenes": [{ "nodes": [0] }],
        "nodes": [{ "mesh": 0, "name": "head" }],
        "meshes": [{ "primitives": [{ "attributes": { "POSITION": 0, "NORMAL": 1 }, "indices": 2, "mode": 4 }] }],
        "buffers": [{ "byteLength": bin.len() }],
        "bufferViews": [
            { "buffer": 0, "byteOffset": 0, "byteLength": normals_at, "target": 34962 },
            { "buffer": 0, "byteOffset": normals_at, "byteLength": indices_at - normals_at, "target": 34962 },
            { "buffer": 0, "byteOffset": indices_at, "byteLength": bin.len() - indices_at, "target": 34963 }
        ],
        "accessors": [
            { "bufferView": 0, "componentType": 5126, "count": n, "type": "VEC3",
              "min": lo.to_array(), "max": hi.to_array() },
            { "bufferView": 1, "componentType": 5126, "count": n, "type": "VEC3" },
            { "bufferView": 2, "componentType": 5125, "count": mesh.indices.len(), "type": "SCALAR" }
        ]
    });
    let mut json = serde_json::to_vec(&json).expect("a JSON value serialises");
    while !json.len().is_multiple_of(4) {
        json.push(b' ');
    }
    while !bin.len().is_multiple_of(4) {
        bin.push(0);
    }
    let total = 12 + 8 + json.len() + 8 + bin.len();
    let mut glb = Vec::with_capacity(total);
    glb.extend(b"glTF");
    glb.extend(2u32.to_le_bytes());
    glb.extend((total as u32).to_le_bytes());
    glb.extend((json.len() as u32).to_le_bytes());
    glb.extend(b"JSON");
    glb.extend(&json);
    glb.extend((bin.len() as u32).to_le_bytes());
    glb.extend(b"BIN\0");
    glb.extend(&bin);
    crate::core::output_file::write_file_atomic(&glb, path)
}

/// Binary little-endian PLY: positions, normals, the vertex colours if the
/// mesh has them, and triangles, as photogrammetry tools write it.
pub fn write_ply(mesh: &HeadMesh, path: &Path) -> Result<()> {
    let coloured = mesh.colours.len() == mesh.positions.len();
    let mut bytes = format!(
        "ply\nformat binary_little_endian 1.0\ncomment smp-studio head mesh, millimetres, +Y up, +Z to the face\n\
         element vertex {}\nproperty float x\nproperty float y\nproperty float z\n\
         property float nx\nproperty float ny\nproperty float nz\n{}\
         element face {}\nproperty list uchar uint vertex_indices\nend_header\n",
        mesh.positions.len(),
        if coloured { "property uchar red\nproperty uchar green\nproperty uchar blue\n" } else { "" },
        mesh.triangle_count()
    )
    .into_bytes();
    for (i, (p, n)) in mesh.positions.iter().zip(&mesh.normals).enumerate() {
        bytes.extend(bytemuck::bytes_of(&p.to_array()));
        bytes.extend(bytemuck::bytes_of(&n.to_array()));
        if coloured {
            bytes.extend(mesh.colours[i]);
        }
    }
    for t in mesh.indices.chunks_exact(3) {
        bytes.push(3);
        bytes.extend(bytemuck::cast_slice::<u32, u8>(t));
    }
    crate::core::output_file::write_file_atomic(&bytes, path)
}

/// Binary STL: each triangle with its facet normal.
pub fn write_stl(mesh: &HeadMesh, path: &Path) -> Result<()> {
    let mut bytes = b"smp-studio head mesh, millimetres, +Y up, +Z to the face".to_vec();
    bytes.resize(80, b' ');
    bytes.extend((mesh.triangle_count() as u32).to_le_bytes());
    for t in 0..mesh.triangle_count() {
        let [a, b, c] = mesh.triangle(t);
        let normal = (b - a).cross(c - a).normalize_or_zero();
        for v in [normal, a, b, c] {
            bytes.extend(bytemuck::bytes_of(&v.to_array()));
        }
        bytes.extend([0u8; 2]);
    }
    crate::core::output_file::write_file_atomic(&bytes, path)
}
