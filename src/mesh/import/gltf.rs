//! glTF 2.0 (.gltf with external or embedded buffers, .glb): every triangle
//! primitive of the default scene (or of all meshes when there is no scene),
//! placed by its node's transform. Images are not decoded here: their
//! files are only looked for, so a missing texture is a warning. Buffers
//! are read through `input_file`'s caps, and what accessors declare is
//! checked against `MAX_TRIANGLES` before anything is read, so a file that
//! claims gigabytes it does not hold is refused, not believed.

use super::{MAX_TRIANGLES, RawMesh, TextureSource};
use crate::input_file::{self, caps, size_text};
use glam::{Mat3, Mat4, Vec2, Vec3};
use std::path::Path;

/// Vertices a file may declare in all (three a triangle, unshared).
const MAX_VERTICES: usize = 3 * MAX_TRIANGLES;

pub fn read(path: &Path, warnings: &mut Vec<String>, textures: &mut Vec<TextureSource>) -> Result<RawMesh, String> {
    let bytes = input_file::read(path, caps::MESH_BYTES).map_err(input_file::Refusal::text)?;
    parse(&bytes, Some(path.parent().unwrap_or(Path::new("."))), warnings, textures)
}

/// Parses glTF JSON or GLB bytes; `base` is the folder external files are
/// read from (`None`: the bytes came from memory, and may not name any).
pub fn parse(
    bytes: &[u8],
    base: Option<&Path>,
    warnings: &mut Vec<String>,
    textures: &mut Vec<TextureSource>,
) -> Result<RawMesh, String> {
    check_glb_header(bytes)?;
    let gltf::Gltf { document, mut blob } =
        gltf::Gltf::from_slice(bytes).map_err(|e| format!("not a valid glTF file: {e}"))?;
    let buffers = load_buffers(&document, base, &mut blob)?;
    for material in document.materials() {
        let Some(info) = material.pbr_metallic_roughness().base_color_texture() else { continue };
        match info.texture().source().source() {
            gltf::image::Source::Uri { uri, .. } if !uri.starts_with("data:") => {
                let Some(base) = base else {
                    warnings.push("a texture in another file, read from memory: skipped".into());
                    continue;
                };
                super::texture_file(base.join(percent_decoded(uri)), textures, warnings);
            }
            gltf::image::Source::Uri { uri, .. } => match uri.split_once(";base64,") {
                Some((_, data)) => match base64_decode(data) {
                    Some(bytes) => textures.push(TextureSource::Embedded(bytes)),
                    None => warnings.push("an embedded texture is not valid base64: skipped".into()),
                },
                None => warnings.push("an embedded texture is not base64: skipped".into()),
            },
            gltf::image::Source::View { view, .. } => {
                let bytes = buffers
                    .get(view.buffer().index())
                    .and_then(|b| b.get(view.offset()..view.offset().checked_add(view.length())?));
                match bytes {
                    Some(bytes) => textures.push(TextureSource::Embedded(bytes.to_vec())),
                    None => warnings.push("an embedded texture lies outside its buffer: skipped".into()),
                }
            }
        }
    }
    let mut raw = RawMesh::default();
    let mut skipped = 0usize;
    let mut declared = (0usize, 0usize);
    let mut add = |mesh: gltf::Mesh, transform: Mat4| -> Result<(), String> {
        let normal_matrix = Mat3::from_mat4(transform).inverse().transpose();
        for primitive in mesh.primitives() {
            if primitive.mode() != gltf::mesh::Mode::Triangles {
                skipped += 1;
                continue;
            }
            let Some(position_accessor) = primitive.get(&gltf::Semantic::Positions) else {
                skipped += 1;
                continue;
            };
            // What the file declares, before any of it is read: a sparse
            // accessor without data yields `count` items out of nothing.
            declared.0 += position_accessor.count();
            declared.1 += primitive.indices().map_or(position_accessor.count(), |a| a.count());
            if declared.0 > MAX_VERTICES || declared.1 > 3 * MAX_TRIANGLES {
                return Err(format!(
                    "it declares {} vertices and {} triangle corners, more than the {MAX_TRIANGLES} triangles \
                     we import: decimate the scan first",
                    declared.0, declared.1
                ));
            }
            let mesh_name = format!("mesh {} primitive {}", mesh.index(), primitive.index());
            let reader = primitive.reader(|b| buffers.get(b.index()).map(|d| &d[..]));
            let positions: Vec<Vec3> = reader
                .read_positions()
                .ok_or_else(|| format!("{mesh_name}: its positions lie outside their buffer"))?
                .map(|p| transform.transform_point3(Vec3::from(p)))
                .collect();
            let normals = reader
                .read_normals()
                .map(|n| n.map(|n| normal_matrix * Vec3::from(n)).collect::<Vec<_>>())
                .filter(|n| n.len() == positions.len());
            let indices: Vec<u32> = match (primitive.indices(), reader.read_indices()) {
                (_, Some(indices)) => indices.into_u32().collect(),
                (None, None) => (0..positions.len() as u32).collect(),
                (Some(_), None) => return Err(format!("{mesh_name}: its indices lie outside their buffer")),
            };
            let uvs = reader
                .read_tex_coords(0)
                .map(|t| t.into_f32().map(Vec2::from).collect::<Vec<_>>())
                .filter(|t| t.len() == positions.len());
            raw.append(RawMesh { positions, normals, uvs, colours: None, indices });
        }
        Ok(())
    };
    match document.default_scene().or_else(|| document.scenes().next()) {
        Some(scene) => {
            let mut stack: Vec<(gltf::Node, Mat4)> = scene.nodes().map(|n| (n, Mat4::IDENTITY)).collect();
            let mut visited = 0usize;
            while let Some((node, parent)) = stack.pop() {
                visited += 1;
                if visited > 1_000_000 {
                    return Err("its node tree does not end (a cycle?)".into());
                }
                let transform = parent * Mat4::from_cols_array_2d(&node.transform().matrix());
                if let Some(mesh) = node.mesh() {
                    add(mesh, transform)?;
                }
                stack.extend(node.children().map(|c| (c, transform)));
            }
        }
        None => {
            for mesh in document.meshes() {
                add(mesh, Mat4::IDENTITY)?;
            }
        }
    }
    if skipped > 0 {
        warnings.push(format!("{skipped} primitives that are not triangles skipped"));
    }
    Ok(raw)
}

