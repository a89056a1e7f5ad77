//! Wavefront OBJ through tobj: every object and group merged, polygons
//! triangulated, the `.mtl` read only for its diffuse texture's name. The
//! file and its material libraries are streamed through `input_file`'s
//! caps (regular files, bounded size, bounded lines).

use super::{RawMesh, TextureSource};
use crate::core::input_file::{self, LineCapped, caps};
use glam::{Vec2, Vec3};
use std::cell::RefCell;
use std::io::BufRead;
use std::path::{Path, PathBuf};

pub fn read(path: &Path, warnings: &mut Vec<String>, textures: &mut Vec<TextureSource>) -> Result<RawMesh, String> {
    let (file, _) = input_file::open(path, caps::MESH_BYTES).map_err(input_file::Refusal::text)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let reader = LineCapped::new(std::io::BufReader::new(file), caps::TEXT_LINE_BYTES, caps::MESH_BYTES);
    let (raw, names) = parse(reader, |name| {
        let file = dir.join(name);
        let (mtl, _) = input_file::open(&file, caps::MTL_BYTES)
            .map_err(|r| format!("material library {}: {}", file.display(), r.text()))?;
        Ok(LineCapped::new(std::io::BufReader::new(mtl), caps::TEXT_LINE_BYTES, caps::MTL_BYTES))
    })?;
    for name in names {
        match name {
            Ok(texture) => super::texture_file(dir.join(texture), textures, warnings),
            Err(problem) => warnings.push(format!("{problem}: the plan's skin tone is used")),
        }
    }
    Ok(raw)
}

/// Texture names from the material libraries, or why a library could not
/// be read.
type TextureNames = Vec<Result<PathBuf, String>>;

/// Parses OBJ text; `open_mtl` opens a material library the file names.
/// Public through `import::parse_obj` for the fuzzer.
pub fn parse<R, M>(
    reader: LineCapped<R>,
    open_mtl: impl Fn(&Path) -> Result<LineCapped<M>, String>,
) -> Result<(RawMesh, TextureNames), String>
where
    R: BufRead,
    M: BufRead,
{
    let options = tobj::LoadOptions { triangulate: true, single_index: true, ignore_points: true, ignore_lines: true };
    let libraries: RefCell<Vec<Result<(), String>>> = RefCell::default();
    let mut reader = reader;
    let loaded = tobj::load_obj_buf(&mut reader, &options, |name| match open_mtl(name) {
        Ok(mut mtl) => {
            // tobj panics on some broken material lines (`Kd 0.5`, found
            // by fuzzing): a bad material library costs the texture, not
            // the mesh.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tobj::load_mtl_buf(&mut mtl)))
                .unwrap_or(Err(tobj::LoadError::MaterialParseError));
            let problem = match (&result, mtl.overrun.take()) {
                (_, Some(overrun)) => Err(format!("material library {}: {overrun}", name.display())),
                (Err(e), None) => Err(format!("material library {}: {e}", name.display())),
                (Ok(_), None) => Ok(()),
            };
            libraries.borrow_mut().push(problem);
            result
        }
        Err(problem) => {
            libraries.borrow_mut().push(Err(problem));
            Err(tobj::LoadError::OpenFileFailed)
        }
    });
    if let Some(overrun) = reader.overrun.take() {
        return Err(overrun);
    }
    let (models, materials) = loaded.map_err(|e| match e {
        tobj::LoadError::OpenFileFailed | tobj::LoadError::ReadError => format!("cannot read it ({e})"),
        other => format!("not a valid OBJ file: {other}"),
    })?;
    let mut names: TextureNames = libraries.into_inner().into_iter().filter_map(Result::err).map(Err).collect();
    if let Ok(materials) = materials {
        names.extend(materials.iter().filter_map(|m| m.diffuse_texture.as_ref()).map(|t| Ok(PathBuf::from(t))));
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
        raw.append(RawMesh { positions, normals, uvs, colours: None, indices: m.indices });
    }
    Ok((raw, names))
}
