//! PLY (Stanford polygon files), ascii and binary of either byte order, as
//! photogrammetry and scanning tools write them: vertex positions, their
//! normals, colours and texture coordinates where the file has them,
//! polygon faces (triangulated as fans), and any other element skipped.
//! Every count the header declares is checked against the bytes that
//! follow before anything is allocated, so a file that claims more than
//! it holds is refused, not believed.

use super::{MAX_TRIANGLES, RawMesh, TextureSource};
use crate::core::input_file::{self, caps};
use glam::{Vec2, Vec3};
use std::path::Path;

/// The most corners a face may have: scanners write triangles and quads;
/// a "face" of thousands is a broken file.
const MAX_FACE_CORNERS: usize = 256;
/// Header lines: a few dozen in practice.
const MAX_HEADER_LINES: usize = 4096;

pub fn read(path: &Path, warnings: &mut Vec<String>, textures: &mut Vec<TextureSource>) -> Result<RawMesh, String> {
    let bytes = input_file::read(path, caps::MESH_BYTES).map_err(input_file::Refusal::text)?;
    let (raw, texture) = parse(&bytes, warnings)?;
    if let Some(name) = texture {
        super::texture_file(path.parent().unwrap_or(Path::new(".")).join(name), textures, warnings);
    }
    Ok(raw)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Format {
    Ascii,
    LittleEndian,
    BigEndian,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Scalar {
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    F32,
    F64,
}

impl Scalar {
    fn parse(name: &str) -> Option<Scalar> {
        Some(match name {
            "char" | "int8" => Scalar::I8,
            "uchar" | "uint8" => Scalar::U8,
            "short" | "int16" => Scalar::I16,
            "ushort" | "uint16" => Scalar::U16,
            "int" | "int32" => Scalar::I32,
            "uint" | "uint32" => Scalar::U32,
            "float" | "float32" => Scalar::F32,
            "double" | "float64" => Scalar::F64,
            _ => return None,
        })
    }

    fn size(self) -> usize {
        match self {
            Scalar::I8 | Scalar::U8 => 1,
            Scalar::I16 | Scalar::U16 => 2,
            Scalar::I32 | Scalar::U32 | Scalar::F32 => 4,
            Scalar::F64 => 8,
        }
    }

    /// A colour channel's full scale: 255 for bytes, 1 for floats.
    fn full_scale(self) -> f64 {
        match self {
            Scalar::U8 | Scalar::I8 => 255.0,
            Scalar::U16 | Scalar::I16 => 65535.0,
            Scalar::U32 | Scalar::I32 => u32::MAX as f64,
            Scalar::F32 | Scalar::F64 => 1.0,
        }
    }
}

#[derive(Debug)]
enum Property {
    Scalar { name: String, kind: Scalar },
    List { name: String, count: Scalar, item: Scalar },
}

#[derive(Debug)]
struct Element {
    name: String,
    count: usize,
    properties: Vec<Property>,
}

struct Header {
    format: Format,
    elements: Vec<Element>,
    texture: Option<String>,
    /// Where the body starts.
    body: usize,
}

fn parse_header(bytes: &[u8]) -> Result<Header, String> {
    if !bytes.starts_with(b"ply") {
        return Err("not a PLY file: it does not start with `ply`".into());
    }
    let mut format = None;
    let mut elements: Vec<Element> = Vec::new();
    let mut texture = None;
    let mut at = 0;
    for number in 1..=MAX_HEADER_LINES {
        let end = bytes[at..].iter().position(|&b| b == b'\n').ok_or("the header has no `end_header` line")?;
        let line = std::str::from_utf8(&bytes[at..at + end])
            .map_err(|_| format!("header line {number} is not text"))?
            .trim_end_matches('\r');
        at += end + 1;
        let words: Vec<&str> = line.split_whitespace().collect();
        let bad = || format!("header line {number} (`{}`) is not valid PLY", line.chars().take(80).collect::<String>());
        match words.as_slice() {
            ["ply"] if number == 1 => {}
            ["format", kind, _version] => {
                format = Some(match *kind {
                    "ascii" => Format::Ascii,
                    "binary_little_endian" => Format::LittleEndian,
                    "binary_big_endian" => Format::BigEndian,
                    other => return Err(format!("unknown PLY format `{other}` on header line {number}")),
                })
            }
            ["comment", rest @ ..] => {
                // MeshLab and photogrammetry tools name the colour map so.
                if let [key, name, ..] = rest
                    && key.eq_ignore_ascii_case("TextureFile")
                {
                    texture.get_or_insert_with(|| name.to_string());
                }
            }
            ["obj_info", ..] => {}
            ["element", name, count] => {
                let count: usize = count.parse().map_err(|_| bad())?;
                elements.push(Element { name: name.to_string(), count, properties: Vec::new() });
            }
            ["property", "list", count, item, name] => {
                let element = elements.last_mut().ok_or_else(bad)?;
                let (count, item) = (Scalar::parse(count).ok_or_else(bad)?, Scalar::parse(item).ok_or_else(bad)?);
                if matches!(count, Scalar::F32 | Scalar::F64) {
                    return Err(format!("header line {number}: a list's length cannot be a float"));
                }
                element.properties.push(Property::List { name: name.to_string(), count, item });
            }
            ["property", kind, name] => {
                let element = elements.last_mut().ok_or_else(bad)?;
                element
                    .properties
                    .push(Property::Scalar { name: name.to_string(), kind: Scalar::parse(kind).ok_or_else(bad)? });
            }
            ["end_header"] => {
                let format = format.ok_or("the header has no `format` line")?;
                return Ok(Header { format, elements, texture, body: at });
            }
            [] => {}
            _ => return Err(bad()),
        }
    }
    Err(format!("the header runs past {MAX_HEADER_LINES} lines without `end_header`"))
}

/// Reads the body's values one at a time, in either encoding.
struct Body<'a> {
    bytes: &'a [u8],
    at: usize,
    format: Format,
}

impl Body<'_> {
    fn value(&mut self, kind: Scalar) -> Result<f64, String> {
        if self.format == Format::Ascii {
            while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
                self.at += 1;
            }
            let start = self.at;
            while self.at < self.bytes.len() && !self.bytes[self.at].is_ascii_whitespace() {
                self.at += 1;
            }
            if start == self.at {
                return Err("the file ends before the elements its header declares".into());
            }
            let word = std::str::from_utf8(&self.bytes[start..self.at]).map_err(|_| "a value is not text")?;
            return word
                .parse::<f64>()
                .map_err(|_| format!("`{}` is not a number", word.chars().take(40).collect::<String>()));
        }
        let size = kind.size();
        let raw =
            self.bytes.get(self.at..self.at + size).ok_or("the file ends before the elements its header declares")?;
        self.at += size;
        let mut b = [0u8; 8];
        b[..size].copy_from_slice(raw);
        if self.format == Format::BigEndian {
            b[..size].reverse();
        }
        Ok(match kind {
            Scalar::I8 => b[0] as i8 as f64,
            Scalar::U8 => b[0] as f64,
            Scalar::I16 => i16::from_le_bytes([b[0], b[1]]) as f64,
            Scalar::U16 => u16::from_le_bytes([b[0], b[1]]) as f64,
            Scalar::I32 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
            Scalar::U32 => u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
            Scalar::F32 => f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
            Scalar::F64 => f64::from_le_bytes(b),
        })
    }

    /// A list's length: a whole number no larger than `max`.
    fn length(&mut self, kind: Scalar, max: usize) -> Result<usize, String> {
        let n = self.value(kind)?;
        if !(n >= 0.0 && n.fract() == 0.0 && n <= max as f64) {
            return Err(format!("a list of {n} items: more than the {max} a face may have, or not a count"));
        }
        Ok(n as usize)
    }

    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }
}

