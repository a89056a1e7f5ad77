//! Fitting a head made elsewhere into our head frame (millimetres, +Y up,
//! +Z to the face, the cranium where the built-in head's is), so the same
//! plan, cameras and chart work on it: units from the head's breadth, up
//! from the file's axes, front from the nose, a bust or body cropped to
//! head and neck, and the landmarks the plan is laid out from.
//!
//! Every measure here is taken the same way on the built-in head, so an
//! imported head is scaled and placed to match it, not to numbers typed in.

use super::HeadMesh;
use super::import::{ImportedMesh, drop_unused_vertices};
use super::landmark_search::find_landmarks;
use super::procedural::{HeadLandmarks, builtin_landmarks};
use crate::error::{Result, SmpError};
use glam::{Mat3, Vec2, Vec3, vec3};

/// Units a file's coordinates may be in, as millimetres per unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Units {
    /// Judged from the head's breadth.
    Auto,
    Millimetres,
    Centimetres,
    Metres,
    Inches,
}

impl Units {
    pub fn parse(text: &str) -> Result<Self> {
        Ok(match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Units::Auto,
            "mm" => Units::Millimetres,
            "cm" => Units::Centimetres,
            "m" => Units::Metres,
            "in" | "inch" | "inches" => Units::Inches,
            other => {
                return Err(SmpError::Limit {
                    what: format!("--units {other}"),
                    problem: "expected mm, cm, m, in or auto".into(),
                });
            }
        })
    }

    fn mm_per_unit(self) -> Option<f32> {
        match self {
            Units::Auto => None,
            Units::Millimetres => Some(1.0),
            Units::Centimetres => Some(10.0),
            Units::Metres => Some(1000.0),
            Units::Inches => Some(25.4),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Units::Auto => "arbitrary units",
            Units::Millimetres => "millimetres",
            Units::Centimetres => "centimetres",
            Units::Metres => "metres",
            Units::Inches => "inches",
        }
    }
}

/// A signed axis of the file: `+y`, `-z`…
pub fn parse_axis(text: &str) -> Result<Vec3> {
    let t = text.trim().to_ascii_lowercase();
    let (sign, name) = match t.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, t.strip_prefix('+').unwrap_or(&t)),
    };
    let axis = match name {
        "x" => Vec3::X,
        "y" => Vec3::Y,
        "z" => Vec3::Z,
        _ => {
            return Err(SmpError::Limit {
                what: format!("axis `{text}`"),
                problem: "expected +x, -x, +y, -y, +z or -z".into(),
            });
        }
    };
    Ok(axis * sign)
}

fn axis_name(v: Vec3) -> String {
    let k = v.abs().max_position();
    let sign = if v[k] < 0.0 { '-' } else { '+' };
    format!("{sign}{}", ['x', 'y', 'z'][k])
}

#[derive(Clone, Copy, Debug)]
pub struct FitOptions {
    pub units: Units,
    /// The file's up and front axes, if the user knows them.
    pub up: Option<Vec3>,
    pub front: Option<Vec3>,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self { units: Units::Auto, up: None, front: None }
    }
}

/// What fitting found, for `smp head inspect` and warnings.
#[derive(Clone, Debug)]
pub struct FitReport {
    pub units: String,
    pub mm_per_unit: f32,
    pub up: String,
    pub front: String,
    /// How sure the guesses of up and front are, 0 to 1 (1 where the user
    /// gave them); under 0.5 a warning names the flag that overrides it.
    pub up_confidence: f32,
    pub front_confidence: f32,
    /// Triangles below the neck removed (a bust or a body).
    pub cropped_triangles: usize,
    /// Width × depth × height of what was kept (mm).
    pub size_mm: Vec3,
    pub warnings: Vec<String>,
}

pub struct FittedHead {
    pub mesh: HeadMesh,
    pub landmarks: HeadLandmarks,
    pub report: FitReport,
    /// The scan's own skin colour, if it has a texture.
    pub albedo: Option<image::RgbaImage>,
}

