//! Meshes made elsewhere: Wavefront OBJ, glTF 2.0, PLY and STL read into
//! one triangle mesh, cleaned (polygons triangulated, objects merged, vertices welded,
//! degenerate and duplicate triangles dropped, winding made outward, smooth
//! normals computed), with a warning for everything skipped. Placing the
//! head in our frame (units, up, front, crop, landmarks) is `fit`.

mod gltf;
mod obj;
mod ply;
mod stl;

use super::HeadMesh;
use crate::core::error::{Result, SmpError};
use glam::{Vec2, Vec3};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Largest mesh imported: beyond this a scan needs decimating first (the
/// GPU's own buffer limits are checked when the head is uploaded).
pub const MAX_TRIANGLES: usize = 20_000_000;

/// Raw triangles as a loader reads them: corners index `positions`;
/// `normals`, `uvs` and `colours`, if the file had them, run parallel to
/// `positions`.
#[derive(Debug, Default)]
pub struct RawMesh {
    pub positions: Vec<Vec3>,
    pub normals: Option<Vec<Vec3>>,
    pub uvs: Option<Vec<Vec2>>,
    pub colours: Option<Vec<[u8; 3]>>,
    pub indices: Vec<u32>,
}

/// `a` followed by `b`, if both parts have the attribute.
fn joined<T>(a: Option<Vec<T>>, b: Option<Vec<T>>, a_empty: bool) -> Option<Vec<T>> {
    match (a, b) {
        (Some(mut a), Some(b)) => {
            a.extend(b);
            Some(a)
        }
        (None, Some(b)) if a_empty => Some(b),
        _ => None,
    }
}

impl RawMesh {
    /// Appends `other`, re-indexing its triangles. An attribute only some
    /// parts have is dropped.
    fn append(&mut self, other: RawMesh) {
        let base = self.positions.len() as u32;
        let empty = self.positions.is_empty();
        self.normals = joined(self.normals.take(), other.normals, empty);
        self.uvs = joined(self.uvs.take(), other.uvs, empty);
        self.colours = joined(self.colours.take(), other.colours, empty);
        self.positions.extend(other.positions);
        self.indices.extend(other.indices.into_iter().map(|i| i + base));
    }
}

/// A mesh read from a file, cleaned, in the file's own units and axes.
pub struct ImportedMesh {
    pub mesh: HeadMesh,
    pub source: PathBuf,
    /// Things skipped or repaired, each naming the file.
    pub warnings: Vec<String>,
    /// Base-colour / diffuse texture files the file names.
    pub textures: Vec<PathBuf>,
    /// The first of them, decoded: the skin's own colour (with `mesh.uvs`).
    pub albedo: Option<image::RgbaImage>,
}

/// Reads a mesh file by its extension (.obj, .gltf, .glb, .ply, .stl).
pub fn load(path: &Path) -> Result<ImportedMesh> {
    load_with_texture(path, None)
}

/// As `load`, with `texture` as the skin's colour map in place of any the
/// file names (`--texture`: a scan whose map lies beside it unnamed, or a
/// better one). A texture asked for by name that cannot be used is an
/// error, not a warning.
pub fn load_with_texture(path: &Path, texture: Option<&Path>) -> Result<ImportedMesh> {
    let shown = path.display().to_string();
    let fail = |problem: String| SmpError::Mesh { file: shown.clone(), problem };
    // The file's kind and size first: a pipe, a folder or a 10 GB file is
    // refused before a parser sees it.
    let (_, len) =
        crate::core::input_file::open(path, crate::core::input_file::caps::MESH_BYTES).map_err(|r| match r {
            crate::core::input_file::Refusal::Missing => fail("cannot read it: no such file".into()),
            crate::core::input_file::Refusal::Problem(p) => fail(p),
        })?;
    if len == 0 {
        return Err(fail("the file is empty".into()));
    }
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let mut warnings = Vec::new();
    let mut textures: Vec<TextureSource> = Vec::new();
    let raw = caught(|| match extension.as_str() {
        "obj" => obj::read(path, &mut warnings, &mut textures),
        "gltf" | "glb" => gltf::read(path, &mut warnings, &mut textures),
        "ply" => ply::read(path, &mut warnings, &mut textures),
        "stl" => stl::read(path),
        other => Err(format!("unknown mesh format `.{other}`: expected .obj, .gltf, .glb, .ply or .stl")),
    })
    .map_err(fail)?;
    let mut mesh = clean(raw, &mut warnings).map_err(fail)?;
    let albedo = match texture {
        Some(given) => {
            let named = |problem: String| SmpError::Mesh { file: given.display().to_string(), problem };
            if mesh.uvs.is_empty() {
                return Err(named(format!(
                    "--texture needs texture coordinates to place it, and {shown} has none: leave --texture out \
                     (the plan's skin tone is used)"
                )));
            }
            let image = crate::core::input_file::read_image(given)
                .map_err(|e| named(format!("cannot use it as the skin: {e}")))?;
            if let Some(own) = textures.first() {
                let own = match own {
                    TextureSource::File(file) => file.display().to_string(),
                    TextureSource::Embedded(_) => "its embedded texture".into(),
                };
                warnings.push(format!("--texture {} is used in place of {own}", given.display()));
            }
            textures = vec![TextureSource::File(given.to_path_buf())];
            Some(image)
        }
        None => albedo(&textures, &mesh, &mut warnings),
    };
    if albedo.is_none() {
        mesh.uvs.clear();
    }
    let warnings = warnings.into_iter().map(|w| format!("{shown}: {w}")).collect();
    let textures = textures
        .into_iter()
        .map(|t| match t {
            TextureSource::File(file) => file,
            TextureSource::Embedded(_) => path.to_path_buf(),
        })
        .collect();
    Ok(ImportedMesh { mesh, source: path.to_path_buf(), warnings, textures, albedo })
}

/// A parser run with its panics caught: the parsers are other people's
/// code, and a panic in one is a broken file, not a crash.
fn caught(parse: impl FnOnce() -> std::result::Result<RawMesh, String>) -> std::result::Result<RawMesh, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse)) {
        Ok(result) => result,
        Err(_) => Err("the parser failed on it: the file is corrupt or not a mesh".into()),
    }
}

