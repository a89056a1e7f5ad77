//! glTF 2.0 (.gltf with external or embedded buffers, .glb): every triangle
//! primitive of the default scene (or of all meshes when there is no scene),
//! placed by its node's transform. Images are not decoded here: their
//! files are only looked for, so a missing texture is a warning.

use super::{RawMesh, TextureSource};
use glam::{Mat3, Mat4, Vec2, Vec3};
use std::path::Path;

pub fn read(path: &Path, warnings: &mut Vec<String>, textures: &mut Vec<TextureSource>) -> Result<RawMesh, String> {
    let gltf = gltf::Gltf::open(path).map_err(|e| format!("not a valid glTF file: {e}"))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let buffers = gltf::import_buffers(&gltf.document, Some(base), gltf.blob.clone())
        .map_err(|e| format!("its buffers could not be read: {e}"))?;
    for material in gltf.document.materials() {
        let Some(info) = material.pbr_metallic_roughness().base_color_texture() else { continue };
        match info.texture().source().source() {
            gltf::image::Source::Uri { uri, .. } if !uri.starts_with("data:") => {
                let file = base.join(uri);
                if file.is_file() {
                    textures.push(TextureSource::File(file));
                } else {
                    warnings.push(format!("texture {} is missing: the plan's skin tone is used", file.display()));
                }
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
                    .and_then(|b| b.0.get(view.offset()..view.offset() + view.length()));
                match bytes {
                    Some(bytes) => textures.push(TextureSource::Embedded(bytes.to_vec())),
                    None => warnings.push("an embedded texture lies outside its buffer: skipped".into()),
                }
            }
        }
    }
    let mut raw = RawMesh::default();
    let mut skipped = 0usize;
    let mut add = |mesh: gltf::Mesh, transform: Mat4| -> Result<(), String> {
        let normal_matrix = Mat3::from_mat4(transform).inverse().transpose();
        for primitive in mesh.primitives() {
            if primitive.mode() != gltf::mesh::Mode::Triangles {
                skipped += 1;
                continue;
            }
            let reader = primitive.reader(|b| buffers.get(b.index()).map(|d| &d.0[..]));
            let Some(positions) = reader.read_positions() else {
                skipped += 1;
                continue;
            };
            let positions: Vec<Vec3> = positions.map(|p| transform.transform_point3(Vec3::from(p))).collect();
            let normals = reader
                .read_normals()
                .map(|n| n.map(|n| normal_matrix * Vec3::from(n)).collect::<Vec<_>>())
                .filter(|n| n.len() == positions.len());
            let indices: Vec<u32> = match reader.read_indices() {
                Some(indices) => indices.into_u32().collect(),
                None => (0..positions.len() as u32).collect(),
            };
            let uvs = reader
                .read_tex_coords(0)
                .map(|t| t.into_f32().map(Vec2::from).collect::<Vec<_>>())
                .filter(|t| t.len() == positions.len());
            raw.append(RawMesh { positions, normals, uvs, indices });
        }
        Ok(())
    };
    match gltf.document.default_scene().or_else(|| gltf.document.scenes().next()) {
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
            for mesh in gltf.document.meshes() {
                add(mesh, Mat4::IDENTITY)?;
            }
        }
    }
    if skipped > 0 {
        warnings.push(format!("{skipped} primitives that are not triangles skipped"));
    }
    Ok(raw)
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
