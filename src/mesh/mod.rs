//! Head meshes in the head frame: millimetres, +Y up, +Z towards the face,
//! origin inside the skull.
//!
//! Takes a built-in head's name or a mesh file; gives a `HeadMesh` in our
//! frame with its landmarks and what fitting found (`source::HeadSource`
//! says which head). Uses only `core`: it knows nothing of charts, plans or
//! the GPU.

pub mod anthropometry;
pub mod bvh;
pub mod export;
pub mod fit;
pub mod import;
pub mod landmark_search;
pub mod landmarks_file;
pub mod orient;
pub mod procedural;
pub mod source;

use glam::Vec3;

/// A triangle mesh of a head with smooth per-vertex normals.
#[derive(Clone, Debug)]
pub struct HeadMesh {
    pub positions: Vec<Vec3>,
    pub normals: Vec<Vec3>,
    /// Counter-clockwise seen from outside.
    pub indices: Vec<u32>,
    /// Texture coordinates per vertex, for a scan's own skin texture; empty
    /// when the head has none.
    pub uvs: Vec<glam::Vec2>,
    /// The scan's own colour per vertex (sRGB), as photogrammetry writes it
    /// into PLY; empty when the head has none.
    pub colours: Vec<[u8; 3]>,
}

impl HeadMesh {
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    pub fn triangle(&self, t: usize) -> [Vec3; 3] {
        let i = &self.indices[3 * t..3 * t + 3];
        [self.positions[i[0] as usize], self.positions[i[1] as usize], self.positions[i[2] as usize]]
    }

    pub fn triangle_area(&self, t: usize) -> f32 {
        let [a, b, c] = self.triangle(t);
        0.5 * (b - a).cross(c - a).length()
    }

    /// Reorders triangles along a Morton (Z-order) curve of their centroids,
    /// so triangles near in space are near in memory: the scatter's dots
    /// inherit the order, and its neighbour searches stay in cache.
    pub fn sort_triangles_spatially(&mut self) {
        let (lo, hi) = self.bounds();
        let scale = 1023.0 / (hi - lo).max_element().max(1e-6);
        let spread = |v: u32| {
            // Spread 10 bits to every third bit.
            let mut x = v & 0x3ff;
            x = (x | (x << 16)) & 0x030000ff;
            x = (x | (x << 8)) & 0x0300f00f;
            x = (x | (x << 4)) & 0x030c30c3;
            (x | (x << 2)) & 0x09249249
        };
        let mut keyed: Vec<(u32, [u32; 3])> = self
            .indices
            .chunks_exact(3)
            .map(|t| {
                let c = (self.positions[t[0] as usize] + self.positions[t[1] as usize] + self.positions[t[2] as usize])
                    / 3.0;
                let q = ((c - lo) * scale).as_uvec3();
                (spread(q.x) | (spread(q.y) << 1) | (spread(q.z) << 2), [t[0], t[1], t[2]])
            })
            .collect();
        keyed.sort_by_key(|k| k.0);
        self.indices = keyed.into_iter().flat_map(|k| k.1).collect();
    }

    /// Axis-aligned bounds (min, max).
    pub fn bounds(&self) -> (Vec3, Vec3) {
        self.positions
            .iter()
            .fold((Vec3::splat(f32::INFINITY), Vec3::splat(f32::NEG_INFINITY)), |(lo, hi), p| (lo.min(*p), hi.max(*p)))
    }
}

/// Nearest hit of a ray with a triangle (Möller–Trumbore, both faces).
pub fn ray_triangle(origin: Vec3, dir: Vec3, tri: &[Vec3; 3]) -> Option<f32> {
    let e1 = tri[1] - tri[0];
    let e2 = tri[2] - tri[0];
    let p = dir.cross(e2);
    let det = e1.dot(p);
    if det.abs() < 1e-12 {
        return None;
    }
    let inv = 1.0 / det;
    let s = origin - tri[0];
    let u = s.dot(p) * inv;
    if !(-1e-6..=1.0 + 1e-6).contains(&u) {
        return None;
    }
    let q = s.cross(e1);
    let v = dir.dot(q) * inv;
    if v < -1e-6 || u + v > 1.0 + 1e-6 {
        return None;
    }
    let t = e2.dot(q) * inv;
    (t > 0.0).then_some(t)
}
