//! The scalp chart: a 2-D map of the scalp seen from above, in millimetres,
//! independent of any mesh UVs, so one plan fits any head.
//!
//! It is an azimuthal equidistant projection about the vertex of the head:
//! a point's distance from the chart origin is its distance from the vertex
//! measured over the skin along the meridian (a tape laid over the head from
//! the crown), its direction is the meridian's azimuth. Chart +y points to
//! the face (the top of a practitioner's plan sheet), chart +x to the
//! client's right, as on a head seen from above.
//!
//! Takes a head mesh and its landmarks; gives the chart, the scalp outline
//! (a hairline arrives as its shape, `outline::FrontLine`) and the skin
//! map. Uses `core` and `mesh`, never the plan: the same chart serves
//! every plan.

pub mod outline;
pub mod skin_map;
pub mod surface;
pub mod veins;

use crate::core::landmarks::HeadLandmarks;
use crate::mesh::{HeadMesh, ray_triangle};
use glam::{Vec2, Vec3, vec3};
use std::f32::consts::{PI, TAU};

/// Rows of the meridian table: 0.3° apart, ≈ 0.5 mm on a 100 mm radius.
pub const PHI_ROWS: usize = 541;
/// The table covers colatitudes up to 162°, down the neck well past the
/// nape; beyond it arc lengths are extrapolated, never clamped, so skin
/// further down always lies further from the vertex.
pub const PHI_MAX: f32 = 0.9 * PI;
pub const THETA_COLUMNS: usize = 360;

/// The chart of one head: a table of meridian arc lengths from the vertex,
/// and the chart coordinates of every mesh vertex.
#[derive(Clone, Debug)]
pub struct ScalpChart {
    centre: Vec3,
    /// Arc length (mm) from the vertex to the outer skin, per (row, column).
    rho: Vec<f32>,
    /// Distance from the centre to the outer skin, per (row, column).
    radius: Vec<f32>,
    /// Outward skin normal there, from the table's own neighbours.
    normal: Vec<Vec3>,
    /// Chart coordinates (mm) of each mesh vertex.
    pub vertex_chart: Vec<Vec2>,
}

pub fn direction(phi: f32, theta: f32) -> Vec3 {
    // theta = 0 faces +Z (front); positive theta turns to the client's right (-X).
    vec3(-phi.sin() * theta.sin(), phi.cos(), phi.sin() * theta.cos())
}

pub fn angles(d: Vec3) -> (f32, f32) {
    let d = d.normalize_or(Vec3::Y);
    (d.y.clamp(-1.0, 1.0).acos(), (-d.x).atan2(d.z))
}

pub const D_PHI: f32 = PHI_MAX / (PHI_ROWS - 1) as f32;
pub const D_THETA: f32 = TAU / THETA_COLUMNS as f32;

impl ScalpChart {
    /// Builds the chart of `mesh` seen from `centre`, a point inside the
    /// cranium below the vertex; the chart's pole is straight up (+Y) from it.
    pub fn build(mesh: &HeadMesh, centre: Vec3) -> Self {
        let radius = outer_radius_table(mesh, centre);
        let mut rho = vec![0.0f32; PHI_ROWS * THETA_COLUMNS];
        for j in 0..THETA_COLUMNS {
            let theta = -PI + j as f32 * D_THETA;
            let mut prev = centre + Vec3::Y * radius[j];
            for i in 1..PHI_ROWS {
                let p = centre + direction(i as f32 * D_PHI, theta) * radius[i * THETA_COLUMNS + j];
                rho[i * THETA_COLUMNS + j] = rho[(i - 1) * THETA_COLUMNS + j] + (p - prev).length();
                prev = p;
            }
        }
        let normal = surface::normal_table(centre, &radius);
        let mut chart = ScalpChart { centre, rho, radius, normal, vertex_chart: Vec::new() };
        chart.vertex_chart = mesh.positions.iter().map(|p| chart.chart_of_point(*p)).collect();
        chart
    }

    /// Chart coordinates of the skin point seen from the centre through `p`.
    pub fn chart_of_point(&self, p: Vec3) -> Vec2 {
        let (phi, theta) = angles(p - self.centre);
        let rho = self.arc_length(phi, theta);
        Vec2::new(rho * theta.sin(), rho * theta.cos())
    }

