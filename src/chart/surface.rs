//! The skin seen from the chart's centre, and the plane the scatter lays
//! its blue-noise tile on.
//!
//! The chart's ray table already knows, for every direction from the
//! centre, how far out the skin is and how far it lies from the vertex over
//! the skin; with a normal per entry it puts a point on the skin for any
//! direction. The GPU scatter reads the same table (`skin_table`), so the
//! CPU functions here are its reference.
//!
//! The scatter plane is the sphere of directions projected stereographically
//! from straight below the centre. That projection is conformal: a small
//! circle on the skin is a circle on the plane, so an even pattern of points
//! on the plane stays even on the skin, only scaled, and thinning undoes the
//! scale. The chart would not do: it stretches sideways, up to 4× at the
//! nape, and a pattern laid on it would come out squeezed into rows.

use super::{D_PHI, D_THETA, PHI_MAX, PHI_ROWS, ScalpChart, THETA_COLUMNS, angles, direction};
use glam::{Vec2, Vec3};
use std::f32::consts::PI;

/// Skin normal tilt below which the skin is taken as grazing the view from
/// the centre (folds behind the ears; never on the scalp), so that the area
/// it covers per direction stays finite.
pub const MIN_TILT_COSINE: f32 = 0.2;

/// One table entry as the scatter shader reads it. WGSL twin: `SkinSample`
/// in `shaders/scatter.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct GpuSkinSample {
    pub radius: f32,
    pub rho: f32,
    pub normal_oct: u32,
    pub _pad: u32,
}
const _: () = assert!(std::mem::size_of::<GpuSkinSample>() == 16);

/// The skin in one direction from the centre.
#[derive(Clone, Copy, Debug)]
pub struct SkinPoint {
    pub position: Vec3,
    pub normal: Vec3,
    /// Distance from the centre (mm).
    pub radius: f32,
    pub chart: Vec2,
}

/// Outward normals of the table's skin points, from their neighbours.
pub(super) fn normal_table(centre: Vec3, radius: &[f32]) -> Vec<Vec3> {
    let point = |i: usize, j: usize| {
        let j = j % THETA_COLUMNS;
        centre + direction(i as f32 * D_PHI, -PI + j as f32 * D_THETA) * radius[i * THETA_COLUMNS + j]
    };
    let mut normal = vec![Vec3::Y; PHI_ROWS * THETA_COLUMNS];
    for i in 1..PHI_ROWS {
        for j in 0..THETA_COLUMNS {
            let along = point((i + 1).min(PHI_ROWS - 1), j) - point(i - 1, j);
            let across = point(i, j + 1) - point(i, j + THETA_COLUMNS - 1);
            let out = direction(i as f32 * D_PHI, -PI + j as f32 * D_THETA);
            let n = along.cross(across).normalize_or(out);
            normal[i * THETA_COLUMNS + j] = if n.dot(out) < 0.0 { -n } else { n };
        }
    }
    // The pole's columns meet in one point: average the ring around it.
    let pole = normal[THETA_COLUMNS..2 * THETA_COLUMNS].iter().sum::<Vec3>().normalize_or(Vec3::Y);
    normal[..THETA_COLUMNS].fill(pole);
    normal
}

/// Octahedral encoding in two snorm16, as `encode_normal` in `common.wgsl`.
pub fn encode_normal(n: Vec3) -> u32 {
    let mut p = Vec2::new(n.x, n.y) / (n.x.abs() + n.y.abs() + n.z.abs());
    if n.z < 0.0 {
        let sign = |v: f32| if v >= 0.0 { 1.0 } else { -1.0 };
        p = Vec2::new((1.0 - p.y.abs()) * sign(p.x), (1.0 - p.x.abs()) * sign(p.y));
    }
    let snorm = |v: f32| ((v.clamp(-1.0, 1.0) * 32767.0).round() as i16) as u16 as u32;
    snorm(p.x) | snorm(p.y) << 16
}

/// The unit normal `encode_normal` packed, as `decode_normal` in `common.wgsl`.
pub fn decode_normal(packed: u32) -> Vec3 {
    let snorm = |v: u32| ((v & 0xffff) as u16 as i16 as f32 / 32767.0).max(-1.0);
    let (x, y) = (snorm(packed), snorm(packed >> 16));
    let mut n = Vec3::new(x, y, 1.0 - x.abs() - y.abs());
    let t = (-n.z).max(0.0);
    n.x += if n.x >= 0.0 { -t } else { t };
    n.y += if n.y >= 0.0 { -t } else { t };
    n.normalize()
}

