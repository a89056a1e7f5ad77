//! A head's measures in its file's own units, once up is known: slices
//! across it give its top, its breadth, its neck (where a bust or body is
//! cropped) and the sections where its breadth, length and girth are taken
//! to judge the file's units.

use crate::mesh::anthropometry::hull_perimeter;
use glam::{Vec2, Vec3};

/// A head's shape measured in its own units, about a given up axis.
#[derive(Clone, Copy, Debug)]
pub(super) struct Measure {
    /// Highest coordinate along up: the vertex.
    pub top: f32,
    /// Widest left–right extent of the skull (ears included).
    pub breadth: f32,
    /// Depth below the top where the neck ends, if there is a neck with
    /// something wider (shoulders) below it.
    pub neck_depth: Option<f32>,
    /// The skull's sections 70, 90 and 110 mm below the top (our head's
    /// ear tops are at 93), averaged: breadth, length and girth (the
    /// perimeter of their convex hull, as a tape measure takes it).
    pub sections: Sections,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Sections {
    pub breadth: f32,
    pub length: f32,
    pub girth: f32,
}

/// Our head's measures taken as `measure` takes them (mm): an imported
/// head is scaled and placed to match them. Constants rather than measured
/// at run time (meshing our head costs 0.5 s); a test checks them.
pub(super) const MODEL_TOP_MM: f32 = 115.0;
pub(super) const MODEL_BREADTH_MM: f32 = 170.1;
pub(super) const MODEL_SECTIONS: Sections = Sections { breadth: 156.0, length: 195.3, girth: 549.7 };

/// Depths of the sections below the top (mm on our head).
const SECTION_DEPTHS_MM: [f32; 3] = [70.0, 90.0, 110.0];

fn sections(points: &[Vec3], indices: &[u32], top: f32, units_per_mm: f32) -> Sections {
    let levels = SECTION_DEPTHS_MM.map(|depth| top - depth * units_per_mm);
    let (lowest, highest) = (levels[2], levels[0]);
    let mut crossing: [Vec<Vec2>; 3] = Default::default();
    // One pass over the triangles for all three sections.
    for t in indices.chunks_exact(3) {
        let [a, b, c] = [t[0], t[1], t[2]].map(|i| points[i as usize]);
        if a.y.max(b.y).max(c.y) < lowest || a.y.min(b.y).min(c.y) > highest {
            continue;
        }
        for (level, found) in levels.iter().zip(crossing.iter_mut()) {
            for (p, q) in [(a, b), (b, c), (c, a)] {
                if (p.y - level) * (q.y - level) < 0.0 {
                    let at = p + (q - p) * ((level - p.y) / (q.y - p.y));
                    found.push(Vec2::new(at.x, at.z));
                }
            }
        }
    }
    let mut sum = Sections { breadth: 0.0, length: 0.0, girth: 0.0 };
    for found in crossing {
        // The hull has the points' extents; its perimeter is the girth.
        let (lo, hi) =
            found.iter().fold((Vec2::splat(f32::MAX), Vec2::splat(f32::MIN)), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
        let girth = hull_perimeter(found.iter().map(|p| [f64::from(p.x), f64::from(p.y)]).collect()) as f32;
        if found.len() >= 3 && girth > 0.0 {
            sum.breadth += (hi.x - lo.x) / 3.0;
            sum.length += (hi.y - lo.y) / 3.0;
            sum.girth += girth / 3.0;
        }
    }
    sum
}

/// Slices along +Y of a mesh already turned upright: per slice, the min and
/// max of x and z over the vertices in it.
pub(super) struct Slices {
    pub top: f32,
    pub step: f32,
    pub lo: Vec<Vec2>,
    pub hi: Vec<Vec2>,
}

impl Slices {
    /// Vertices, and where triangles cross each slice's middle: a coarse
    /// mesh's large triangles span slices no vertex falls in.
    pub fn new(points: &[Vec3], indices: &[u32], step: f32) -> Self {
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

/// Depths below the crown, as our head has them (mm), where a head found
/// by its profile has its widest slice (above the chin) and its neck (below
/// the chin, above the shoulders).
const WIDEST_WITHIN_MM: f32 = 180.0;
const NECK_WITHIN_MM: (f32, f32) = (215.0, 330.0);

/// `units_per_mm`: the file's scale, when the head's profile gave it; the
/// widest slice and the neck are then looked for where a head has them,
/// else the widest slice is the widest above the first narrowing.
pub(super) fn measure(points: &[Vec3], indices: &[u32], units_per_mm: Option<f32>) -> Measure {
    // 300 slices over the height, or 1 mm slices: fine enough, whatever
    // the units.
    let height = {
        let (lo, hi) = points.iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| (lo.min(p.y), hi.max(p.y)));
        (hi - lo).max(f32::MIN_POSITIVE)
    };
    let step = units_per_mm.map_or(height / 300.0, |s| (1.5 * s).max(height / 3000.0));
    let slices = Slices::new(points, indices, step);
    let n = slices.lo.len();
    let width: Vec<f32> = (0..n).map(|k| slices.width(k)).collect();
    // Smooth over 5 slices: scans are ragged.
    let smooth: Vec<f32> = (0..n)
        .map(|k| {
            let (a, b) = (k.saturating_sub(2), (k + 3).min(n));
            width[a..b].iter().sum::<f32>() / (b - a) as f32
        })
        .collect();
    let mut widest = 0;
    let mut neck = None;
    if let Some(s) = units_per_mm {
        let slice_at = |mm: f32| ((mm * s / step) as usize).min(n - 1);
        widest = (0..=slice_at(WIDEST_WITHIN_MM)).fold(0, |w, k| if smooth[k] > smooth[w] { k } else { w });
        let (from, to) = (slice_at(NECK_WITHIN_MM.0), slice_at(NECK_WITHIN_MM.1));
        neck = (from < to).then(|| (from..=to).fold(from, |m, k| if smooth[k] < smooth[m] { k } else { m }));
    } else {
        // The skull's widest slice, then the neck (narrowest below it) if
        // the mesh widens again below (shoulders); otherwise the mesh ends
        // at the neck.
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
    }
    // Shoulders (wider than the head by far, not a neck's flare) below the
    // neck make a bust: it ends where the neck does, at the first slice a
    // quarter wider than its narrowest (the shoulders' slope begins).
    let neck_depth = neck
        .filter(|&m| smooth[m..].iter().any(|&w| w > 1.6 * smooth[m] && w > 1.3 * smooth[widest]))
        .map(|m| (m + smooth[m..].iter().position(|&w| w > 1.25 * smooth[m]).unwrap_or(0)) as f32 * slices.step);
    let breadth = smooth[widest];
    let scale = units_per_mm.unwrap_or(breadth / MODEL_BREADTH_MM);
    Measure { top: slices.top, breadth, neck_depth, sections: sections(points, indices, slices.top, scale) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::procedural::builtin_head;

    #[test]
    fn the_model_constants_are_the_built_in_heads_measures() {
        let head = builtin_head();
        let m = measure(&head.positions, &head.indices, None);
        assert!((m.top - MODEL_TOP_MM).abs() < 0.5, "{m:?}");
        // Scans of unknown units are scaled to these, so they stay as first
        // measured while the sculpt changes them by under 1 %.
        assert!((m.breadth - MODEL_BREADTH_MM).abs() < 2.0, "{m:?}");
        let m = measure(&head.positions, &head.indices, Some(1.0));
        let (s, model) = (m.sections, MODEL_SECTIONS);
        for (a, b) in [(s.breadth, model.breadth), (s.length, model.length), (s.girth, model.girth)] {
            assert!((a / b - 1.0).abs() < 0.01, "{s:?} against {model:?}");
        }
    }
}
