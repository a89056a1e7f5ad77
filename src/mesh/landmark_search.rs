//! Finding the landmarks a plan is laid out from (brow, ears' tops, nape)
//! on a head already in our frame (millimetres, +Y up, +Z to the face).
//! Every rule is a proportion or offset measured on the built-in head, and
//! a test checks it finds the built-in head's own landmarks.

use super::HeadMesh;
use super::procedural::builtin_landmarks;
use crate::core::landmarks::HeadLandmarks;
use glam::{Vec3, vec3};

/// Where the brow lies from the vertex to the nose tip (tested on the
/// built-in head).
pub const BROW_FRACTION: f32 = 0.70;

/// The nape hairline's height below the ears' tops as found here (mm;
/// tested on the built-in head).
pub const NAPE_BELOW_EAR_TOP_MM: f32 = 84.0;

/// Half the width (mm) of the band around the midline the face's and the
/// back's profiles are read from.
const MIDLINE_HALF_WIDTH_MM: f32 = 6.0;

/// The front-to-back band (mm) the ears' bulge is looked for in.
const FLANK_Z_MM: (f32, f32) = (-45.0, 25.0);

/// How far (mm) an ear must stand out from the skull 40 mm above it.
const MIN_EAR_BULGE_MM: f32 = 3.0;

/// The surface sampled per millimetre of height: its vertices, where its
/// edges cross each millimetre, and where those crossings cross the midline.
/// A coarse mesh (a decimated scan, a low-poly model) has triangles that
/// span heights no vertex lies at, and may have no vertex near its midline.
struct HeightRows {
    top: f32,
    /// Row k holds the samples nearest the height `top - k`.
    rows: Vec<Vec<Vec3>>,
}

impl HeightRows {
    fn new(mesh: &HeadMesh) -> Self {
        let p = &mesh.positions;
        let top = p.iter().map(|q| q.y).fold(f32::MIN, f32::max);
        let bottom = p.iter().map(|q| q.y).fold(f32::MAX, f32::min);
        let n = ((top - bottom).max(0.0).ceil() as usize + 1).min(100_000);
        let mut rows = vec![Vec::new(); n];
        let row_of = |y: f32| ((top - y).round().max(0.0) as usize).min(n - 1);
        // Only the bands landmarks are read from: the midline and the flanks.
        let kept = |q: &Vec3| q.x.abs() < MIDLINE_HALF_WIDTH_MM || (FLANK_Z_MM.0 < q.z && q.z < FLANK_Z_MM.1);
        for q in p.iter().filter(|q| kept(q)) {
            rows[row_of(q.y)].push(*q);
        }
        for t in mesh.indices.chunks_exact(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| p[i as usize]);
            let (lo, hi) = (a.min(b).min(c), a.max(b).max(c));
            let near_midline = lo.x < MIDLINE_HALF_WIDTH_MM && hi.x > -MIDLINE_HALF_WIDTH_MM;
            let on_flank = lo.z < FLANK_Z_MM.1 && hi.z > FLANK_Z_MM.0;
            // Most triangles of a fine mesh are outside both bands, or lie
            // between two rows' heights: nothing to add.
            if !(near_midline || on_flank) || (top - hi.y).ceil() > (top - lo.y).floor() {
                continue;
            }
            let (hi, lo) = (hi.y, lo.y);
            let first = row_of(hi);
            for (k, row) in rows.iter_mut().enumerate().take(row_of(lo) + 1).skip(first) {
                let y = top - k as f32;
                let mut ends = [(a, b), (b, c), (c, a)]
                    .into_iter()
                    .filter(|(p, q)| (p.y - y) * (q.y - y) < 0.0)
                    .map(|(p, q)| p + (q - p) * ((y - p.y) / (q.y - p.y)));
                let (Some(u), Some(v)) = (ends.next(), ends.next()) else { continue };
                row.extend([u, v].into_iter().filter(kept));
                if u.x * v.x < 0.0 {
                    row.push(u + (v - u) * (u.x / (u.x - v.x)));
                }
            }
        }
        Self { top, rows }
    }

    /// The samples within 1.5 mm of height `y`.
    fn near(&self, y: f32) -> impl Iterator<Item = &Vec3> {
        let k = (self.top - y).round() as i64;
        (k - 1..=k + 1).filter_map(|k| usize::try_from(k).ok()).filter_map(|k| self.rows.get(k)).flatten()
    }

    /// The face's (front: furthest +z) or the back's (least z) profile on
    /// the midline at height `y`.
    fn profile(&self, y: f32, front: bool) -> Option<f32> {
        let z = self.near(y).filter(|q| q.x.abs() < MIDLINE_HALF_WIDTH_MM).map(|q| q.z);
        if front { z.reduce(f32::max) } else { z.reduce(f32::min) }
    }
}