impl ScalpChart {
    /// The table as the GPU scatter reads it, row-major (row = colatitude).
    pub fn skin_table(&self) -> Vec<GpuSkinSample> {
        (0..PHI_ROWS * THETA_COLUMNS)
            .map(|k| GpuSkinSample {
                radius: self.radius[k],
                rho: self.rho[k],
                normal_oct: encode_normal(self.normal[k]),
                _pad: 0,
            })
            .collect()
    }

    /// The skin in direction `dir` (bilinear in the table, as the scatter
    /// shader's `skin_at`); `None` beyond the table, down the neck.
    pub fn skin_at(&self, dir: Vec3) -> Option<SkinPoint> {
        let (phi, theta) = angles(dir);
        if phi > PHI_MAX {
            return None;
        }
        let fi = phi / D_PHI;
        let i0 = (fi as usize).min(PHI_ROWS - 2);
        let ti = ((theta + PI) / D_THETA).rem_euclid(THETA_COLUMNS as f32);
        let j0 = (ti as usize) % THETA_COLUMNS;
        let j1 = (j0 + 1) % THETA_COLUMNS;
        let (a, b) = (fi - i0 as f32, ti - ti.floor());
        let weights = [
            (i0, j0, (1.0 - a) * (1.0 - b)),
            (i0, j1, (1.0 - a) * b),
            (i0 + 1, j0, a * (1.0 - b)),
            (i0 + 1, j1, a * b),
        ];
        let (mut radius, mut rho, mut normal) = (0.0, 0.0, Vec3::ZERO);
        for (i, j, w) in weights {
            let k = i * THETA_COLUMNS + j;
            radius += self.radius[k] * w;
            rho += self.rho[k] * w;
            normal += self.normal[k] * w;
        }
        let dir = dir.normalize();
        Some(SkinPoint {
            position: self.centre + dir * radius,
            normal: normal.normalize_or(dir),
            radius,
            chart: Vec2::new(rho * theta.sin(), rho * theta.cos()),
        })
    }

    /// Colatitude at which the meridian at `theta` reaches arc length `rho`
    /// from the vertex (the inverse of `arc_length`; `PHI_MAX` beyond).
    pub fn colatitude_at(&self, rho: f32, theta: f32) -> f32 {
        let (mut lo, mut hi) = (0.0f32, PHI_MAX);
        if self.arc_length(hi, theta) <= rho {
            return PHI_MAX;
        }
        for _ in 0..24 {
            let mid = 0.5 * (lo + hi);
            if self.arc_length(mid, theta) < rho {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }

    /// The plane the scatter lays its tile on, scaled so that near the
    /// vertex a plane millimetre is a skin millimetre.
    pub fn scatter_plane(&self) -> ScatterPlane {
        ScatterPlane { scale_mm: 2.0 * self.radius[0] }
    }
}

/// Directions from the chart's centre, stereographically projected from
/// straight below onto a plane (mm). Plane x follows head x, plane y head z.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScatterPlane {
    /// Plane distance (mm) of the horizon: a direction at colatitude φ lies
    /// at scale · tan(φ / 2) from the origin.
    pub scale_mm: f32,
}

impl ScatterPlane {
    /// Unit direction of plane point `q`. Mirrors `plane_direction` in WGSL.
    pub fn direction(&self, q: Vec2) -> Vec3 {
        let w = q / self.scale_mm;
        let w2 = w.length_squared();
        Vec3::new(2.0 * w.x, 1.0 - w2, 2.0 * w.y) / (1.0 + w2)
    }

    /// Plane point of direction `dir` (not straight down).
    pub fn point(&self, dir: Vec3) -> Vec2 {
        let d = dir.normalize();
        Vec2::new(d.x, d.z) / (1.0 + d.y) * self.scale_mm
    }

    /// Plane distance from the origin of the directions at colatitude `phi`.
    pub fn reach(&self, phi: f32) -> f32 {
        self.scale_mm * (0.5 * phi).tan()
    }

