//! The temples' veins as a pattern on the skin (E: on light skin the
//! superficial temporal vein's frontal branch and its tributaries show as
//! faint blue-grey lines 1–3 mm wide, soft-edged under the skin, running up
//! and forward a centimetre or two apart): where a value noise stretched
//! along that course crosses its middle, fading in and out along it.
//! Sampled per vertex on the built-in heads' temples, meshed at 1.25 mm
//! for it (`HeadShape::cell_wanted_mm`): a fragment-side pattern cost CPU
//! drivers a third of the raster's time even where it was not drawn.

use super::outline::smoothstep;
use glam::{IVec3, Vec3, vec3};

/// Mean spacing of the lines across their course (mm).
const SPACING_MM: f32 = 12.0;
/// How much longer than wide the noise's cells are along the course.
const STRETCH: f32 = 3.5;
/// Half the width of a line (mm): soft, as a vein under the skin is.
const HALF_WIDTH_MM: f32 = 1.4;

/// A lattice point's value in [0, 1): an integer hash (SplitMix64's mix).
fn lattice(c: IVec3) -> f32 {
    let mut h = (c.x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (c.y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ (c.z as u64).wrapping_mul(0x1656_67B1_9E37_79F9);
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^= h >> 31;
    (h >> 40) as f32 / (1u64 << 24) as f32
}

/// Trilinear value noise with a smoothstep fade, in [0, 1).
fn value_noise(p: Vec3) -> f32 {
    let c = p.floor();
    let f = p - c;
    let s = f * f * (Vec3::splat(3.0) - 2.0 * f);
    let c = c.as_ivec3();
    let at = |dx: i32, dy: i32, dz: i32| lattice(c + IVec3::new(dx, dy, dz));
    let x00 = at(0, 0, 0) + (at(1, 0, 0) - at(0, 0, 0)) * s.x;
    let x10 = at(0, 1, 0) + (at(1, 1, 0) - at(0, 1, 0)) * s.x;
    let x01 = at(0, 0, 1) + (at(1, 0, 1) - at(0, 0, 1)) * s.x;
    let x11 = at(0, 1, 1) + (at(1, 1, 1) - at(0, 1, 1)) * s.x;
    let y0 = x00 + (x10 - x00) * s.y;
    let y1 = x01 + (x11 - x01) * s.y;
    y0 + (y1 - y0) * s.z
}

/// How much of a vein covers skin point `p` (mm, the head frame), 0 to 1.
pub fn vein_lines(p: Vec3) -> f32 {
    // Up and forward, either side of the head.
    let along = vec3(0.0, 0.62, 0.78).normalize();
    let q = p + along * p.dot(along) * (1.0 / STRETCH - 1.0);
    let warp = value_noise(q / 10.0 + Vec3::splat(31.0)) - 0.5;
    let at = q / SPACING_MM + Vec3::splat(0.35 * warp);
    let n = value_noise(at);
    // The noise's slope per millimetre sets how far from its middle (the
    // line) a value lies.
    let h = 0.02;
    let d = |axis: Vec3| (value_noise(at + axis * h) - value_noise(at - axis * h)) / (2.0 * h);
    let slope = vec3(d(Vec3::X), d(Vec3::Y), d(Vec3::Z)).length() / SPACING_MM;
    let from_line = (n - 0.5).abs() / slope.max(1e-4);
    let line = 1.0 - smoothstep(0.3 * HALF_WIDTH_MM, HALF_WIDTH_MM, from_line);
    line * smoothstep(0.15, 0.45, value_noise(q / 9.0 + Vec3::splat(7.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_cover_a_share_of_the_temple_not_all_of_it() {
        // A 60 × 60 mm patch of a temple's side, on a 0.5 mm grid.
        let mut on = 0;
        let mut total = 0;
        for i in 0..120 {
            for j in 0..120 {
                let v = vein_lines(vec3(62.0, i as f32 * 0.5, j as f32 * 0.5));
                assert!((0.0..=1.0).contains(&v));
                on += (v > 0.5) as usize;
                total += 1;
            }
        }
        let share = on as f32 / total as f32;
        assert!((0.03..0.35).contains(&share), "veins cover {share:.2} of the temple");
    }
}