/// Parses and cleans an OBJ held in memory, with `material_library` as
/// every `mtllib` it names: the parsers, caps and cleaning of `load`
/// without touching a file (the fuzzers' way in).
pub fn parse_obj_bytes(
    obj: &[u8],
    material_library: Option<&[u8]>,
) -> std::result::Result<(HeadMesh, Vec<String>), String> {
    use crate::core::input_file::{LineCapped, caps};
    let mut warnings = Vec::new();
    let raw = caught(|| {
        let reader = LineCapped::new(obj, caps::TEXT_LINE_BYTES, caps::MESH_BYTES);
        let (raw, names) = obj::parse(reader, |name| match material_library {
            Some(bytes) => Ok(LineCapped::new(bytes, caps::TEXT_LINE_BYTES, caps::MTL_BYTES)),
            None => Err(format!("material library {}: none given", name.display())),
        })?;
        for name in names {
            match name {
                Ok(texture) => warnings.push(format!("texture {} not read from memory", texture.display())),
                Err(problem) => warnings.push(problem),
            }
        }
        Ok(raw)
    })?;
    let mesh = clean(raw, &mut warnings)?;
    Ok((mesh, warnings))
}

/// Parses and cleans a glTF (JSON or GLB) held in memory; embedded
/// textures are decoded as `load` does, external files are refused.
pub fn parse_gltf_bytes(bytes: &[u8]) -> std::result::Result<(HeadMesh, Vec<String>), String> {
    let mut warnings = Vec::new();
    let mut textures = Vec::new();
    let raw = caught(|| gltf::parse(bytes, None, &mut warnings, &mut textures))?;
    let mesh = clean(raw, &mut warnings)?;
    let _ = albedo(&textures, &mesh, &mut warnings);
    Ok((mesh, warnings))
}

/// Parses and cleans a PLY held in memory (a texture it names is not read).
pub fn parse_ply_bytes(bytes: &[u8]) -> std::result::Result<(HeadMesh, Vec<String>), String> {
    let mut warnings = Vec::new();
    let raw = caught(|| ply::parse(bytes, &mut warnings).map(|(raw, _)| raw))?;
    let mesh = clean(raw, &mut warnings)?;
    Ok((mesh, warnings))
}

/// Parses and cleans an STL held in memory.
pub fn parse_stl_bytes(bytes: &[u8]) -> std::result::Result<(HeadMesh, Vec<String>), String> {
    let mut warnings = Vec::new();
    let raw = caught(|| stl::parse(bytes))?;
    let mesh = clean(raw, &mut warnings)?;
    Ok((mesh, warnings))
}