/// The least bytes one element can take: a count the file cannot hold is
/// refused before anything is allocated for it.
fn least_bytes(element: &Element, format: Format) -> usize {
    element
        .properties
        .iter()
        .map(|p| match (p, format) {
            // A value and a separator.
            (_, Format::Ascii) => 2,
            (Property::Scalar { kind, .. }, _) => kind.size(),
            (Property::List { count, .. }, _) => count.size(),
        })
        .sum::<usize>()
        .max(1)
}

/// Parses a PLY file held in memory: the mesh, and the texture file its
/// header names (MeshLab's `comment TextureFile`).
pub fn parse(bytes: &[u8], warnings: &mut Vec<String>) -> Result<(RawMesh, Option<String>), String> {
    let header = parse_header(bytes)?;
    let mut body = Body { bytes, at: header.body, format: header.format };
    let mut raw = RawMesh::default();
    let mut seen_vertices = false;
    let mut per_face_uvs = false;
    for element in &header.elements {
        let least = least_bytes(element, header.format);
        if element.count > body.left() / least {
            return Err(format!(
                "the header declares {} {} elements, more than the {} bytes after it can hold: the file is truncated or corrupt",
                element.count,
                element.name,
                body.left()
            ));
        }
        match element.name.as_str() {
            "vertex" if !seen_vertices => {
                seen_vertices = true;
                if element.count > 3 * MAX_TRIANGLES {
                    return Err(format!("{} vertices is more than we import: decimate the scan first", element.count));
                }
                read_vertices(element, &mut body, &mut raw)?;
            }
            "face" => {
                per_face_uvs |=
                    element.properties.iter().any(|p| matches!(p, Property::List { name, .. } if name == "texcoord"));
                read_faces(element, &mut body, &mut raw, warnings)?;
            }
            _ => skip(element, &mut body)?,
        }
    }
    if !seen_vertices {
        return Err("it has no `vertex` element".into());
    }
    if per_face_uvs && raw.uvs.is_none() {
        warnings.push("texture coordinates per face corner are not read: the plan's skin tone is used".into());
    }
    if raw.uvs.is_none() && header.texture.is_some() {
        warnings.push("a texture is named but its vertices have no texture coordinates".into());
    }
    if body.format != Format::Ascii && body.left() > 0 {
        warnings.push(format!("{} bytes after the last element are ignored", body.left()));
    }
    let texture = if raw.uvs.is_some() { header.texture } else { None };
    Ok((raw, texture))
}

