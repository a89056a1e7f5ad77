//! glTF 2.0 (.gltf with external or embedded buffers, .glb): every triangle
//! primitive of the default scene (or of all meshes when there is no scene),
//! placed by its node's transform. Images are not decoded here: their
//! files are only looked for, so a missing texture is a warning.

use super::RawMesh;
use glam::{Mat3, Mat4, Vec3};
use std::path::{Path, PathBuf};

pub fn read(path: &Path, warnings: &mut Vec<String>, textures: &mut Vec<PathBuf>) -> Result<RawMesh, String> {
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
                    textures.push(file);
                } else {
                    warnings.push(format!("texture {} is missing: the plan's skin tone is used", file.display()));
                }
            }
            // Embedded textures ride with the file itself.
            _ => textures.push(path.to_path_buf()),
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
            raw.append(RawMesh { positions, normals, indices });
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
