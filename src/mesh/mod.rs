//! Head meshes in the head frame: millimetres, +Y up, +Z towards the face,
//! origin inside the skull.

pub mod procedural;

use glam::Vec3;

/// A triangle mesh of a head with smooth per-vertex normals.
#[derive(Clone, Debug)]
pub struct HeadMesh {
    pub positions: Vec<Vec3>,
    pub normals: Vec<Vec3>,
    /// Counter-clockwise seen from outside.
    pub indices: Vec<u32>,
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