fn read_vertices(element: &Element, body: &mut Body, raw: &mut RawMesh) -> Result<(), String> {
    let index = |names: &[&str]| {
        element
            .properties
            .iter()
            .position(|p| matches!(p, Property::Scalar { name, .. } if names.contains(&name.as_str())))
    };
    let (Some(x), Some(y), Some(z)) = (index(&["x"]), index(&["y"]), index(&["z"])) else {
        return Err("its vertices have no x, y and z".into());
    };
    let normal = (index(&["nx"]), index(&["ny"]), index(&["nz"]));
    let colour = (
        index(&["red", "diffuse_red", "r"]),
        index(&["green", "diffuse_green", "g"]),
        index(&["blue", "diffuse_blue", "b"]),
    );
    let uv = (index(&["u", "s", "texture_u", "texture_s"]), index(&["v", "t", "texture_v", "texture_t"]));
    let n = element.count;
    raw.positions.reserve(n);
    let mut normals = matches!(normal, (Some(_), Some(_), Some(_))).then(|| Vec::with_capacity(n));
    let mut colours = matches!(colour, (Some(_), Some(_), Some(_))).then(|| Vec::with_capacity(n));
    let mut uvs = matches!(uv, (Some(_), Some(_))).then(|| Vec::with_capacity(n));
    let scale: Vec<f64> = element
        .properties
        .iter()
        .map(|p| match p {
            Property::Scalar { kind, .. } => kind.full_scale(),
            Property::List { .. } => 1.0,
        })
        .collect();
    let mut values = vec![0.0f64; element.properties.len()];
    for _ in 0..n {
        for (k, property) in element.properties.iter().enumerate() {
            values[k] = match property {
                Property::Scalar { kind, .. } => body.value(*kind)?,
                Property::List { count, item, .. } => {
                    let len = body.length(*count, MAX_FACE_CORNERS)?;
                    for _ in 0..len {
                        body.value(*item)?;
                    }
                    0.0
                }
            };
        }
        raw.positions.push(Vec3::new(values[x] as f32, values[y] as f32, values[z] as f32));
        if let (Some(normals), (Some(a), Some(b), Some(c))) = (&mut normals, normal) {
            normals.push(Vec3::new(values[a] as f32, values[b] as f32, values[c] as f32));
        }
        if let (Some(colours), (Some(r), Some(g), Some(b))) = (&mut colours, colour) {
            let byte = |k: usize| (values[k] / scale[k] * 255.0).round().clamp(0.0, 255.0) as u8;
            colours.push([byte(r), byte(g), byte(b)]);
        }
        if let (Some(uvs), (Some(u), Some(v))) = (&mut uvs, uv) {
            uvs.push(Vec2::new(values[u] as f32, values[v] as f32));
        }
    }
    raw.normals = normals;
    raw.colours = colours;
    raw.uvs = uvs;
    Ok(())
}

