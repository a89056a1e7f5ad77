//! Head measurements as anthropometry takes them (Farkas's landmarks), on
//! any head mesh in the head frame: what `smp head inspect` prints and what
//! a built-in head is checked against published norms with.

use super::HeadMesh;
use crate::core::landmarks::HeadLandmarks;
use glam::Vec3;

/// A head's size in millimetres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeadMeasures {
    /// Maximum breadth of the cranium above the ears (eu–eu).
    pub breadth_mm: f32,
    /// Glabella to the farthest point of the back of the head on the
    /// midline (g–op).
    pub length_mm: f32,
    /// The top of the head (vertex) above the ear tops: the auricular
    /// height, taken from where the ears meet the head.
    pub height_above_ears_mm: f32,
    /// Round the head through the glabella and the opisthocranion.
    pub circumference_mm: f32,
}

/// Measures `mesh` from its landmarks (`mesh::fit` or the built-in head's).
pub fn measure(mesh: &HeadMesh, landmarks: &HeadLandmarks) -> HeadMeasures {
    let ear_y = 0.5 * (landmarks.ear_top_left.y + landmarks.ear_top_right.y);
    // Above the ears, so an ear that stands out does not count as skull.
    let above_ears = mesh.positions.iter().filter(|p| p.y > ear_y + 10.0);
    let (lo, hi) = above_ears.fold((f32::MAX, f32::MIN), |(lo, hi), p| (lo.min(p.x), hi.max(p.x)));
    let breadth_mm = if hi > lo { hi - lo } else { 0.0 };
    let glabella = landmarks.brow;
    let opisthocranion = mesh
        .positions
        .iter()
        .filter(|p| p.x.abs() < 5.0 && p.y > ear_y - 40.0)
        .copied()
        .max_by(|a, b| (*a - glabella).length().total_cmp(&(*b - glabella).length()))
        .unwrap_or(glabella);
    let length_mm = (opisthocranion - glabella).length();
    let vertex_y = mesh.positions.iter().fold(f32::MIN, |m, p| m.max(p.y));
    let mid_x = 0.5 * (lo + hi);
    let circumference_mm = tape_length(mesh, glabella, opisthocranion, mid_x, 0.5 * breadth_mm + 2.0);
    HeadMeasures { breadth_mm, length_mm, height_above_ears_mm: (vertex_y - ear_y).max(0.0), circumference_mm }
}

/// The tape measure round the head in the plane through `a` and `b` that is
/// parallel to the left–right axis: the convex hull of the mesh's section
/// (a tape spans hollows), without what lies farther than `half_breadth`
/// from the midline `mid_x` (an ear the plane cuts is not skull).
fn tape_length(mesh: &HeadMesh, a: Vec3, b: Vec3, mid_x: f32, half_breadth: f32) -> f32 {
    let along = b - a;
    let normal = Vec3::X.cross(along).normalize_or_zero();
    if normal == Vec3::ZERO {
        return 0.0;
    }
    let forward = along.normalize();
    let side = |p: Vec3| (p - a).dot(normal);
    let mut points = Vec::new();
    for t in 0..mesh.triangle_count() {
        let corners = mesh.triangle(t);
        let d = corners.map(side);
        for (i, j) in [(0, 1), (1, 2), (2, 0)] {
            if (d[i] < 0.0) != (d[j] < 0.0) {
                let s = d[i] / (d[i] - d[j]);
                let p = corners[i] + (corners[j] - corners[i]) * s;
                if (p.x - mid_x).abs() <= half_breadth {
                    points.push([p.x as f64, (p - a).dot(forward) as f64]);
                }
            }
        }
    }
    hull_perimeter(points) as f32
}

/// Perimeter of the convex hull of `points` (Andrew's monotone chain).
pub(crate) fn hull_perimeter(mut points: Vec<[f64; 2]>) -> f64 {
    points.sort_by(|p, q| p[0].total_cmp(&q[0]).then(p[1].total_cmp(&q[1])));
    points.dedup();
    if points.len() < 3 {
        return 0.0;
    }
    let cross = |o: [f64; 2], a: [f64; 2], b: [f64; 2]| (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    let mut hull: Vec<[f64; 2]> = Vec::with_capacity(2 * points.len());
    for pass in 0..2 {
        let start = hull.len();
        let ordered: Box<dyn Iterator<Item = &[f64; 2]>> =
            if pass == 0 { Box::new(points.iter()) } else { Box::new(points.iter().rev()) };
        for &p in ordered {
            while hull.len() >= start + 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0 {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    let n = hull.len();
    (0..n)
        .map(|i| {
            let (p, q) = (hull[i], hull[(i + 1) % n]);
            ((q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2)).sqrt()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use glam::vec3;

    #[test]
    fn a_square_s_hull_is_its_corners() {
        let points = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.5, 0.5], [0.5, 0.0]];
        assert!((hull_perimeter(points) - 4.0).abs() < 1e-12);
    }

    /// An ellipsoid of semi-axes `r` (x, y, z) as a UV sphere.
    fn ellipsoid(r: Vec3) -> HeadMesh {
        let (rings, segments) = (180u32, 360u32);
        let mut positions = Vec::new();
        for i in 0..=rings {
            let theta = std::f32::consts::PI * i as f32 / rings as f32;
            for j in 0..segments {
                let phi = std::f32::consts::TAU * j as f32 / segments as f32;
                positions.push(vec3(theta.sin() * phi.cos(), theta.cos(), theta.sin() * phi.sin()) * r);
            }
        }
        let mut indices = Vec::new();
        for i in 0..rings {
            for j in 0..segments {
                let a = i * segments + j;
                let b = i * segments + (j + 1) % segments;
                let (c, d) = (a + segments, b + segments);
                indices.extend([a, c, b, b, c, d]);
            }
        }
        let normals = positions.iter().map(|p| (*p / (r * r)).normalize()).collect();
        HeadMesh { positions, normals, indices, uvs: Vec::new(), colours: Vec::new() }
    }

    #[test]
    fn an_ellipsoid_measures_its_axes_and_its_perimeter() {
        let r = vec3(75.0, 110.0, 98.0);
        let mesh = ellipsoid(r);
        let landmarks = HeadLandmarks {
            cranium_centre: Vec3::ZERO,
            brow: vec3(0.0, 0.0, r.z),
            ear_top_left: vec3(r.x, -20.0, 0.0),
            ear_top_right: vec3(-r.x, -20.0, 0.0),
            nape: vec3(0.0, -60.0, -60.0),
        };
        let m = measure(&mesh, &landmarks);
        // The widest section above the ears is the equator: 2 × 75 mm.
        assert!((m.breadth_mm - 150.0).abs() < 0.5, "{m:?}");
        assert!((m.length_mm - 196.0).abs() < 0.5, "{m:?}");
        assert!((m.height_above_ears_mm - 130.0).abs() < 0.5, "{m:?}");
        // The horizontal section: an ellipse of semi-axes 75 and 98 mm
        // (Ramanujan's perimeter, 543.4 mm).
        let (a, b) = (75.0f32, 98.0f32);
        let h = ((a - b) / (a + b)).powi(2);
        let perimeter = std::f32::consts::PI * (a + b) * (1.0 + 3.0 * h / (10.0 + (4.0 - 3.0 * h).sqrt()));
        assert!((m.circumference_mm - perimeter).abs() < 0.005 * perimeter, "{m:?} vs {perimeter}");
    }
}