    /// Distance over the skin from the vertex along the meridian at `theta`
    /// to colatitude `phi` (bilinear in the table).
    pub fn arc_length(&self, phi: f32, theta: f32) -> f32 {
        if phi > PHI_MAX {
            let last = self.column_value(&self.radius, PHI_ROWS - 1, theta);
            return self.arc_length(PHI_MAX, theta) + (phi - PHI_MAX) * last;
        }
        let fi = (phi / D_PHI).clamp(0.0, (PHI_ROWS - 1) as f32);
        let i0 = (fi as usize).min(PHI_ROWS - 2);
        let ti = ((theta + PI) / D_THETA).rem_euclid(THETA_COLUMNS as f32);
        let j0 = (ti as usize) % THETA_COLUMNS;
        let j1 = (j0 + 1) % THETA_COLUMNS;
        let (a, b) = (fi - i0 as f32, ti - ti.floor());
        let at = |i: usize, j: usize| self.rho[i * THETA_COLUMNS + j];
        let lerp = |x: f32, y: f32, t: f32| x + (y - x) * t;
        let top = lerp(at(i0, j0), at(i0, j1), b);
        let bottom = lerp(at(i0 + 1, j0), at(i0 + 1, j1), b);
        lerp(top, bottom, a)
    }

    pub fn centre(&self) -> Vec3 {
        self.centre
    }

    /// A table value in `row`, linear between the two columns round `theta`.
    fn column_value(&self, table: &[f32], row: usize, theta: f32) -> f32 {
        let ti = ((theta + PI) / D_THETA).rem_euclid(THETA_COLUMNS as f32);
        let j0 = (ti as usize) % THETA_COLUMNS;
        let j1 = (j0 + 1) % THETA_COLUMNS;
        let b = ti - ti.floor();
        table[row * THETA_COLUMNS + j0] * (1.0 - b) + table[row * THETA_COLUMNS + j1] * b
    }

    /// Arc length from the vertex, along the meridian at `theta`, to where
    /// the skin first comes down to height `y` (head frame, mm); the end of
    /// the table if the skin there never does.
    pub fn arc_length_at_height(&self, theta: f32, y: f32) -> f32 {
        let height = |i: usize| self.centre.y + (i as f32 * D_PHI).cos() * self.column_value(&self.radius, i, theta);
        for i in 1..PHI_ROWS {
            let (above, below) = (height(i - 1), height(i));
            if below <= y {
                let t = ((above - y) / (above - below).max(1e-6)).clamp(0.0, 1.0);
                let (r0, r1) = (self.column_value(&self.rho, i - 1, theta), self.column_value(&self.rho, i, theta));
                return r0 + (r1 - r0) * t;
            }
        }
        self.column_value(&self.rho, PHI_ROWS - 1, theta)
    }
}

/// Distance from `centre` to the outermost skin along each table direction,
/// found by casting every table ray against the triangles it may cross.
fn outer_radius_table(mesh: &HeadMesh, centre: Vec3) -> Vec<f32> {
    let mut radius = vec![0.0f32; PHI_ROWS * THETA_COLUMNS];
    for t in 0..mesh.triangle_count() {
        let tri = mesh.triangle(t);
        let ang = tri.map(|p| angles(p - centre));
        let phi_lo = ang.iter().map(|a| a.0).fold(f32::MAX, f32::min);
        let phi_hi = ang.iter().map(|a| a.0).fold(f32::MIN, f32::max);
        if phi_lo > PHI_MAX {
            continue;
        }
        // A triangle holding the pole has every corner within its own
        // angular diameter of it.
        let dirs = tri.map(|p| (p - centre).normalize_or(Vec3::Y));
        let diameter = [(0, 1), (1, 2), (2, 0)]
            .iter()
            .map(|&(a, b)| dirs[a].dot(dirs[b]).clamp(-1.0, 1.0).acos())
            .fold(0.0f32, f32::max);
        let near_pole = phi_lo < 3.0 * D_PHI || phi_hi < diameter + 2.0 * D_PHI;
        // A triangle round the pole spans colatitudes from zero.
        let first_row = if near_pole { 0 } else { (phi_lo / D_PHI).floor() as usize };
        let rows = first_row..=((phi_hi / D_PHI).ceil() as usize).min(PHI_ROWS - 1);
        // Columns: unwrap across the back seam; near the pole take them all.
        let mut thetas = ang.map(|a| a.1);
        let (mut lo, mut hi) =
            (thetas.iter().copied().fold(f32::MAX, f32::min), thetas.iter().copied().fold(f32::MIN, f32::max));
        if hi - lo > PI {
            for th in thetas.iter_mut() {
                if *th < 0.0 {
                    *th += TAU;
                }
            }
            lo = thetas.iter().copied().fold(f32::MAX, f32::min);
            hi = thetas.iter().copied().fold(f32::MIN, f32::max);
        }
        let (c0, c1) = if near_pole {
            (0, THETA_COLUMNS as i64 - 1)
        } else {
            (((lo + PI) / D_THETA).floor() as i64, ((hi + PI) / D_THETA).ceil() as i64)
        };
        for i in rows {
            let phi = i as f32 * D_PHI;
            for c in c0..=c1 {
                let j = c.rem_euclid(THETA_COLUMNS as i64) as usize;
                let d = direction(phi, -PI + j as f32 * D_THETA);
                if let Some(r) = ray_triangle(centre, d, &tri) {
                    let cell = &mut radius[i * THETA_COLUMNS + j];
                    *cell = cell.max(r);
                }
            }
        }
    }
    // Pole row: one ray for all columns. Holes (no skin, e.g. below the neck
    // cut) keep the radius of the row above so arc lengths stay monotonic.
    let mut pole = radius[..THETA_COLUMNS].iter().copied().fold(0.0, f32::max);
    if pole <= 0.0 {
        // The pole ray ran exactly along an edge or through a vertex and hit
        // no triangle: take the ring 0.3° around it.
        let ring = &radius[THETA_COLUMNS..2 * THETA_COLUMNS];
        let hits: Vec<f32> = ring.iter().copied().filter(|r| *r > 0.0).collect();
        pole = hits.iter().sum::<f32>() / hits.len().max(1) as f32;
    }
    radius[..THETA_COLUMNS].fill(pole);
    for i in 1..PHI_ROWS {
        for j in 0..THETA_COLUMNS {
            if radius[i * THETA_COLUMNS + j] <= 0.0 {
                radius[i * THETA_COLUMNS + j] = radius[(i - 1) * THETA_COLUMNS + j];
            }
        }
    }
    radius
}