fn read_faces(element: &Element, body: &mut Body, raw: &mut RawMesh, warnings: &mut Vec<String>) -> Result<(), String> {
    let corners = element
        .properties
        .iter()
        .position(|p| matches!(p, Property::List { name, .. } if name == "vertex_indices" || name == "vertex_index"))
        .ok_or("its faces have no vertex_indices list")?;
    let mut polygon = Vec::new();
    let mut short = 0usize;
    for _ in 0..element.count {
        for (k, property) in element.properties.iter().enumerate() {
            match property {
                Property::Scalar { kind, .. } => {
                    body.value(*kind)?;
                }
                Property::List { count, item, .. } => {
                    let len = body.length(*count, MAX_FACE_CORNERS)?;
                    polygon.clear();
                    for _ in 0..len {
                        let v = body.value(*item)?;
                        if k == corners {
                            if !(v >= 0.0 && v.fract() == 0.0 && v < u32::MAX as f64) {
                                return Err(format!("a face uses vertex {v}, which is not a vertex number"));
                            }
                            polygon.push(v as u32);
                        }
                    }
                    if k == corners {
                        if polygon.len() < 3 {
                            short += 1;
                        }
                        for i in 1..polygon.len().saturating_sub(1) {
                            raw.indices.extend([polygon[0], polygon[i], polygon[i + 1]]);
                        }
                        if raw.indices.len() / 3 > MAX_TRIANGLES {
                            return Err(format!(
                                "more than the {MAX_TRIANGLES} triangles we import: decimate the scan first"
                            ));
                        }
                    }
                }
            }
        }
    }
    if short > 0 {
        warnings.push(format!("{short} faces with fewer than three corners skipped"));
    }
    Ok(())
}