/// Keeps a texture file a mesh names if it can be read; a missing or
/// unreadable one (a folder, a pipe, too large) is a warning.
fn texture_file(file: PathBuf, textures: &mut Vec<TextureSource>, warnings: &mut Vec<String>) {
    use crate::core::input_file::{Refusal, caps};
    match crate::core::input_file::open(&file, caps::TEXTURE_BYTES) {
        Ok(_) => textures.push(TextureSource::File(file)),
        Err(Refusal::Missing) => {
            warnings.push(format!("texture {} is missing: the plan's skin tone is used", file.display()))
        }
        Err(Refusal::Problem(p)) => {
            warnings.push(format!("texture {}: {p}: the plan's skin tone is used", file.display()))
        }
    }
}

/// A base-colour texture as a file names it.
pub enum TextureSource {
    File(PathBuf),
    /// Encoded image bytes inside the file (glTF buffer views, data URIs).
    Embedded(Vec<u8>),
}

/// Decodes the first texture, if the mesh has coordinates for it; anything
/// wrong is a warning and the plan's skin tone is used.
fn albedo(textures: &[TextureSource], mesh: &HeadMesh, warnings: &mut Vec<String>) -> Option<image::RgbaImage> {
    let first = textures.first()?;
    if textures.len() > 1 {
        warnings.push(format!("{} textures: the first is used as the skin's colour", textures.len()));
    }
    if mesh.uvs.is_empty() {
        warnings.push("a texture but no texture coordinates: the plan's skin tone is used".into());
        return None;
    }
    let decoded = match first {
        TextureSource::File(file) => {
            crate::core::input_file::read_image(file).map_err(|e| format!("texture {}: {e}", file.display()))
        }
        TextureSource::Embedded(bytes) => {
            crate::core::input_file::decode_image(bytes).map_err(|e| format!("embedded texture: {e}"))
        }
    };
    match decoded {
        Ok(image) => Some(image),
        Err(e) => {
            warnings.push(format!("{e}: the plan's skin tone is used"));
            None
        }
    }
}