/// A head's shape measured in its own units, about a given up axis.
#[derive(Clone, Copy, Debug)]
struct Measure {
    /// Highest coordinate along up: the vertex.
    top: f32,
    /// Widest left–right extent of the skull (ears included).
    breadth: f32,
    /// Depth below the top where the neck ends, if there is a neck with
    /// something wider (shoulders) below it.
    neck_depth: Option<f32>,
    /// Depth below the top of the widest slice above the neck.
    widest_depth: f32,
}

/// Slices along +Y of a mesh already turned upright: per slice, the min and
/// max of x and z over the vertices in it.
struct Slices {
    top: f32,
    step: f32,
    lo: Vec<Vec2>,
    hi: Vec<Vec2>,
}

impl Slices {
    /// Vertices, and where triangles cross each slice's middle: a coarse
    /// mesh's large triangles span slices no vertex falls in.
    fn new(points: &[Vec3], indices: &[u32], step: f32) -> Self {
        let top = points.iter().map(|p| p.y).fold(f32::MIN, f32::max);
        let bottom = points.iter().map(|p| p.y).fold(f32::MAX, f32::min);
        let n = (((top - bottom) / step).ceil() as usize).clamp(1, 100_000);
        let (mut lo, mut hi) = (vec![Vec2::splat(f32::MAX); n], vec![Vec2::splat(f32::MIN); n]);
        let slice_of = |y: f32| (((top - y) / step) as usize).min(n - 1);
        let mut add = |k: usize, p: Vec2| {
            lo[k] = lo[k].min(p);
            hi[k] = hi[k].max(p);
        };
        for p in points {
            add(slice_of(p.y), Vec2::new(p.x, p.z));
        }
        for t in indices.chunks_exact(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| points[i as usize]);
            let (k0, k1) = (slice_of(a.y.max(b.y).max(c.y)), slice_of(a.y.min(b.y).min(c.y)));
            for k in k0 + 1..k1 {
                let y = top - (k as f32 + 0.5) * step;
                for (p, q) in [(a, b), (b, c), (c, a)] {
                    if (p.y - y) * (q.y - y) < 0.0 {
                        let at = p + (q - p) * ((y - p.y) / (q.y - p.y));
                        add(k, Vec2::new(at.x, at.z));
                    }
                }
            }
        }
        Self { top, step, lo, hi }
    }

    /// The slice's extent in x (left–right), 0 where it is empty.
    fn width(&self, k: usize) -> f32 {
        (self.hi[k].x - self.lo[k].x).max(0.0)
    }
}

fn measure(points: &[Vec3], indices: &[u32]) -> Measure {
    // 300 slices over the height: fine enough, whatever the units.
    let height = {
        let (lo, hi) = points.iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| (lo.min(p.y), hi.max(p.y)));
        (hi - lo).max(f32::MIN_POSITIVE)
    };
    let slices = Slices::new(points, indices, height / 300.0);
    let n = slices.lo.len();
    let width: Vec<f32> = (0..n).map(|k| slices.width(k)).collect();
    // Smooth over 5 slices: scans are ragged.
    let smooth: Vec<f32> = (0..n)
        .map(|k| {
            let (a, b) = (k.saturating_sub(2), (k + 3).min(n));
            width[a..b].iter().sum::<f32>() / (b - a) as f32
        })
        .collect();
    // The skull's widest slice, then the neck (narrowest below it) if the
    // mesh widens again below (shoulders); otherwise the mesh ends at the neck.
    let mut widest = 0;
    let mut neck = None;
    for k in 1..n {
        if neck.is_none() && smooth[k] >= smooth[widest] {
            widest = k;
        }
        if smooth[k] < 0.75 * smooth[widest] {
            let narrowest = neck.get_or_insert(k);
            if smooth[k] < smooth[*narrowest] {
                *narrowest = k;
            }
        }
        if let Some(m) = neck
            && smooth[k] > 1.6 * smooth[m]
        {
            break;
        }
    }
    // Shoulders (wider than the head by far, not a neck's flare) below the
    // neck make a bust: it ends where the neck does, at the first slice a
    // quarter wider than its narrowest (the shoulders' slope begins).
    let neck_depth = neck
        .filter(|&m| smooth[m..].iter().any(|&w| w > 1.6 * smooth[m] && w > 1.3 * smooth[widest]))
        .map(|m| (m + smooth[m..].iter().position(|&w| w > 1.25 * smooth[m]).unwrap_or(0)) as f32 * slices.step);
    Measure { top: slices.top, breadth: smooth[widest], neck_depth, widest_depth: widest as f32 * slices.step }
}

