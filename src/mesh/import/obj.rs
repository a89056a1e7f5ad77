//! Wavefront OBJ through tobj: every object and group merged, polygons
//! triangulated, the `.mtl` read only for its diffuse texture's name.

use super::{RawMesh, TextureSource};
use glam::{Vec2, Vec3};
use std::path::Path;

pub fn read(path: &Path, warnings: &mut Vec<String>, textures: &mut Vec<TextureSource>) -> Result<RawMesh, String> {
    let options = tobj::LoadOptions { triangulate: true, single_index: true, ignore_points: true, ignore_lines: true };
    let (models, materials) = tobj::load_obj(path, &options).map_err(|e| match e {
        tobj::LoadError::OpenFileFailed | tobj::LoadError::ReadError => format!("cannot read it ({e})"),
        other => format!("not a valid OBJ file: {other}"),
    })?;
    match materials {
        Ok(materials) => {
            let dir = path.parent().unwrap_or(Path::new("."));
            for texture in materials.iter().filter_map(|m| m.diffuse_texture.as_ref()) {
                let file = dir.join(texture);
                if file.is_file() {
                    textures.push(TextureSource::File(file));
                } else {
                    warnings.push(format!("texture {} is missing: the plan's skin tone is used", file.display()));
                }
            }
        }
        // A scan without its .mtl still has its shape.
        Err(e) => {
            if std::fs::read_to_string(path).is_ok_and(|t| t.lines().any(|l| l.trim_start().starts_with("mtllib"))) {
                warnings.push(format!("its material library could not be read ({e}): the plan's skin tone is used"));
            }
        }
    }
    let mut raw = RawMesh::default();
    for model in models {
        let m = model.mesh;
        if m.positions.len() % 3 != 0 {
            return Err(format!("object `{}` has a truncated vertex list", model.name));
        }
        let positions: Vec<Vec3> = m.positions.chunks_exact(3).map(|p| Vec3::new(p[0], p[1], p[2])).collect();
        let normals = (m.normals.len() == m.positions.len() && !m.normals.is_empty())
            .then(|| m.normals.chunks_exact(3).map(|n| Vec3::new(n[0], n[1], n[2])).collect());
        // OBJ counts v up from the image's bottom; we count down from its top, as glTF.
        let uvs = (m.texcoords.len() * 3 == m.positions.len() * 2 && !m.texcoords.is_empty())
            .then(|| m.texcoords.chunks_exact(2).map(|t| Vec2::new(t[0], 1.0 - t[1])).collect());
        raw.append(RawMesh { positions, normals, uvs, indices: m.indices });
    }
    Ok(raw)
}