/// The landmarks of a head already in our frame: the cranium centre by
/// construction, the brow on the face's profile, the ears by their bump on
/// the sides, the nape below them on the back. What cannot be found is
/// placed where the built-in head has it, with a warning.
pub fn find_landmarks(mesh: &HeadMesh, warnings: &mut Vec<String>, shown: &str) -> HeadLandmarks {
    let model = builtin_landmarks();
    let rows = HeightRows::new(mesh);
    let top = rows.top;
    // Brow: the glabella lies 70 % of the way down from the vertex to the
    // nose tip (the built-in head's proportion, and a sculptor's: vertex to
    // brow ≈ 110 mm, brow to nose tip ≈ 45 mm). The nose tip is the face's
    // furthest point between the brow and the chin.
    let nose = (110..=195)
        .filter_map(|d| {
            let y = top - d as f32;
            rows.profile(y, true).map(|z| (y, z))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let brow = match nose {
        // In front of the skull's centre: a face, not the back of a mask.
        Some((nose_y, z)) if z > model.cranium_centre.z + 40.0 => {
            let y = top - BROW_FRACTION * (top - nose_y);
            vec3(0.0, y, rows.profile(y, true).unwrap_or(model.brow.z))
        }
        _ => {
            warnings.push(format!("{shown}: no face found on the front of the midline: brow placed by proportion"));
            model.brow
        }
    };
    let (ear_top_left, ear_top_right) = (ear(&rows, 1.0), ear(&rows, -1.0));
    let [ear_top_left, ear_top_right] =
        [(ear_top_left, model.ear_top_left, "left"), (ear_top_right, model.ear_top_right, "right")].map(
            |(found, model, side)| {
                found.unwrap_or_else(|| {
                    warnings
                        .push(format!("{shown}: no {side} ear found on the side of the head: placed by proportion"));
                    model
                })
            },
        );
    let ear_y = 0.5 * (ear_top_left.y + ear_top_right.y);
    let nape_y = ear_y - NAPE_BELOW_EAR_TOP_MM;
    let nape = match rows.profile(nape_y, false) {
        // Behind the skull's centre: a back of the head, not a face scan's edge.
        Some(z) if z < model.cranium_centre.z - 40.0 => vec3(0.0, nape_y, z),
        _ => {
            warnings.push(format!("{shown}: no nape found on the back: placed by proportion"));
            model.nape
        }
    };
    HeadLandmarks { cranium_centre: model.cranium_centre, brow, ear_top_left, ear_top_right, nape }
}

/// An ear's top on the `side` (+1 left, −1 right): the side width per
/// height bulges where the ear stands out; its top is where the bulge has
/// fallen halfway back to the skull.
fn ear(rows: &HeightRows, side: f32) -> Option<Vec3> {
    let model = builtin_landmarks();
    let width = |y: f32| {
        rows.near(y)
            .filter(|q| FLANK_Z_MM.0 < q.z && q.z < FLANK_Z_MM.1 && q.x * side > 0.0)
            .map(|q| q.x * side)
            .fold(0.0f32, f32::max)
    };
    let widths: Vec<(f32, f32)> = (-40..=60).map(|y| (y as f32, width(y as f32))).collect();
    let (peak_y, peak) =
        // The ear's upper half: its lobe can stand as far out as the rest,
        // and 40 mm above it is still ear.
        widths.iter().copied().filter(|r| (-20.0..=30.0).contains(&r.0)).fold((0.0, 0.0), |a, r| if r.1 > a.1 { r } else { a });
    // The skull well above the ear (an ear's upper rim can stand as far
    // out as its middle).
    let skull = width(peak_y + 40.0);
    // No bulge on the side: no ear there (a face scan's cheek, a cut mesh).
    if peak < skull + MIN_EAR_BULGE_MM {
        return None;
    }
    let top = widths
        .iter()
        .copied()
        .filter(|r| r.0 > peak_y && r.1 < 0.5 * (peak + skull))
        .map(|r| r.0)
        .next()
        .unwrap_or(model.ear_top_left.y);
    let x = width(top + 6.0).max(1.0) * side;
    // Front to back the ear's root is where the built-in head's is: the
    // ear's outermost point lies on its tilted-back rim, not its root.
    Some(vec3(x, top, model.ear_top_left.z))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::procedural::builtin_head;

    /// The front of a head (a face scan with no back, a mask): the nape is
    /// placed by proportion and said, not found on the face's edge.
    #[test]
    fn a_face_without_a_back_says_what_it_could_not_find() {
        let head = builtin_head();
        let mut face = head.clone();
        face.indices = head
            .indices
            .chunks_exact(3)
            .filter(|t| t.iter().all(|&i| head.positions[i as usize].z > 20.0))
            .flatten()
            .copied()
            .collect();
        crate::mesh::import::drop_unused_vertices(&mut face);
        let mut warnings = Vec::new();
        let found = find_landmarks(&face, &mut warnings, "face.obj");
        assert_eq!(found.nape, builtin_landmarks().nape);
        assert!(warnings.iter().any(|w| w.contains("face.obj: no nape found")), "{warnings:?}");
        assert!(!warnings.iter().any(|w| w.contains("no face")), "the face is there: {warnings:?}");
        assert!((found.brow - builtin_landmarks().brow).length() < 10.0, "{}", found.brow);
    }
}