/// Checks, welds and orients the raw triangles into a `HeadMesh`.
pub fn clean(raw: RawMesh, warnings: &mut Vec<String>) -> std::result::Result<HeadMesh, String> {
    if let Some((k, p)) = raw.positions.iter().enumerate().find(|(_, p)| !p.is_finite()) {
        return Err(format!(
            "vertex {} has a coordinate that is not a finite number ({p}): the file is corrupt",
            k + 1
        ));
    }
    if !raw.indices.len().is_multiple_of(3) {
        return Err("the triangle list does not come in threes".into());
    }
    if let Some(&i) = raw.indices.iter().find(|&&i| i as usize >= raw.positions.len()) {
        return Err(format!("a face uses vertex {} of {}: the file is corrupt", i + 1, raw.positions.len()));
    }
    let count = raw.indices.len() / 3;
    if count == 0 {
        return Err("it holds no triangles (points and lines are not a surface)".into());
    }
    if count > MAX_TRIANGLES {
        return Err(format!("{count} triangles is more than the {MAX_TRIANGLES} we import: decimate the scan first"));
    }
    // Weld corners that share a position (files split them per face).
    let (lo, hi) = raw
        .positions
        .iter()
        .fold((Vec3::splat(f32::MAX), Vec3::splat(f32::MIN)), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
    let size = (hi - lo).max_element();
    if size.is_nan() || size <= 0.0 {
        return Err("all its vertices are at one point".into());
    }
    let quantum = size * 1e-6;
    // Corners that share a position are one point of the surface (files
    // split them per face); with texture coordinates, a seam keeps one
    // vertex per side but one normal.
    let mut points: HashMap<[i64; 3], u32> = HashMap::with_capacity(raw.positions.len());
    let mut welded: HashMap<(u32, [i32; 2]), u32> = HashMap::with_capacity(raw.positions.len());
    let mut positions = Vec::new();
    let mut uvs = Vec::new();
    let mut colours = Vec::new();
    let colour_of = |k: usize| raw.colours.as_ref().map_or([0; 3], |c| c[k]);
    let mut point_of_vertex = Vec::new();
    let mut file_normals = Vec::new();
    let uv_of = |k: usize| raw.uvs.as_ref().map_or(Vec2::ZERO, |uv| uv[k]);
    let remap: Vec<u32> = (0..raw.positions.len())
        .map(|k| {
            let p = raw.positions[k];
            let key = ((p - lo) / quantum).round().as_i64vec3().to_array();
            let next = points.len() as u32;
            let point = *points.entry(key).or_insert(next);
            let uv = uv_of(k);
            if raw.uvs.is_none() {
                // No seams to keep: a vertex per point.
                if point as usize == positions.len() {
                    positions.push(p);
                    uvs.push(Vec2::ZERO);
                    colours.push(colour_of(k));
                    point_of_vertex.push(point);
                    file_normals.push(Vec3::ZERO);
                }
                return point;
            }
            let uv_key = if uv.is_finite() { (uv * 1e5).round().as_ivec2().to_array() } else { [0, 0] };
            *welded.entry((point, uv_key)).or_insert_with(|| {
                positions.push(p);
                uvs.push(if uv.is_finite() { uv } else { Vec2::ZERO });
                colours.push(colour_of(k));
                point_of_vertex.push(point);
                file_normals.push(Vec3::ZERO);
                positions.len() as u32 - 1
            })
        })
        .collect();
    if let Some(normals) = &raw.normals {
        for (k, n) in normals.iter().enumerate() {
            if n.is_finite() {
                file_normals[remap[k] as usize] += *n;
            }
        }
    }
    let mut seen = std::collections::HashSet::with_capacity(count);
    let (mut degenerate, mut duplicate) = (0usize, 0usize);
    let mut indices = Vec::with_capacity(raw.indices.len());
    for t in raw.indices.chunks_exact(3) {
        let tri = [remap[t[0] as usize], remap[t[1] as usize], remap[t[2] as usize]];
        let corners = tri.map(|v| point_of_vertex[v as usize]);
        let [a, b, c] = tri.map(|i| positions[i as usize]);
        if corners[0] == corners[1]
            || corners[1] == corners[2]
            || corners[0] == corners[2]
            || (b - a).cross(c - a).length_squared() == 0.0
        {
            degenerate += 1;
            continue;
        }
        let mut key = corners;
        key.sort_unstable();
        if !seen.insert(key) {
            duplicate += 1;
            continue;
        }
        indices.extend(tri);
    }
    if degenerate > 0 {
        warnings.push(format!("{degenerate} degenerate triangles (no area) removed"));
    }
    if duplicate > 0 {
        warnings.push(format!("{duplicate} duplicate triangles removed"));
    }
    if indices.is_empty() {
        return Err("every triangle is degenerate: there is no surface".into());
    }
    let uvs = if raw.uvs.is_some() { uvs } else { Vec::new() };
    let colours = if raw.colours.is_some() { colours } else { Vec::new() };
    let mut mesh = HeadMesh { positions, normals: Vec::new(), indices, uvs, colours };
    orient_outward(&mut mesh, raw.normals.is_some().then_some(&file_normals[..]), warnings);
    mesh.normals = smooth_normals_of_points(&mesh, &point_of_vertex);
    drop_unused_vertices(&mut mesh);
    Ok(mesh)
}

/// Makes triangles counter-clockwise seen from outside: per triangle by the
/// file's normals where it has them, then as a whole by the signed volume.
fn orient_outward(mesh: &mut HeadMesh, file_normals: Option<&[Vec3]>, warnings: &mut Vec<String>) {
    let mut flipped = 0usize;
    if let Some(normals) = file_normals {
        for t in mesh.indices.chunks_exact_mut(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.positions[i as usize]);
            let stated = normals[t[0] as usize] + normals[t[1] as usize] + normals[t[2] as usize];
            if stated.length_squared() > 0.0 && (b - a).cross(c - a).dot(stated) < 0.0 {
                t.swap(1, 2);
                flipped += 1;
            }
        }
    }
    let volume: f32 = mesh
        .indices
        .chunks_exact(3)
        .map(|t| {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.positions[i as usize]);
            a.dot(b.cross(c))
        })
        .sum();
    if volume < 0.0 {
        for t in mesh.indices.chunks_exact_mut(3) {
            t.swap(1, 2);
        }
        warnings.push("faces wound inside out: turned".into());
    } else if flipped * 1000 > mesh.indices.len() / 3 {
        // A few slivers disagreeing with smoothed normals are not worth a word.
        warnings.push(format!("{flipped} faces wound against their normals: turned"));
    }
}

/// Area-weighted normals shared by the vertices of one point (both sides
/// of a texture seam).
fn smooth_normals_of_points(mesh: &HeadMesh, point_of_vertex: &[u32]) -> Vec<Vec3> {
    let points = point_of_vertex.iter().copied().max().map_or(0, |m| m as usize + 1);
    let mut normals = vec![Vec3::ZERO; points];
    for t in mesh.indices.chunks_exact(3) {
        let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.positions[i as usize]);
        let n = (b - a).cross(c - a);
        for &i in t {
            normals[point_of_vertex[i as usize] as usize] += n;
        }
    }
    point_of_vertex.iter().map(|&p| normals[p as usize].normalize_or(Vec3::Y)).collect()
}