/// A GLB's header and chunk lengths, checked before the gltf crate reads
/// them (it subtracts before it compares: a length under the header's own
/// size panicked, found by fuzzing). JSON glTF passes untouched.
fn check_glb_header(bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(b"glTF") {
        return Ok(());
    }
    let word = |k: usize| bytes.get(k..k + 4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]) as usize);
    let (Some(length), Some(chunk)) = (word(8), word(12)) else {
        return Err("not a valid glTF file: its GLB header is cut short".into());
    };
    if length < 20 || length > bytes.len() || chunk > length - 20 {
        return Err(format!(
            "not a valid glTF file: its GLB header says {length} bytes with a {chunk}-byte first chunk, \
             the file holds {}",
            bytes.len()
        ));
    }
    Ok(())
}

/// Each buffer's bytes: the GLB's binary chunk, a data URI, or a file
/// beside the glTF (a regular file, no larger than the buffer claims to be
/// and the cap).
fn load_buffers(
    document: &gltf::Document,
    base: Option<&Path>,
    blob: &mut Option<Vec<u8>>,
) -> Result<Vec<Vec<u8>>, String> {
    let mut buffers = Vec::new();
    for buffer in document.buffers() {
        let n = buffer.index();
        let length = buffer.length() as u64;
        if length > caps::MESH_BYTES {
            return Err(format!(
                "buffer {n} claims {}, more than the {} we read",
                size_text(length),
                size_text(caps::MESH_BYTES)
            ));
        }
        let mut data = match buffer.source() {
            gltf::buffer::Source::Bin => {
                blob.take().ok_or(format!("buffer {n} is the GLB's binary chunk, and it has none"))?
            }
            gltf::buffer::Source::Uri(uri) if uri.starts_with("data:") => match uri.split_once(";base64,") {
                Some((_, data)) => {
                    base64_decode(data).ok_or(format!("buffer {n}: its data URI is not valid base64"))?
                }
                None => return Err(format!("buffer {n}: its data URI is not base64")),
            },
            gltf::buffer::Source::Uri(uri) => {
                let Some(base) = base else {
                    return Err(format!("buffer {n} is in another file ({uri}), and these bytes came from memory"));
                };
                let file = base
                    .join(percent_decoded(uri.strip_prefix("file://").or(uri.strip_prefix("file:")).unwrap_or(uri)));
                // Only the bytes the buffer claims are read, whatever the file's size.
                let (opened, _) = input_file::open(&file, u64::MAX).map_err(|r| {
                    format!("its buffers could not be read: buffer {n} ({}): {}", file.display(), r.text())
                })?;
                let mut data = Vec::with_capacity(length as usize);
                std::io::Read::read_to_end(&mut std::io::Read::take(opened, length), &mut data)
                    .map_err(|e| format!("its buffers could not be read: buffer {n} ({}): {e}", file.display()))?;
                data
            }
        };
        if (data.len() as u64) < length {
            return Err(format!(
                "buffer {n} claims {} but holds {}: the file is truncated",
                size_text(length),
                size_text(data.len() as u64)
            ));
        }
        data.truncate(length as usize);
        buffers.push(data);
    }
    Ok(buffers)
}

/// A URI's path with %XX escapes decoded (invalid escapes kept as written).
fn percent_decoded(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut k = 0;
    while k < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[k], bytes.get(k + 1).and_then(|&b| hex(b)), bytes.get(k + 2).and_then(|&b| hex(b))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                k += 3;
            }
            (b, _, _) => {
                out.push(b);
                k += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Standard base64 (data URIs), without a dependency for it.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        acc = (acc << 6) | value(c)? as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}
