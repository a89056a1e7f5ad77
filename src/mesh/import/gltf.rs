//! glTF 2.0 (.gltf with external or embedded buffers, .glb): every triangle
//! primitive of the default scene (or of all meshes when there is no scene),
//! placed by its node's transform. Images are not decoded here: their
//! files are only looked for, so a missing texture is a warning. Buffers
//! are read through `input_file`'s caps, and what accessors declare is
//! checked against `MAX_TRIANGLES` before anything is read, so a file that
//! claims gigabytes it does not hold is refused, not believed.

use super::{MAX_TRIANGLES, RawMesh, TextureSource};
use crate::core::input_file::{self, caps, size_text};
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
        gltf::Gltf::from_slice_without_validation(bytes).map_err(|e| format!("not a valid glTF file: {e}"))?;
    validate(&document)?;
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
            let positions: Vec<Vec3> = read_vec3(&position_accessor, &buffers)
                .map_err(|e| format!("{mesh_name}: its positions {e}"))?
                .into_iter()
                .map(|p| transform.transform_point3(p))
                .collect();
            let normals = match primitive.get(&gltf::Semantic::Normals) {
                Some(accessor) => {
                    Some(read_vec3(&accessor, &buffers).map_err(|e| format!("{mesh_name}: its normals {e}"))?)
                }
                None => None,
            }
            .map(|n| n.into_iter().map(|n| normal_matrix * n).collect::<Vec<_>>())
            .filter(|n| n.len() == positions.len());
            let indices: Vec<u32> = match (primitive.indices(), reader.read_indices()) {
                (_, Some(indices)) => indices.into_u32().collect(),
                (None, None) => (0..positions.len() as u32).collect(),
                (Some(_), None) => return Err(format!("{mesh_name}: its indices lie outside their buffer")),
            };
            // The base colour's coordinates, moved as KHR_texture_transform says.
            let colour_texture = primitive.material().pbr_metallic_roughness().base_color_texture();
            let transform_uv = colour_texture.as_ref().and_then(|t| t.texture_transform());
            let set = transform_uv
                .as_ref()
                .and_then(|t| t.tex_coord())
                .unwrap_or_else(|| colour_texture.as_ref().map_or(0, |t| t.tex_coord()));
            let uvs = reader
                .read_tex_coords(set)
                .map(|t| {
                    t.into_f32()
                        .map(|uv| match &transform_uv {
                            Some(moved) => UvTransform::of(moved).apply(Vec2::from(uv)),
                            None => Vec2::from(uv),
                        })
                        .collect::<Vec<_>>()
                })
                .filter(|t| t.len() == positions.len());
            // Vertex colours are linear in glTF; ours are sRGB bytes.
            let colours = reader
                .read_colors(0)
                .map(|c| {
                    c.into_rgb_f32()
                        .map(|rgb| rgb.map(|l| (crate::core::colour::linear_to_srgb(l) * 255.0).round() as u8))
                        .collect::<Vec<_>>()
                })
                .filter(|c| c.len() == positions.len());
            raw.append(RawMesh { positions, normals, uvs, colours, indices });
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

/// Extensions a file may require that we read: the quantized attributes
/// of KHR_mesh_quantization and the moved coordinates of
/// KHR_texture_transform. Compressed geometry (EXT_meshopt_compression,
/// KHR_draco_mesh_compression) has no maintained decoder we can build
/// here: such a file is refused by name.
const READ_EXTENSIONS: [&str; 2] = ["KHR_mesh_quantization", "KHR_texture_transform"];

/// The gltf crate's checks, less its refusal of the extensions we read.
fn validate(document: &gltf::Document) -> Result<(), String> {
    use gltf::json::validation::Validate;
    let root = document.as_json();
    for required in &root.extensions_required {
        if !READ_EXTENSIONS.contains(&required.as_str()) {
            let hint = match required.as_str() {
                "EXT_meshopt_compression" | "KHR_draco_mesh_compression" => {
                    ": its geometry is compressed; write it uncompressed (e.g. gltf-transform copy, or Blender's \
                     exporter without compression)"
                }
                _ => "",
            };
            return Err(format!("it requires the glTF extension {required}, which we do not read{hint}"));
        }
    }
    let mut errors = Vec::new();
    root.validate(root, gltf::json::Path::new, &mut |path, error| {
        let path = path().to_string();
        if !path.starts_with("extensionsRequired") {
            errors.push(format!("{path}: {error}"));
        }
    });
    match errors.first() {
        None => Ok(()),
        Some(first) => Err(format!("not a valid glTF file: {first} ({} problems)", errors.len())),
    }
}