/// How far (mm, on the scalp chart of `mesh`) each landmark of `found`
/// lies from `truth`'s: landmarks matter by where they fall on the chart.
pub fn landmark_distances(found: &HeadLandmarks, truth: &HeadLandmarks, mesh: &HeadMesh) -> Vec<(&'static str, f32)> {
    let chart = ScalpChart::build(mesh, truth.cranium_centre);
    [
        ("brow", found.brow, truth.brow),
        ("left ear", found.ear_top_left, truth.ear_top_left),
        ("right ear", found.ear_top_right, truth.ear_top_right),
        ("nape", found.nape, truth.nape),
    ]
    .into_iter()
    .map(|(name, a, b)| (name, (chart.chart_of_point(a) - chart.chart_of_point(b)).length()))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::procedural::{builtin_head, builtin_landmarks, head_sdf};

    fn chart() -> (HeadMesh, ScalpChart) {
        let mesh = builtin_head();
        let chart = ScalpChart::build(&mesh, builtin_landmarks().cranium_centre);
        (mesh, chart)
    }

    #[test]
    fn front_maps_to_the_front_of_the_chart() {
        let (_, chart) = chart();
        let l = builtin_landmarks();
        let brow = chart.chart_of_point(l.brow);
        assert!(brow.y > 100.0 && brow.x.abs() < 1.0, "brow at {brow}");
        let nape = chart.chart_of_point(l.nape);
        assert!(nape.y < -100.0 && nape.x.abs() < 1.0, "nape at {nape}");
        // The client's left ear (+X in the head frame) is on the chart's left.
        let left = chart.chart_of_point(l.ear_top_left);
        let right = chart.chart_of_point(l.ear_top_right);
        assert!(left.x < -80.0 && right.x > 80.0, "ears at {left} and {right}");
        assert!((left.length() - right.length()).abs() < 2.0, "the chart is not symmetric");
    }

    /// Arc length along a meridian measured independently: skin points found
    /// on the field by bisection every 0.05°, summed as a fine polyline.
    fn meridian_arc(centre: Vec3, theta: f32, phi: f32) -> f32 {
        let skin = |phi: f32| {
            let d = direction(phi, theta);
            let (mut lo, mut hi) = (0.0f32, 400.0f32);
            for _ in 0..40 {
                let mid = 0.5 * (lo + hi);
                if head_sdf(centre + d * mid) < 0.0 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            centre + d * lo
        };
        let steps = (phi.to_degrees() / 0.05).ceil() as usize;
        (0..steps)
            .map(|k| {
                let (a, b) = (phi * k as f32 / steps as f32, phi * (k + 1) as f32 / steps as f32);
                (skin(b) - skin(a)).length()
            })
            .sum()
    }

    #[test]
    fn distances_along_meridians_are_preserved_within_one_percent() {
        let (_, chart) = chart();
        let centre = builtin_landmarks().cranium_centre;
        for theta_deg in [0.0f32, 45.0, 90.0, 135.0, 180.0, -60.0, -120.0] {
            for phi_deg in [20.0f32, 50.0, 80.0, 100.0] {
                let (theta, phi) = (theta_deg.to_radians(), phi_deg.to_radians());
                let truth = meridian_arc(centre, theta, phi);
                let got = chart.arc_length(phi, theta);
                let err = (got - truth).abs() / truth;
                assert!(err < 0.01, "theta {theta_deg}°, phi {phi_deg}°: chart {got:.1} mm, skin {truth:.1} mm");
            }
        }
    }

    #[test]
    fn a_coarser_mesh_gives_the_same_chart() {
        // With 3 mm cells no table ray starts inside the triangle round the
        // pole's corners; that triangle once went missing, leaving radius 0
        // at the vertex and every arc length 90 mm too long.
        let centre = builtin_landmarks().cranium_centre;
        let coarse = ScalpChart::build(&crate::mesh::procedural::mesh_head(3.0), centre);
        let (_, fine) = chart();
        for theta_deg in [0.0f32, 90.0, 180.0, -45.0] {
            for phi_deg in [0.0f32, 0.5, 30.0, 90.0] {
                let (theta, phi) = (theta_deg.to_radians(), phi_deg.to_radians());
                let (a, b) = (coarse.arc_length(phi, theta), fine.arc_length(phi, theta));
                assert!((a - b).abs() < 0.5 + 0.005 * b, "θ {theta_deg}°, φ {phi_deg}°: {a:.2} vs {b:.2} mm");
            }
        }
        let pole = coarse.skin_at(Vec3::Y).unwrap().position;
        assert!(head_sdf(pole).abs() < 1.0, "vertex of the coarse chart at {pole}");
    }

    #[test]
    fn skin_further_down_the_neck_is_further_from_the_vertex() {
        // Beyond the table arc lengths are extrapolated, never clamped: a
        // clamp once put the whole back of the neck on the nape line.
        let (_, chart) = chart();
        let mut last = 0.0;
        for k in 0..48 {
            // Down the back of the head and neck, 40 mm above the brow line
            // to 150 mm below it (the table's reach there).
            let y = 40.0 - 4.0 * k as f32;
            let rho = chart.arc_length_at_height(PI, y);
            assert!(rho > last, "arc length {rho} at height {y} is not beyond {last}");
            last = rho;
        }
        for phi_deg in [150.0f32, 160.0, 165.0, 175.0] {
            let (a, b) =
                (chart.arc_length(phi_deg.to_radians(), PI), chart.arc_length((phi_deg + 2.0).to_radians(), PI));
            assert!(b > a, "arc length stops growing at {phi_deg}°");
        }
    }

    #[test]
    fn short_distances_on_the_scalp_stretch_only_sideways_and_boundedly() {
        // Azimuthal equidistant charts keep radial lengths and stretch
        // lengths across meridians by about φ/sin φ: ≤ 1.3 within 80 mm of the vertex
        // on this head (1.14 on a sphere of its radius, more where it flattens).
        let (mesh, chart) = chart();
        let mut worst = (f32::MAX, f32::MIN);
        for t in 0..mesh.triangle_count() {
            let i = &mesh.indices[3 * t..3 * t + 2];
            let (a, b) = (i[0] as usize, i[1] as usize);
            let (ca, cb) = (chart.vertex_chart[a], chart.vertex_chart[b]);
            if ca.length() > 80.0 || cb.length() > 80.0 || ca.length() < 10.0 {
                continue;
            }
            let ratio = (ca - cb).length() / (mesh.positions[a] - mesh.positions[b]).length();
            worst = (worst.0.min(ratio), worst.1.max(ratio));
        }
        assert!(worst.0 > 0.95 && worst.1 < 1.3, "chart/skin length ratio in {worst:?}");
    }

    // The landmark search (`mesh::landmark_search`), judged where it
    // matters: on the scalp chart.
    #[test]
    fn the_built_in_head_finds_its_own_landmarks() {
        let mesh = crate::mesh::procedural::builtin_head();
        let mut warnings = Vec::new();
        let found = crate::mesh::landmark_search::find_landmarks(&mesh, &mut warnings, "built-in");
        assert!(warnings.is_empty(), "{warnings:?}");
        for (name, mm) in landmark_distances(&found, &crate::mesh::procedural::builtin_landmarks(), &mesh) {
            assert!(mm < 5.0, "{name}: {mm:.1} mm from where the built-in head has it");
        }
    }

    /// A low-poly head (6 mm triangles, as a decimated scan): its large
    /// triangles span heights and the midline no vertex lies on. Sampling
    /// vertices only put the nape on the face and an ear on the midline.
    #[test]
    fn a_coarse_head_finds_the_same_landmarks() {
        let coarse = crate::mesh::procedural::mesh_head(6.0);
        let mut warnings = Vec::new();
        let found = crate::mesh::landmark_search::find_landmarks(&coarse, &mut warnings, "coarse");
        assert!(warnings.is_empty(), "{warnings:?}");
        for (name, mm) in landmark_distances(
            &found,
            &crate::mesh::procedural::builtin_landmarks(),
            &crate::mesh::procedural::builtin_head(),
        ) {
            assert!(mm < 6.0, "{name}: {mm:.1} mm from where the built-in head has it");
        }
    }
}