/// Area-weighted vertex normals.
pub fn smooth_normals(mesh: &HeadMesh) -> Vec<Vec3> {
    let mut normals = vec![Vec3::ZERO; mesh.positions.len()];
    for t in mesh.indices.chunks_exact(3) {
        let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.positions[i as usize]);
        let n = (b - a).cross(c - a);
        for &i in t {
            normals[i as usize] += n;
        }
    }
    normals.into_iter().map(|n| n.normalize_or(Vec3::Y)).collect()
}

/// Drops vertices no triangle uses (after cleaning or cropping).
pub fn drop_unused_vertices(mesh: &mut HeadMesh) {
    let mut used = vec![u32::MAX; mesh.positions.len()];
    let (mut positions, mut normals, mut uvs, mut colours) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in mesh.indices.iter_mut() {
        let slot = &mut used[*i as usize];
        if *slot == u32::MAX {
            *slot = positions.len() as u32;
            positions.push(mesh.positions[*i as usize]);
            normals.push(mesh.normals[*i as usize]);
            if let Some(uv) = mesh.uvs.get(*i as usize) {
                uvs.push(*uv);
            }
            if let Some(colour) = mesh.colours.get(*i as usize) {
                colours.push(*colour);
            }
        }
        *i = *slot;
    }
    mesh.positions = positions;
    mesh.normals = normals;
    mesh.uvs = uvs;
    mesh.colours = colours;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quad() -> RawMesh {
        // Two triangles of a square, split corners, plus a degenerate and a duplicate.
        let p = [Vec3::ZERO, Vec3::X, Vec3::new(1.0, 1.0, 0.0), Vec3::ZERO, Vec3::new(1.0, 1.0, 0.0), Vec3::Y];
        RawMesh {
            positions: p.to_vec(),
            normals: None,
            uvs: None,
            colours: None,
            indices: vec![0, 1, 2, 3, 4, 5, 0, 0, 1, 3, 4, 5],
        }
    }

    #[test]
    fn cleaning_welds_and_drops_degenerate_and_duplicate_triangles() {
        let mut warnings = Vec::new();
        let mesh = clean(quad(), &mut warnings).unwrap();
        assert_eq!(mesh.positions.len(), 4);
        assert_eq!(mesh.triangle_count(), 2);
        assert!(warnings.iter().any(|w| w.contains("1 degenerate")), "{warnings:?}");
        assert!(warnings.iter().any(|w| w.contains("1 duplicate")), "{warnings:?}");
    }

    #[test]
    fn broken_geometry_is_named() {
        let mut raw = quad();
        raw.positions[2].y = f32::NAN;
        assert!(clean(raw, &mut Vec::new()).unwrap_err().contains("vertex 3"));
        let raw =
            RawMesh { positions: vec![Vec3::ZERO; 3], normals: None, uvs: None, colours: None, indices: vec![0, 1, 2] };
        assert!(clean(raw, &mut Vec::new()).unwrap_err().contains("one point"));
        let raw =
            RawMesh { positions: vec![Vec3::ZERO, Vec3::X], normals: None, uvs: None, colours: None, indices: vec![] };
        assert!(clean(raw, &mut Vec::new()).unwrap_err().contains("no triangles"));
        let mut raw = quad();
        raw.indices[0] = 99;
        assert!(clean(raw, &mut Vec::new()).unwrap_err().contains("vertex 100 of 6"));
    }

    #[test]
    fn an_inside_out_mesh_is_turned() {
        let mut mesh = crate::mesh::procedural::mesh_head(8.0);
        for t in mesh.indices.chunks_exact_mut(3) {
            t.swap(1, 2);
        }
        let raw = RawMesh {
            positions: mesh.positions.clone(),
            normals: None,
            uvs: None,
            colours: None,
            indices: mesh.indices.clone(),
        };
        let mut warnings = Vec::new();
        let cleaned = clean(raw, &mut warnings).unwrap();
        assert!(warnings.iter().any(|w| w.contains("inside out")), "{warnings:?}");
        // Normals point away from the skull's centre again (on the head:
        // the shoulders' tops face up, towards it).
        let head: Vec<_> = cleaned.positions.iter().zip(&cleaned.normals).filter(|(p, _)| p.y > -120.0).collect();
        let outward = head.iter().filter(|(p, n)| (**p - Vec3::new(0.0, 22.0, -8.0)).dot(**n) > 0.0).count();
        assert!(outward as f32 > 0.9 * head.len() as f32, "{outward} of {}", head.len());
    }
}
