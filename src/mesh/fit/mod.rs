//! Fitting a head made elsewhere into our head frame (millimetres, +Y up,
//! +Z to the face, the cranium where the built-in head's is), so the same
//! plan, cameras and chart work on it: up and front from its shape
//! (`orient`), units from its sections' breadth, length and girth, a bust or
//! body cropped to head and neck, and the landmarks the plan is laid out
//! from.
//!
//! Every measure here is taken the same way on the built-in head, so an
//! imported head is scaled and placed to match it, not to numbers typed in.

mod measure;

use super::HeadMesh;
use super::import::{ImportedMesh, drop_unused_vertices};
use super::landmark_search::find_landmarks;
use super::orient::orient;
use super::procedural::builtin_landmarks;
use crate::core::error::{Result, SmpError};
use crate::core::landmarks::HeadLandmarks;
use crate::core::units::Units;
use glam::{Mat3, Vec2, Vec3, vec3};
use measure::{MODEL_SECTIONS, MODEL_TOP_MM, Slices, measure};

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

/// `+y` for a direction within 2° of an axis, else its components.
fn axis_name(v: Vec3) -> String {
    let v = v.normalize_or_zero();
    let k = v.abs().max_position();
    if v[k].abs() < 2f32.to_radians().cos() {
        return format!("({:.2}, {:.2}, {:.2})", v.x, v.y, v.z);
    }
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
    /// What the skull's measures made a unit before it was taken as a
    /// known one (equal to `mm_per_unit` when the user gave the units).
    pub judged_mm_per_unit: f32,
    pub up: String,
    pub front: String,
    /// The same as unit vectors in the file's coordinates.
    pub up_axis: Vec3,
    pub front_axis: Vec3,
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

/// Puts an imported head in our frame and finds its landmarks.
pub fn fit(imported: ImportedMesh, options: FitOptions) -> Result<FittedHead> {
    let shown = imported.source.display().to_string();
    let fail = |problem: String| SmpError::Mesh { file: shown.clone(), problem };
    let mut warnings = imported.warnings;
    let albedo = imported.albedo;
    let mut mesh = imported.mesh;

    // Up and front from the shape (its plane of symmetry, then its
    // profile), unless the user gave both.
    let found = if options.up.is_none() || options.front.is_none() { orient(&mesh) } else { None };
    if found.is_none() && (options.up.is_none() || options.front.is_none()) {
        warnings.push(format!(
            "{shown}: no plane of symmetry or head profile found: the file's +y is taken as up and +z as front; \
             check with `smp head inspect FILE --image check.png` (--up and --front override)"
        ));
    }
    let mut shape_confidence = found.map_or(0.0, |o| o.confidence);
    let (up, mut up_confidence) = match (options.up, found) {
        (Some(up), _) => (up, 1.0),
        (None, Some(o)) => (o.up, shape_confidence),
        (None, None) => (Vec3::Y, 0.0),
    };
    // A provisional frame with up as +Y, to slice the head.
    let helper = if up.abs().y > 0.9 { Vec3::Z } else { Vec3::Y };
    let side0 = up.cross(helper).normalize();
    let depth0 = side0.cross(up).normalize();
    let upright = Mat3::from_cols(side0, up, depth0).transpose();
    let points: Vec<Vec3> = mesh.positions.iter().map(|p| upright * *p).collect();
    let m = measure(&points, &mesh.indices, found.map(|o| o.units_per_mm));
    if m.breadth.is_nan() || m.breadth <= 0.0 {
        return Err(fail("no head shape found along the up axis: give --up".into()));
    }
    // The skull's sections against ours: the file's millimetres a unit.
    let skull_scale = {
        let (s, model) = (m.sections, MODEL_SECTIONS);
        let ratios = [model.breadth / s.breadth, model.length / s.length, model.girth / s.girth];
        (ratios.iter().map(|r| r.ln()).sum::<f32>() / 3.0).exp()
    };
    // The profile's size must agree with them: a profile matched to a
    // torso or a shoulder is not a head's, however well it lies.
    if let Some(o) = found
        && !(0.8..1.25).contains(&(1.0 / o.units_per_mm / skull_scale))
    {
        warnings.push(format!(
            "{shown}: its skull makes a unit {skull_scale:.4} mm and its profile {:.4} mm: an unusual head, or a \
             poor fit (--units overrides)",
            1.0 / o.units_per_mm
        ));
        shape_confidence = shape_confidence.min(0.3);
        if options.up.is_none() {
            up_confidence = up_confidence.min(0.3);
        }
    }
    if up_confidence < 0.5 {
        warnings.push(format!(
            "{shown}: up is uncertain (taken as {} in the file's coordinates): check with `smp head inspect FILE --image check.png` \
             (--up overrides)",
            axis_name(up)
        ));
    }

    // Units: a stated one, or judged from three measures of the skull's
    // sections (breadth, length and girth) against our head's; the size of
    // the profile match is a check on them.
    let model_landmarks = builtin_landmarks();
    let model_top = MODEL_TOP_MM;
    let (units, mm_per_unit, judged_mm_per_unit) = match options.units.mm_per_unit() {
        Some(scale) => (options.units, scale, scale),
        None => {
            let estimate = skull_scale;
            if !estimate.is_finite() || estimate <= 0.0 {
                return Err(fail("no skull found below the top of the head: check --up".into()));
            }
            // A known unit if within 15 %: adult heads' length and breadth
            // vary by 3–4 % a standard deviation (Farkas 1994), so this is
            // four of them; further off, the head is scaled to ours.
            let known = [Units::Millimetres, Units::Centimetres, Units::Metres, Units::Inches]
                .into_iter()
                .find(|u| (0.87..=1.15).contains(&(estimate / u.mm_per_unit().unwrap_or(1.0))));
            match known {
                Some(u) => (u, u.mm_per_unit().unwrap_or(1.0), estimate),
                None => {
                    warnings.push(format!(
                        "{shown}: units unknown (breadth {:.3}, length {:.3}, girth {:.3}): scaled to our head's \
                         size, {estimate:.4} mm a unit (--units overrides)",
                        m.sections.breadth, m.sections.length, m.sections.girth
                    ));
                    (Units::Auto, estimate, estimate)
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
    let top = m.top * mm_per_unit;
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
            let f = upright * found.map_or(Vec3::Z, |o| o.front);
            let f = Vec3::new(f.x, 0.0, f.z);
            if f.length() < 0.5 {
                front_confidence = 0.0;
                Vec3::Z
            } else {
                front_confidence = shape_confidence;
                f.normalize()
            }
        }
    };
    if front_confidence < 0.5 {
        warnings.push(format!(
            "{shown}: the face's direction is uncertain: check with `smp head inspect FILE --image check.png` \
             (--front overrides)"
        ));
    }
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
    // Where triangles cross the slices, not only vertices: a low-poly
    // head has few vertices at any one height.
    let slices = Slices::new(&points, &mesh.indices, 2.0);
    let k = ((top - slices.top + centre_depth) / slices.step) as usize;
    let band = k.saturating_sub(2)..(k + 3).min(slices.lo.len());
    let (lo_c, hi_c) = band
        .map(|k| (slices.lo[k], slices.hi[k]))
        .filter(|(lo, hi)| lo.x <= hi.x)
        .fold((Vec2::splat(f32::MAX), Vec2::splat(f32::MIN)), |(a, b), (lo, hi)| (a.min(lo), b.max(hi)));
    if lo_c.x > hi_c.x {
        return Err(fail("no skull found below the top of the head: check --up".into()));
    }
    let (lo_c, hi_c) = (vec3(lo_c.x, 0.0, lo_c.y), vec3(hi_c.x, 0.0, hi_c.y));
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
            judged_mm_per_unit,
            up: axis_name(up),
            front: axis_name(front_file),
            up_axis: up.normalize(),
            front_axis: front_file.normalize(),
            up_confidence,
            front_confidence,
            cropped_triangles: cropped,
            size_mm: hi - lo,
            warnings,
        },
    })
}