/// The built-in head as `measure` sees it (mm): imported heads are scaled
/// and placed to match. Constants rather than measured at run time (meshing
/// the built-in head costs 150 ms); a test checks them.
const MODEL_TOP_MM: f32 = 115.0;
const MODEL_BREADTH_MM: f32 = 170.1;

/// Puts an imported head in our frame and finds its landmarks.
pub fn fit(imported: ImportedMesh, options: FitOptions) -> Result<FittedHead> {
    let shown = imported.source.display().to_string();
    let fail = |problem: String| SmpError::Mesh { file: shown.clone(), problem };
    let mut warnings = imported.warnings;
    let albedo = imported.albedo;
    let mut mesh = imported.mesh;
    let (lo, hi) = mesh.bounds();
    let extent = hi - lo;

    // Up: the user's, else the file's Y unless the mesh is clearly tallest
    // along another axis (scanners often write Z up).
    let (up, up_confidence) = match options.up {
        Some(up) => (up, 1.0),
        None => {
            let k = extent.max_position();
            let up_k = if k != 1 && extent[k] > 1.15 * extent.y { k } else { 1 };
            // Sure when the chosen axis is ≥ 15 % taller than the others:
            // a head is taller (crown to chin) than it is long or broad.
            let others = (0..3).filter(|&i| i != up_k).map(|i| extent[i]).fold(0.0f32, f32::max);
            let confidence = ((extent[up_k] / others.max(f32::MIN_POSITIVE) - 1.0) / 0.15).clamp(0.0, 1.0);
            let axis = [Vec3::X, Vec3::Y, Vec3::Z][up_k];
            if up_k != 1 {
                warnings.push(format!(
                    "{shown}: the mesh is tallest along {}: taken as up (--up overrides)",
                    axis_name(axis)
                ));
            }
            (axis, confidence)
        }
    };
    // A provisional frame with up as +Y, to slice the head.
    let helper = if up.abs().y > 0.9 { Vec3::Z } else { Vec3::Y };
    let side0 = up.cross(helper).normalize();
    let depth0 = side0.cross(up).normalize();
    let upright = Mat3::from_cols(side0, up, depth0).transpose();
    let points: Vec<Vec3> = mesh.positions.iter().map(|p| upright * *p).collect();
    let m = measure(&points, &mesh.indices);
    if m.breadth.is_nan() || m.breadth <= 0.0 {
        return Err(fail("no head shape found along the up axis: give --up".into()));
    }
    // A neck with shoulders below it along up is a bust standing upright,
    // however wide its shoulders make it.
    let up_confidence = if m.neck_depth.is_some() { up_confidence.max(0.9) } else { up_confidence };
    if up_confidence < 0.5 {
        warnings.push(format!(
            "{shown}: up is uncertain: the mesh is nearly as tall along another axis as along {}, taken as up; \
             check with `smp head inspect FILE --image check.png` (--up overrides)",
            axis_name(up)
        ));
    }

    // Units: a stated one, or the one that makes the breadth a head's.
    let model_landmarks = builtin_landmarks();
    let model_top = MODEL_TOP_MM;
    let (units, mm_per_unit) = match options.units.mm_per_unit() {
        Some(scale) => (options.units, scale),
        None => {
            let plausible =
                [Units::Millimetres, Units::Centimetres, Units::Metres, Units::Inches].into_iter().find(|u| {
                    let ratio = m.breadth * u.mm_per_unit().unwrap_or(1.0) / MODEL_BREADTH_MM;
                    (0.75..=1.3).contains(&ratio)
                });
            match plausible {
                Some(u) => (u, u.mm_per_unit().unwrap_or(1.0)),
                None => {
                    warnings.push(format!(
                        "{shown}: units unknown (breadth {:.3}): scaled to a {:.0} mm head (--units overrides)",
                        m.breadth, MODEL_BREADTH_MM
                    ));
                    (Units::Auto, MODEL_BREADTH_MM / m.breadth)
                }
            }
        }
    };
    let breadth_mm = m.breadth * mm_per_unit;
    if !(90.0..=260.0).contains(&breadth_mm) {
        warnings.push(format!("{shown}: a head {breadth_mm:.0} mm wide is not a plausible adult head: check --units"));
    }
    let mut points: Vec<Vec3> = points.into_iter().map(|p| p * mm_per_unit).collect();

    // Front: the horizontal direction in which the nose, below the widest
    // slice, stands out furthest beyond the forehead above it.
    let widest = m.widest_depth * mm_per_unit;
    let top = m.top * mm_per_unit;
    let band = |p: &Vec3, from: f32, to: f32| (top - p.y) >= from && (top - p.y) < to;
    let mut front_confidence = 1.0;
    let front = match options.front {
        Some(front) => {
            let f = upright * front;
            let f = Vec3::new(f.x, 0.0, f.z);
            if f.length() < 0.5 {
                return Err(fail(format!("--front {} is not across --up {}", axis_name(front), axis_name(up))));
            }
            f.normalize()
        }
        None => {
            // Triangles' centroids weighed by their areas: a scan's density
            // varies (ours is finer round the ears and eyes), its surface
            // does not.
            let weighted = |from: f32, to: f32| -> Vec<(Vec3, f32)> {
                mesh.indices
                    .chunks_exact(3)
                    .filter_map(|t| {
                        let [a, b, c] = [t[0], t[1], t[2]].map(|i| points[i as usize]);
                        let centre = (a + b + c) / 3.0;
                        band(&centre, from, to).then(|| (centre, 0.5 * (b - a).cross(c - a).length()))
                    })
                    .collect()
            };
            let face = weighted(1.1 * widest, 1.6 * widest);
            let brow = weighted(0.3 * widest, widest);
            // The skull is longer front to back than across: front lies
            // along that axis (ears cannot win).
            let total = brow.iter().map(|(_, w)| w).sum::<f32>().max(f32::MIN_POSITIVE);
            let mean = brow.iter().fold(Vec2::ZERO, |a, (p, w)| a + Vec2::new(p.x, p.z) * *w) / total;
            let (mut cxx, mut czz, mut cxz) = (0.0f32, 0.0f32, 0.0f32);
            for (p, w) in &brow {
                let d = Vec2::new(p.x, p.z) - mean;
                cxx += w * d.x * d.x;
                czz += w * d.y * d.y;
                cxz += w * d.x * d.y;
            }
            // Angle from +Z towards +X of the long axis.
            let long = 0.5 * (2.0 * cxz).atan2(czz - cxx);
            // Which end is the face: the face and jaw below the widest slice
            // sit forward of the skull above it (the neck joins behind).
            let along = Vec3::new(long.sin(), 0.0, long.cos());
            let centroid = |band: &[(Vec3, f32)]| {
                let total = band.iter().map(|(_, w)| w).sum::<f32>().max(f32::MIN_POSITIVE);
                band.iter().map(|(p, w)| p.dot(along) * w).sum::<f32>() / total
            };
            let lead = centroid(&face) - centroid(&brow);
            let face_side = if lead >= 0.0 { 0.0 } else { std::f32::consts::PI };
            // Sure when the skull is clearly longer than broad (a cephalic
            // index of 0.8 gives an elongation of ≈ 0.22) and the face
            // stands clearly forward of it (≈ 25 mm on our head).
            let spread = ((cxx - czz).powi(2) + 4.0 * cxz * cxz).sqrt();
            let elongation = spread / (cxx + czz).max(f32::MIN_POSITIVE);
            front_confidence = (elongation / 0.1).min(lead.abs() / 10.0).clamp(0.0, 1.0);
            if front_confidence < 0.5 {
                warnings.push(format!(
                    "{shown}: the face's direction is uncertain (the skull is nearly round, or the face hardly \
                     stands forward of it): check with `smp head inspect FILE --image check.png` (--front overrides)"
                ));
            }
            // A symmetric skull's long axis lies in its plane of symmetry:
            // the face looks straight along it.
            let a = long + face_side;
            Vec3::new(a.sin(), 0.0, a.cos())
        }
    };
    // Turn front to +Z (about the vertical).
    let yaw = Mat3::from_rotation_y(-front.x.atan2(front.z));
    for p in &mut points {
        *p = yaw * *p;
    }
    let to_frame = yaw * upright;
    let front_file = to_frame.transpose() * Vec3::Z;

    // Crop a bust or body where its neck ends.
    let mut cropped = 0;
    if let Some(neck) = m.neck_depth {
        let floor = top - neck * mm_per_unit;
        let before = mesh.triangle_count();
        let keep: Vec<u32> = mesh
            .indices
            .chunks_exact(3)
            .filter(|t| t.iter().any(|&i| points[i as usize].y >= floor))
            .flatten()
            .copied()
            .collect();
        mesh.indices = keep;
        cropped = before - mesh.triangle_count();
    }

    // Place it as the built-in head: its top at the same height, centred
    // left–right and front–back on the skull at the model's cranium centre.
    let model_centre = model_landmarks.cranium_centre;
    let centre_depth = model_top - model_centre.y;
    let near_centre: Vec<&Vec3> = points.iter().filter(|p| (top - p.y - centre_depth).abs() < 5.0).collect();
    if near_centre.is_empty() {
        return Err(fail("no skull found below the top of the head: check --up".into()));
    }
    let (lo_c, hi_c) = near_centre
        .iter()
        .fold((Vec3::splat(f32::MAX), Vec3::splat(f32::MIN)), |(lo, hi), p| (lo.min(**p), hi.max(**p)));
    let skull_mid = (lo_c + hi_c) * 0.5;
    let model_skull_mid_z = model_centre.z;
    let shift = vec3(-skull_mid.x, model_top - top, model_skull_mid_z - skull_mid.z);
    for p in &mut points {
        *p += shift;
    }
    mesh.positions = points;
    // Normals turn with the head (scaling keeps their direction).
    mesh.normals = mesh.normals.iter().map(|n| (to_frame * *n).normalize_or(Vec3::Y)).collect();
    drop_unused_vertices(&mut mesh);
    if mesh.triangle_count() == 0 {
        return Err(fail("nothing is left of it above the neck: check --up".into()));
    }
    mesh.sort_triangles_spatially();
    let landmarks = find_landmarks(&mesh, &mut warnings, &shown);
    let (lo, hi) = mesh.bounds();
    Ok(FittedHead {
        albedo,
        mesh,
        landmarks,
        report: FitReport {
            units: units.name().into(),
            mm_per_unit,
            up: axis_name(up),
            front: axis_name(front_file),
            up_confidence,
            front_confidence,
            cropped_triangles: cropped,
            size_mm: hi - lo,
            warnings,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::procedural::builtin_head;

    #[test]
    fn the_model_constants_are_the_built_in_heads_measures() {
        let head = builtin_head();
        let m = measure(&head.positions, &head.indices);
        assert!((m.top - MODEL_TOP_MM).abs() < 0.5, "{m:?}");
        // Scans of unknown units are scaled to this breadth, so it stays as
        // first measured while the sculpt's ears change it by under 1 %.
        assert!((m.breadth - MODEL_BREADTH_MM).abs() < 2.0, "{m:?}");
    }
}