/// A VEC3 accessor's items as floats: FLOAT, or the normalized and integer
/// bytes and shorts of KHR_mesh_quantization (the node's transform
/// dequantizes them).
fn read_vec3(accessor: &gltf::Accessor, buffers: &[Vec<u8>]) -> Result<Vec<Vec3>, String> {
    use gltf::accessor::{DataType, Dimensions};
    if accessor.dimensions() != Dimensions::Vec3 {
        return Err(format!("are {:?}, not 3-vectors", accessor.dimensions()));
    }
    let outside = || "lie outside their buffer".to_string();
    if accessor.data_type() == DataType::F32 {
        let get = |b: gltf::Buffer| buffers.get(b.index()).map(|d| &d[..]);
        let items = gltf::accessor::Iter::<[f32; 3]>::new(accessor.clone(), get).ok_or_else(outside)?;
        return Ok(items.map(Vec3::from).collect());
    }
    if accessor.sparse().is_some() {
        return Err("are sparse and quantized, which we do not read".into());
    }
    let view = accessor.view().ok_or("have no buffer view")?;
    let data = buffers.get(view.buffer().index()).ok_or_else(outside)?;
    let size = accessor.data_type().size();
    let stride = view.stride().unwrap_or(3 * size);
    let start = view.offset().checked_add(accessor.offset()).ok_or_else(outside)?;
    let normalized = accessor.normalized();
    let component = |at: usize| -> Option<f32> {
        let b = data.get(at..at + size)?;
        Some(match (accessor.data_type(), normalized) {
            (DataType::I8, true) => (b[0] as i8 as f32 / 127.0).max(-1.0),
            (DataType::I8, false) => b[0] as i8 as f32,
            (DataType::U8, true) => b[0] as f32 / 255.0,
            (DataType::U8, false) => b[0] as f32,
            (DataType::I16, true) => (i16::from_le_bytes([b[0], b[1]]) as f32 / 32767.0).max(-1.0),
            (DataType::I16, false) => i16::from_le_bytes([b[0], b[1]]) as f32,
            (DataType::U16, true) => u16::from_le_bytes([b[0], b[1]]) as f32 / 65535.0,
            (DataType::U16, false) => u16::from_le_bytes([b[0], b[1]]) as f32,
            _ => return None,
        })
    };
    (0..accessor.count())
        .map(|i| {
            let at = i.checked_mul(stride).and_then(|o| o.checked_add(start)).ok_or_else(outside)?;
            let c = |k: usize| component(at + k * size).ok_or_else(outside);
            Ok(Vec3::new(c(0)?, c(1)?, c(2)?))
        })
        .collect()
}

/// KHR_texture_transform's move of texture coordinates: scaled, rotated,
/// then offset, as the extension's matrix says.
struct UvTransform {
    offset: Vec2,
    rotation: f32,
    scale: Vec2,
}

impl UvTransform {
    fn of(t: &gltf::texture::TextureTransform) -> Self {
        Self { offset: t.offset().into(), rotation: t.rotation(), scale: t.scale().into() }
    }

