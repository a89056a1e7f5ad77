//! The zones of the scalp on the chart: front band, top, crown, temples,
//! sides and back. Weights blend over ≈ 10 mm and 15° so that neighbouring
//! zones of different densities meet without a visible edge.

use crate::chart::outline::{ScalpOutline, smoothstep};
use glam::Vec2;

pub const ZONE_NAMES: [&str; 6] = ["front", "top", "crown", "temples", "sides", "back"];

/// How deep behind the boundary the boundary zones (front band, temples,
/// sides, back) reach before the top takes over (mm).
const RIM_MM: f32 = 30.0;
/// The crown: an ellipse behind the vertex (chart mm; estimate of where the
/// whorl sits on an adult head).
const CROWN_CENTRE: Vec2 = Vec2::new(0.0, -45.0);
const CROWN_RADII: Vec2 = Vec2::new(40.0, 45.0);

/// Weights of the six zones at a chart point, summing to 1 (order of
/// `ZONE_NAMES`).
pub fn weights(outline: &ScalpOutline, c: Vec2) -> [f32; 6] {
    weights_at(c, outline.depth_inside(c), c.x.atan2(c.y).abs().to_degrees())
}

/// `weights` with the point's depth inside the region (mm) and its
/// azimuth from the front (degrees, 0–180) already known.
pub fn weights_at(c: Vec2, depth: f32, azimuth: f32) -> [f32; 6] {
    // Sectors round the rim, blended over 15°.
    let front_to_temples = smoothstep(38.0, 52.0, azimuth);
    let temples_to_sides = smoothstep(72.0, 86.0, azimuth);
    let sides_to_back = smoothstep(118.0, 132.0, azimuth);
    let sector = [
        1.0 - front_to_temples,
        front_to_temples * (1.0 - temples_to_sides),
        temples_to_sides * (1.0 - sides_to_back),
        sides_to_back,
    ];
    let rim = 1.0 - smoothstep(RIM_MM - 5.0, RIM_MM + 5.0, depth);
    let crown = 1.0 - smoothstep(0.85, 1.15, ((c - CROWN_CENTRE) / CROWN_RADII).length());
    // The crown sits inside the back's rim near the vertex; the rim wins at
    // the edge of the region.
    let crown = crown * (1.0 - rim);
    let rest = 1.0 - crown;
    [
        rest * rim * sector[0],
        rest * (1.0 - rim),
        crown,
        rest * rim * sector[1],
        rest * rim * sector[2],
        rest * rim * sector[3],
    ]
}

/// The zone a point of the region belongs to wholly (weight > 0.99), if any: where tests
/// and statistics compare achieved density with a zone's target.
pub fn core_zone(outline: &ScalpOutline, c: Vec2) -> Option<usize> {
    if outline.depth_inside(c) < 0.0 {
        return None;
    }
    weights(outline, c).iter().position(|w| *w > 0.99)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::ScalpChart;
    use crate::mesh::procedural::{builtin_head, builtin_landmarks};

    #[test]
    fn zones_cover_the_scalp_and_sit_where_practitioners_put_them() {
        let l = builtin_landmarks();
        let chart = ScalpChart::build(&builtin_head(), l.cranium_centre);
        let outline = ScalpOutline::new(&chart, &l, crate::chart::outline::FrontLine::TYPICAL);
        let front_edge = outline.boundary(0.0);
        let at = |c: Vec2| core_zone(&outline, c).map(|z| ZONE_NAMES[z]);
        assert_eq!(at(Vec2::new(0.0, front_edge - 10.0)), Some("front"));
        assert_eq!(at(Vec2::new(0.0, 10.0)), Some("top"));
        assert_eq!(at(Vec2::new(0.0, -45.0)), Some("crown"));
        let side = |deg: f32| {
            let t = deg.to_radians();
            Vec2::new(t.sin(), t.cos()) * (outline.boundary(t) - 10.0)
        };
        assert_eq!(at(side(62.0)), Some("temples"));
        assert_eq!(at(side(-100.0)), Some("sides"));
        assert_eq!(at(side(170.0)), Some("back"));
        for k in 0..1000 {
            let c = Vec2::new((k % 40) as f32 * 8.0 - 160.0, (k / 40) as f32 * 12.0 - 150.0);
            let sum: f32 = weights(&outline, c).iter().sum();
            assert!((sum - 1.0).abs() < 1e-4, "weights at {c} sum to {sum}");
        }
    }
}
