//! Density painted by hand: brush strokes laid on the head in the live view,
//! kept in chart space (millimetres from the vertex, +y to the face) so a
//! stroke stays where it was painted on any head the plan is fitted to.

use glam::Vec2;
use serde::{Deserialize, Serialize};

/// Most points one stroke keeps (the view spaces them a quarter radius
/// apart, so this is metres of stroke).
pub const MAX_STROKE_POINTS: usize = 2000;
/// Most strokes a plan keeps: each is checked against every texel.
pub const MAX_STROKES: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrushMode {
    /// Adds dots to what the zones ask for.
    Add,
    /// Takes dots away, down to none.
    Remove,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrushStroke {
    pub mode: BrushMode,
    /// The brush's full strength, at its centre (dots/cm²); it fades
    /// smoothly to nothing at `radius_mm`.
    pub dots_per_cm2: f32,
    pub radius_mm: f32,
    /// The brush centre's path on the chart (mm).
    pub path_mm: Vec<[f32; 2]>,
}

impl BrushStroke {
    /// How much of the brush reaches chart point `c`: 1 within half the
    /// radius of the path, smooth down to 0 at the radius (a soft brush, so
    /// strokes blend into the zones with no visible edge).
    pub fn weight(&self, c: Vec2) -> f32 {
        let Some(&first) = self.path_mm.first() else { return 0.0 };
        let mut nearest = (c - Vec2::from(first)).length();
        for pair in self.path_mm.windows(2) {
            nearest = nearest.min(distance_to_segment(c, pair[0].into(), pair[1].into()));
        }
        1.0 - crate::chart::outline::smoothstep(0.5, 1.0, nearest / self.radius_mm)
    }

    /// The chart rectangle outside which `weight` is 0.
    pub fn bounds(&self) -> (Vec2, Vec2) {
        let (mut lo, mut hi) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
        for p in &self.path_mm {
            lo = lo.min(Vec2::from(*p));
            hi = hi.max(Vec2::from(*p));
        }
        (lo - self.radius_mm, hi + self.radius_mm)
    }

    /// Applies the stroke to a texel's dots/mm² at chart point `c`.
    pub fn paint(&self, dots_per_mm2: f32, c: Vec2) -> f32 {
        let (lo, hi) = self.bounds();
        if c.cmplt(lo).any() || c.cmpgt(hi).any() {
            return dots_per_mm2;
        }
        let amount = self.weight(c) * self.dots_per_cm2 / 100.0;
        match self.mode {
            BrushMode::Add => dots_per_mm2 + amount,
            BrushMode::Remove => (dots_per_mm2 - amount).max(0.0),
        }
    }
}

fn distance_to_segment(p: Vec2, a: Vec2, b: Vec2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_squared().max(1e-12)).clamp(0.0, 1.0);
    (p - (a + ab * t)).length()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stroke(mode: BrushMode) -> BrushStroke {
        BrushStroke { mode, dots_per_cm2: 40.0, radius_mm: 10.0, path_mm: vec![[0.0, 0.0], [20.0, 0.0]] }
    }

    #[test]
    fn a_stroke_is_full_along_its_path_and_gone_past_its_radius() {
        let s = stroke(BrushMode::Add);
        assert_eq!(s.weight(Vec2::new(10.0, 0.0)), 1.0);
        assert_eq!(s.weight(Vec2::new(10.0, 4.9)), 1.0);
        assert!(s.weight(Vec2::new(10.0, 7.5)) > 0.3 && s.weight(Vec2::new(10.0, 7.5)) < 0.7);
        assert_eq!(s.weight(Vec2::new(10.0, 10.0)), 0.0);
        assert_eq!(s.weight(Vec2::new(-10.5, 0.0)), 0.0);
        assert!((s.paint(0.5, Vec2::new(5.0, 0.0)) - 0.9).abs() < 1e-6);
    }

    #[test]
    fn removing_never_goes_below_no_dots() {
        let s = stroke(BrushMode::Remove);
        assert_eq!(s.paint(0.3, Vec2::new(5.0, 0.0)), 0.0);
        assert!((s.paint(0.9, Vec2::new(5.0, 0.0)) - 0.5).abs() < 1e-6);
        assert_eq!(s.paint(0.9, Vec2::new(5.0, 30.0)), 0.9);
    }
}