fn skip(element: &Element, body: &mut Body) -> Result<(), String> {
    for _ in 0..element.count {
        for property in &element.properties {
            match property {
                Property::Scalar { kind, .. } => {
                    body.value(*kind)?;
                }
                Property::List { count, item, .. } => {
                    let len = body.length(*count, MAX_FACE_CORNERS)?;
                    for _ in 0..len {
                        body.value(*item)?;
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASCII_QUAD: &str = "ply\nformat ascii 1.0\ncomment made by hand\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0 255 0 0\n1 0 0 0 255 0\n1 1 0 0 0 255\n0 1 0 10 20 30\n4 0 1 2 3\n";

    /// The same quad in binary, `big` or little endian, as float positions,
    /// byte colours and an int list.
    fn binary_quad(big: bool) -> Vec<u8> {
        let order = if big { "binary_big_endian" } else { "binary_little_endian" };
        let mut bytes = format!(
            "ply\nformat {order} 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n"
        )
        .into_bytes();
        let points = [[0.0f32, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 0.0]];
        let colours = [[255u8, 0, 0], [0, 255, 0], [0, 0, 255], [10, 20, 30]];
        for (p, c) in points.iter().zip(colours) {
            for v in p {
                bytes.extend(if big { v.to_be_bytes() } else { v.to_le_bytes() });
            }
            bytes.extend(c);
        }
        bytes.push(4);
        for i in [0i32, 1, 2, 3] {
            bytes.extend(if big { i.to_be_bytes() } else { i.to_le_bytes() });
        }
        bytes
    }

    fn check_quad(raw: &RawMesh) {
        assert_eq!(raw.positions.len(), 4);
        assert_eq!(raw.positions[2], Vec3::new(1.0, 1.0, 0.0));
        assert_eq!(raw.indices, vec![0, 1, 2, 0, 2, 3]);
        assert_eq!(raw.colours.as_ref().unwrap()[3], [10, 20, 30]);
    }

    #[test]
    fn ascii_and_both_binaries_read_alike() {
        let (raw, _) = parse(ASCII_QUAD.as_bytes(), &mut Vec::new()).unwrap();
        check_quad(&raw);
        for big in [false, true] {
            let (raw, _) = parse(&binary_quad(big), &mut Vec::new()).unwrap();
            check_quad(&raw);
        }
    }

    #[test]
    fn float_colours_and_other_elements() {
        let text = "ply\nformat ascii 1.0\ncomment TextureFile skin.png\nelement vertex 3\nproperty double x\nproperty double y\nproperty double z\nproperty float red\nproperty float green\nproperty float blue\nproperty float s\nproperty float t\nelement edge 1\nproperty int vertex1\nproperty int vertex2\nelement face 1\nproperty list uchar uint vertex_index\nend_header\n0 0 0 1 0.5 0 0 0\n1 0 0 1 0.5 0 1 0\n0 1 0 1 0.5 0 0 1\n0 1\n3 0 1 2\n";
        let (raw, texture) = parse(text.as_bytes(), &mut Vec::new()).unwrap();
        assert_eq!(raw.colours.unwrap()[0], [255, 128, 0]);
        assert_eq!(raw.uvs.unwrap()[2], Vec2::new(0.0, 1.0));
        assert_eq!(texture.as_deref(), Some("skin.png"));
        assert_eq!(raw.indices, vec![0, 1, 2]);
    }

    #[test]
    fn broken_files_say_what_is_wrong() {
        let cases: [(&[u8], &str); 7] = [
            (b"solid cube\n", "does not start with `ply`"),
            (b"ply\nformat ascii 1.0\nelement vertex 3\n", "no `end_header`"),
            (b"ply\nformat zip 1.0\nend_header\n", "unknown PLY format"),
            (b"ply\nformat ascii 1.0\nelement vertex 3\nproperty quaternion x\nend_header\n", "not valid PLY"),
            (b"ply\nformat binary_little_endian 1.0\nelement vertex 4000000000\nproperty float x\nend_header\n\0\0\0\0", "truncated"),
            (b"ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 zero\n", "not a number"),
            (b"ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n0 0\n3 0 0 0\n", "no x, y and z"),
        ];
        for (bytes, expected) in cases {
            let error = parse(bytes, &mut Vec::new()).err().unwrap_or_default();
            assert!(error.contains(expected), "{:?}: {error}", String::from_utf8_lossy(bytes));
        }
        // Cut short anywhere, a binary file is an error, never a panic.
        let whole = binary_quad(false);
        for len in 0..whole.len() {
            assert!(parse(&whole[..len], &mut Vec::new()).is_err(), "cut at {len}");
        }
    }

    #[test]
    fn a_face_of_too_many_corners_is_refused() {
        let mut bytes = b"ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list int int vertex_indices\nend_header\n".to_vec();
        bytes.extend([0u8; 36]);
        bytes.extend(100_000i32.to_le_bytes());
        bytes.extend([0u8; 64]);
        assert!(parse(&bytes, &mut Vec::new()).unwrap_err().contains("more than the 256"));
    }
}