    fn apply(&self, uv: Vec2) -> Vec2 {
        let (s, c) = self.rotation.sin_cos();
        let q = uv * self.scale;
        Vec2::new(c * q.x + s * q.y, -s * q.x + c * q.y) + self.offset
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A GLB of `json` (its buffer 0 is `bin`).
    fn glb(json: &str, bin: &[u8]) -> Vec<u8> {
        let mut json = json.as_bytes().to_vec();
        json.resize(json.len().div_ceil(4) * 4, b' ');
        let mut bin = bin.to_vec();
        bin.resize(bin.len().div_ceil(4) * 4, 0);
        let total = 12 + 8 + json.len() + 8 + bin.len();
        let mut out = b"glTF".to_vec();
        out.extend(2u32.to_le_bytes());
        out.extend((total as u32).to_le_bytes());
        out.extend((json.len() as u32).to_le_bytes());
        out.extend(b"JSON");
        out.extend(json);
        out.extend((bin.len() as u32).to_le_bytes());
        out.extend(b"BIN\0");
        out.extend(bin);
        out
    }

    fn read(bytes: &[u8]) -> Result<RawMesh, String> {
        parse(bytes, None, &mut Vec::new(), &mut Vec::new())
    }

    #[test]
    fn quantized_positions_are_dequantized_by_their_node() {
        // Three corners as normalized shorts, the node scaling them to
        // millimetres and moving them: (0, 0, 0), (100, 0, 0), (0, 50, 0)
        // after a 200 mm scale and a 10 mm shift in x.
        let shorts: [[i16; 3]; 3] = [[0, 0, 0], [16384, 0, 0], [0, 8192, 0]];
        let mut bin: Vec<u8> = shorts.iter().flatten().flat_map(|v| v.to_le_bytes()).collect();
        bin.extend([0u8; 2]); // to a 4-byte boundary for the colours
        let colours: [[f32; 3]; 3] = [[1.0, 0.0, 0.0], [0.21586, 0.21586, 0.21586], [0.0, 0.0, 1.0]];
        bin.extend(colours.iter().flatten().flat_map(|v| v.to_le_bytes()));
        let json = format!(
            r#"{{"asset":{{"version":"2.0"}},"extensionsUsed":["KHR_mesh_quantization"],"extensionsRequired":["KHR_mesh_quantization"],
            "scene":0,"scenes":[{{"nodes":[0]}}],"nodes":[{{"mesh":0,"scale":[399.9878,399.9878,399.9878],"translation":[10,0,0]}}],
            "meshes":[{{"primitives":[{{"attributes":{{"POSITION":0,"COLOR_0":1}}}}]}}],
            "buffers":[{{"byteLength":{}}}],
            "bufferViews":[{{"buffer":0,"byteOffset":0,"byteLength":18}},{{"buffer":0,"byteOffset":20,"byteLength":36}}],
            "accessors":[{{"bufferView":0,"componentType":5122,"normalized":true,"count":3,"type":"VEC3","min":[0,0,0],"max":[16384,8192,0]}},
            {{"bufferView":1,"componentType":5126,"count":3,"type":"VEC3"}}]}}"#,
            bin.len().div_ceil(4) * 4
        );
        let raw = read(&glb(&json, &bin)).unwrap();
        let expected = [Vec3::new(10.0, 0.0, 0.0), Vec3::new(210.0, 0.0, 0.0), Vec3::new(10.0, 100.0, 0.0)];
        for (p, e) in raw.positions.iter().zip(expected) {
            assert!((*p - e).length() < 0.05, "{p} instead of {e}");
        }
        // Linear 0.21586 is sRGB 128.
        assert_eq!(raw.colours.unwrap(), vec![[255, 0, 0], [128, 128, 128], [0, 0, 255]]);
    }

    #[test]
    fn texture_transform_moves_the_coordinates() {
        let moved = UvTransform { offset: Vec2::new(0.5, 0.0), rotation: 0.0, scale: Vec2::splat(0.5) };
        assert_eq!(moved.apply(Vec2::new(1.0, 0.0)), Vec2::new(1.0, 0.0));
        assert_eq!(moved.apply(Vec2::new(0.0, 1.0)), Vec2::new(0.5, 0.5));
        // A quarter turn: u runs down v.
        let turned = UvTransform { offset: Vec2::ZERO, rotation: std::f32::consts::FRAC_PI_2, scale: Vec2::ONE };
        let uv = turned.apply(Vec2::new(1.0, 0.0));
        assert!((uv - Vec2::new(0.0, -1.0)).length() < 1e-6, "{uv}");
    }

    #[test]
    fn compressed_geometry_is_refused_by_name() {
        for extension in ["EXT_meshopt_compression", "KHR_draco_mesh_compression", "EXT_unknown"] {
            let json = format!(
                r#"{{"asset":{{"version":"2.0"}},"extensionsUsed":["{extension}"],"extensionsRequired":["{extension}"]}}"#
            );
            let error = read(json.as_bytes()).unwrap_err();
            assert!(error.contains(extension) && error.contains("we do not read"), "{error}");
        }
        let error =
            read(br#"{"asset":{"version":"2.0"},"extensionsRequired":["EXT_meshopt_compression"]}"#).unwrap_err();
        assert!(error.contains("uncompressed"), "{error}");
    }
}