    /// Skin area (mm²) per plane area (mm²) at `q`, for skin at distance
    /// `radius` from the centre with normal `normal`: solid angle per plane
    /// area × skin area per solid angle.
    pub fn skin_per_plane_area(&self, q: Vec2, radius: f32, normal: Vec3) -> f32 {
        let w2 = (q / self.scale_mm).length_squared();
        let solid_angle = 4.0 / (self.scale_mm * self.scale_mm * (1.0 + w2) * (1.0 + w2));
        let tilt = normal.dot(self.direction(q)).max(MIN_TILT_COSINE);
        radius * radius / tilt * solid_angle
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::procedural::{builtin_head, builtin_landmarks, head_sdf};

    #[test]
    fn normals_survive_the_octahedral_round_trip() {
        for k in 0..500 {
            let (a, b) = (k as f32 * 0.7331, k as f32 * 1.917);
            let n = Vec3::new(a.sin() * b.cos(), a.cos(), a.sin() * b.sin()).normalize();
            let back = decode_normal(encode_normal(n));
            assert!(back.dot(n) > 0.99999, "{n} came back as {back}");
        }
    }

    #[test]
    fn skin_points_on_the_scalp_lie_on_the_skin_with_outward_normals() {
        let scene = crate::HeadScene::builtin(crate::Plan::default()).unwrap();
        let chart = &scene.chart;
        let plane = chart.scatter_plane();
        let mut tested = 0;
        for k in 0..4000 {
            // A spiral of plane points down to the nape; those on the scalp.
            let q = Vec2::from_angle(k as f32 * 2.4) * (k as f32 / 4000.0).sqrt() * plane.reach(0.8 * PI);
            let dir = plane.direction(q);
            let skin = chart.skin_at(dir).expect("on the table");
            if scene.outline.depth_inside(skin.chart) < 0.0 {
                continue;
            }
            tested += 1;
            // The mesh is surface nets of this field at 2 mm cells.
            let off = head_sdf(skin.position).abs();
            assert!(off < 0.6, "skin point {} is {off:.2} mm off the skin", skin.position);
            let e = 0.5;
            let grad = Vec3::new(
                head_sdf(skin.position + Vec3::X * e) - head_sdf(skin.position - Vec3::X * e),
                head_sdf(skin.position + Vec3::Y * e) - head_sdf(skin.position - Vec3::Y * e),
                head_sdf(skin.position + Vec3::Z * e) - head_sdf(skin.position - Vec3::Z * e),
            )
            .normalize();
            assert!(skin.normal.dot(grad) > 0.95, "normal {} vs the field's {grad} at {}", skin.normal, skin.position);
            // The chart of the point is the chart's own mapping of it.
            assert!((skin.chart - chart.chart_of_point(skin.position)).length() < 0.05);
        }
        assert!(tested > 1000, "only {tested} points on the scalp");
    }

    #[test]
    fn the_plane_round_trips_and_its_area_factor_integrates_to_the_skin_area() {
        let chart = ScalpChart::build(&builtin_head(), builtin_landmarks().cranium_centre);
        let plane = chart.scatter_plane();
        let q = Vec2::new(37.0, -81.0);
        assert!((plane.point(plane.direction(q)) - q).length() < 1e-3);
        // Skin area of the cap above 60° colatitude, two ways: the plane
        // integral of the area factor, and the table's own quads.
        let reach = plane.reach(60f32.to_radians());
        let step = 0.5;
        let n = (reach / step).ceil() as i32;
        let mut by_plane = 0.0f64;
        for y in -n..n {
            for x in -n..n {
                let q = (Vec2::new(x as f32, y as f32) + 0.5) * step;
                if q.length() < reach {
                    let s = chart.skin_at(plane.direction(q)).unwrap();
                    by_plane += (plane.skin_per_plane_area(q, s.radius, s.normal) * step * step) as f64;
                }
            }
        }
        let rows = (60f32.to_radians() / D_PHI).round() as usize;
        let mut by_table = 0.0f64;
        let at = |i: usize, j: usize| {
            chart.skin_at(direction(i as f32 * D_PHI, -PI + (j as f32 + 0.5) * D_THETA)).unwrap().position
        };
        for i in 0..rows {
            for j in 0..THETA_COLUMNS {
                let (a, b, c, d) = (at(i, j), at(i + 1, j), at(i, j + 1), at(i + 1, j + 1));
                by_table += 0.5 * ((b - a).cross(c - a).length() + (c - d).cross(b - d).length()) as f64;
            }
        }
        let err = (by_plane - by_table).abs() / by_table;
        assert!(err < 0.01, "cap area {by_plane:.0} mm² by the plane, {by_table:.0} mm² by the table");
    }
}
