//! The eyebrows: tufts of the client's hair in two arches above the eyes,
//! drawn by the hair stage as longer hairs lying along the skin (never
//! shaved, never faded). Laid out here on the skin, as scar marks are, and
//! appended to the scatter's dots.

use crate::chart::ScalpChart;
use crate::core::landmarks::HeadLandmarks;
use glam::{Vec2, Vec3};

/// Spacing of brow tufts (mm): eyebrows hold ≈ 80–130 hairs per cm² in
/// tufts of 1–2 (E), closer than scalp units.
const SPACING_MM: f32 = 1.0;

/// One brow tuft on the skin; `along` runs 0 at the brow's head (by the
/// nose) to 1 at its tail, which sets the hairs' direction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BrowTuft {
    pub position: Vec3,
    pub normal: Vec3,
    pub along: f32,
}

/// Where a brow runs, in the head frame relative to the glabella, for a
/// head of half-breadth `half_breadth` (mm, ear to mid-plane): its head
/// 14 % of that from the midline, its tail 66 % (E: the tail ends above
/// the outer eye corner or a little past it); an arch peaking two thirds
/// along, 3–10 mm over the glabella; 9 mm tall at its head, 4 at its tail.
fn band(half_breadth: f32, along: f32) -> (f32, f32, f32) {
    let x = half_breadth * (0.14 + 0.52 * along);
    let centre = 3.0 + 7.0 * (std::f32::consts::PI * 0.75 * along).sin();
    let height = 9.0 - 5.0 * along;
    (x, centre, height)
}

/// Both brows' tufts, laid on a jittered grid (the same for a seed).
pub fn brow_tufts(chart: &ScalpChart, landmarks: &HeadLandmarks, seed: u64) -> Vec<BrowTuft> {
    let half_breadth = 0.5 * (landmarks.ear_top_left - landmarks.ear_top_right).length();
    if !(half_breadth.is_finite() && half_breadth > 10.0) {
        return Vec::new();
    }
    let mut rng = crate::core::random::SplitMix::new(seed ^ 0x6272_6f77);
    let mut tufts = Vec::new();
    let (x_lo, _, _) = band(half_breadth, 0.0);
    let (x_hi, _, _) = band(half_breadth, 1.0);
    let columns = ((x_hi - x_lo) / SPACING_MM).ceil() as usize;
    let rows = (12.0 / SPACING_MM).ceil() as usize;
    for side in [1.0f32, -1.0] {
        for i in 0..columns {
            for j in 0..=rows {
                let jitter = Vec2::new(rng.unit() as f32, rng.unit() as f32) - 0.5;
                let x = x_lo + (i as f32 + 0.5 + 0.8 * jitter.x) * SPACING_MM;
                let along = ((x - x_lo) / (x_hi - x_lo)).clamp(0.0, 1.0);
                let (_, centre, height) = band(half_breadth, along);
                let y = centre - 6.0 + (j as f32 + 0.8 * jitter.y) * SPACING_MM;
                // Thinner towards the band's edges, as real brows are.
                let edge = ((y - centre).abs() / (0.5 * height)).min(2.0);
                if edge > 1.0 || (rng.unit() as f32) < edge.powi(3) * 0.7 {
                    continue;
                }
                let on_face = landmarks.brow + Vec3::new(side * x, y, 0.0);
                let Some(skin) = chart.skin_at((on_face - chart.centre()).normalize_or_zero()) else { continue };
                // The chart's radius between brow and eye socket is an
                // interpolation: a tuft it puts off the brow is dropped.
                if (skin.position.y - on_face.y).abs() > 8.0 || skin.normal.z < 0.2 {
                    continue;
                }
                tufts.push(BrowTuft { position: skin.position, normal: skin.normal, along });
            }
        }
    }
    tufts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_brows_above_the_eyes_each_a_few_square_centimetres_of_tufts() {
        let scene = crate::HeadScene::builtin(crate::Plan::default()).unwrap();
        let tufts = brow_tufts(&scene.chart, &scene.landmarks, 1);
        let brow = scene.landmarks.brow;
        let (left, right): (Vec<&BrowTuft>, Vec<&BrowTuft>) = tufts.iter().partition(|t| t.position.x > brow.x);
        for side in [&left, &right] {
            // A brow is ≈ 4–5 cm long and ≈ 0.5–1 cm tall: 150–350 tufts a mm apart.
            assert!((150..=350).contains(&side.len()), "{} tufts in a brow", side.len());
            for t in side.iter() {
                assert!((t.position.y - brow.y).abs() < 20.0, "a tuft far from the brow line: {:?}", t.position);
                assert!(t.normal.z > 0.2, "a tuft not on the face: {:?}", t.normal);
            }
        }
        assert_eq!(tufts, brow_tufts(&scene.chart, &scene.landmarks, 1), "the same for a seed");
    }
}
