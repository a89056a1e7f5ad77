//! The head's profile on its plane of symmetry, matched against our own
//! head's: forehead, nose, lips and chin in front, the dome of the skull
//! above and the occiput behind tell up from down and face from back, and
//! the match's size tells the units. The match is one-sided (every point of
//! our profile must lie near the scan's, not the other way round), so
//! shoulders, a body or a chair below the head do not count against it.

use super::symmetry::{Plane, distance_1d};
use crate::core::parallel::map as in_parallel;
use crate::mesh::HeadMesh;
use crate::mesh::procedural::{builtin_landmarks, head_sdf};
use glam::{Vec2, Vec3};
use std::sync::OnceLock;

/// Our head's profile down to this far below its cranium centre (mm): the
/// chin and the nape, not the neck below, which scans cut anywhere.
const PROFILE_DEPTH_MM: f32 = 140.0;

/// A model point further than this from the scan's profile counts this
/// much: a cap keeps a missing chin or a cap of hair from ruling.
const CAP_MM: f32 = 20.0;

/// Our head's midline profile as (front, up) in mm, from its crown, in
/// order round the head. Traced once from the head's distance field.
pub fn model_profile() -> &'static [Vec2] {
    static PROFILE: OnceLock<Vec<Vec2>> = OnceLock::new();
    PROFILE.get_or_init(|| {
        let centre = builtin_landmarks().cranium_centre;
        let mut points = Vec::new();
        // Rays in the midline plane from outside towards the cranium
        // centre; the first surface each meets.
        for i in 0..240 {
            let a = i as f32 * std::f32::consts::TAU / 240.0;
            let dir = Vec3::new(0.0, a.cos(), a.sin());
            let mut t = 260.0;
            if head_sdf(centre + dir * t) < 0.0 {
                continue;
            }
            while t > 0.0 {
                let d = head_sdf(centre + dir * t);
                if d < 0.05 {
                    break;
                }
                t -= (0.8 * d).max(0.05);
            }
            let p = centre + dir * t.max(0.0);
            if t > 0.0 && p.y > centre.y - PROFILE_DEPTH_MM {
                points.push(Vec2::new(p.z, p.y));
            }
        }
        let crown = points.iter().copied().fold(Vec2::new(0.0, f32::MIN), |a, p| if p.y > a.y { p } else { a });
        points.into_iter().map(|p| p - crown).collect()
    })
}

/// A 2-D grid of distances to the scan's profile.
struct ProfileGrid {
    origin: Vec2,
    cell: f32,
    width: usize,
    height: usize,
    distance: Vec<f32>,
}

impl ProfileGrid {
    fn new(points: &[Vec2], lo: Vec2, hi: Vec2, cells: usize) -> Self {
        let cell = ((hi - lo).max_element() / cells as f32).max(f32::MIN_POSITIVE);
        let origin = lo - Vec2::splat(2.0 * cell);
        let width = ((hi.x - lo.x) / cell).ceil() as usize + 5;
        let height = ((hi.y - lo.y) / cell).ceil() as usize + 5;
        let mut squared = vec![f32::MAX; width * height];
        for p in points {
            let c = ((*p - origin) / cell).floor();
            let (x, y) = ((c.x as usize).min(width - 1), (c.y as usize).min(height - 1));
            squared[x + width * y] = 0.0;
        }
        for y in 0..height {
            let row = distance_1d(&squared[width * y..width * (y + 1)]);
            squared[width * y..width * (y + 1)].copy_from_slice(&row);
        }
        for x in 0..width {
            let column: Vec<f32> = (0..height).map(|y| squared[x + width * y]).collect();
            for (y, d) in distance_1d(&column).into_iter().enumerate() {
                squared[x + width * y] = d;
            }
        }
        Self { origin, cell, width, height, distance: squared.into_iter().map(|d| d.sqrt() * cell).collect() }
    }

    /// Distance at the cell `p` is in, at most `far`.
    fn nearest(&self, p: Vec2, far: f32) -> f32 {
        let c = (p - self.origin) / self.cell;
        if c.x < 0.0 || c.y < 0.0 {
            return far;
        }
        let (x, y) = (c.x as usize, c.y as usize);
        if x >= self.width || y >= self.height {
            return far;
        }
        self.distance[x + self.width * y].min(far)
    }

    /// Bilinear distance at `p`; `far` off the grid.
    fn distance(&self, p: Vec2, far: f32) -> f32 {
        let c = (p - self.origin) / self.cell - 0.5;
        if c.x < 0.0 || c.y < 0.0 || c.x >= (self.width - 1) as f32 || c.y >= (self.height - 1) as f32 {
            return far;
        }
        let (x, y) = (c.x as usize, c.y as usize);
        let (fx, fy) = (c.x - x as f32, c.y - y as f32);
        let at = |x: usize, y: usize| self.distance[x + self.width * y];
        let top = at(x, y) * (1.0 - fx) + at(x + 1, y) * fx;
        let bottom = at(x, y + 1) * (1.0 - fx) + at(x + 1, y + 1) * fx;
        top * (1.0 - fy) + bottom * fy
    }
}

/// Our profile placed on the scan's: turned by `angle`, mirrored or not
/// (the plane's coordinates may look at it from either side), scaled by
/// `scale` scan units per mm, its crown at `crown`.
#[derive(Clone, Copy, Debug)]
struct Placement {
    mirrored: bool,
    angle: f32,
    scale: f32,
    crown: Vec2,
}

impl Placement {
    fn apply(&self, m: Vec2) -> Vec2 {
        let m = if self.mirrored { Vec2::new(-m.x, m.y) } else { m };
        self.crown + Vec2::from_angle(self.angle).rotate(m) * self.scale
    }

    fn direction(&self, m: Vec2) -> Vec2 {
        (self.apply(m) - self.crown).normalize()
    }

    /// Where a scan point falls in our profile's coordinates.
    fn unapply(&self, q: Vec2) -> Vec2 {
        let m = Vec2::from_angle(-self.angle).rotate((q - self.crown) / self.scale);
        if self.mirrored { Vec2::new(-m.x, m.y) } else { m }
    }

    /// Mean distance (mm) of our profile's points from the scan's.
    fn misfit(&self, model: &[Vec2], grid: &ProfileGrid) -> f32 {
        let far = CAP_MM * self.scale;
        model.iter().map(|m| grid.distance(self.apply(*m), far).min(far)).sum::<f32>()
            / (model.len() as f32 * self.scale)
    }

    /// The misfit both ways: ours from the scan's, and the scan's from
    /// ours where it falls within our head's bounds. The second keeps a
    /// head from being matched upside down on a torso's curve.
    fn misfit_both_ways(&self, model: &Model, grid: &ProfileGrid, scan: &[Vec2]) -> f32 {
        let (mut sum, mut inside) = (0.0, 0);
        for q in scan {
            let m = self.unapply(*q);
            if m.cmpge(model.lo).all() && m.cmple(model.hi).all() {
                sum += model.grid.distance(m, CAP_MM).min(CAP_MM);
                inside += 1;
            }
        }
        self.misfit(&model.points, grid) + if inside > 0 { sum / inside as f32 } else { 0.0 }
    }
}

/// Our profile, and distances to it on a 1 mm grid.
struct Model {
    points: Vec<Vec2>,
    grid: ProfileGrid,
    lo: Vec2,
    hi: Vec2,
}

impl Model {
    fn new() -> Self {
        let points = model_profile().to_vec();
        let (lo, hi) =
            points.iter().fold((Vec2::splat(f32::MAX), Vec2::splat(f32::MIN)), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
        // Filled in between neighbouring points, so the grid sees a curve.
        let mut dense = Vec::new();
        for pair in points.windows(2) {
            let gap = pair[0].distance(pair[1]);
            if gap < 15.0 {
                let steps = (gap / 0.5).ceil().max(1.0) as usize;
                dense.extend((0..steps).map(|i| pair[0].lerp(pair[1], i as f32 / steps as f32)));
            }
        }
        dense.extend(points.last());
        let grid = ProfileGrid::new(&dense, lo, hi, (hi - lo).max_element().ceil() as usize);
        Self { points, grid, lo: lo - Vec2::splat(5.0), hi: hi + Vec2::splat(5.0) }
    }
}

/// What the profile match found, in the file's coordinates.
#[derive(Clone, Copy, Debug)]
pub struct ProfileFit {
    pub up: Vec3,
    pub front: Vec3,
    /// The file's units per mm that make its head our head's size.
    pub units_per_mm: f32,
    /// Mean distance of our profile from the scan's (mm).
    pub misfit_mm: f32,
    /// The same for the best match turned ≥ 30° from it (up or front).
    pub runner_up_mm: f32,
    /// Where our crown was placed on the scan.
    pub crown: Vec3,
}

/// Matches our profile to the mesh's profile on `plane`.
pub fn fit_profile(mesh: &HeadMesh, plane: &Plane) -> Option<ProfileFit> {
    let n = plane.normal;
    let e1 = n.any_orthonormal_vector();
    let e2 = n.cross(e1);
    let origin = n * plane.offset;
    let flat = |p: Vec3| Vec2::new((p - origin).dot(e1), (p - origin).dot(e2));
    // Where the triangles cross the plane.
    let mut segments = Vec::new();
    for t in 0..mesh.triangle_count() {
        let tri = mesh.triangle(t);
        let s = tri.map(|p| n.dot(p) - plane.offset);
        let mut ends = [Vec2::ZERO; 2];
        let mut k = 0;
        for (i, j) in [(0, 1), (1, 2), (2, 0)] {
            if (s[i] < 0.0) != (s[j] < 0.0) && k < 2 {
                let at = tri[i] + (tri[j] - tri[i]) * (s[i] / (s[i] - s[j]));
                ends[k] = flat(at);
                k += 1;
            }
        }
        if k == 2 {
            segments.push(ends);
        }
    }
    if segments.len() < 8 {
        return None;
    }
    let (lo, hi) = segments
        .iter()
        .flatten()
        .fold((Vec2::splat(f32::MAX), Vec2::splat(f32::MIN)), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
    let cells = 384;
    let cell = (hi - lo).max_element() / cells as f32;
    if !(cell > 0.0 && cell.is_finite()) {
        return None;
    }
    let mut points = Vec::new();
    // Our crown lies on the scan's profile where it runs across our up:
    // candidates at every other cell the profile passes through, each with
    // the profile's direction there.
    let mut anchors: Vec<((i32, i32), Vec2)> = Vec::new();
    for [a, b] in &segments {
        let steps = ((*b - *a).length() / (0.5 * cell)).ceil().min(10_000.0) as usize;
        let along = (*b - *a).normalize_or_zero();
        for i in 0..=steps {
            let p = a.lerp(*b, i as f32 / steps.max(1) as f32);
            points.push(p);
            let c = ((p - lo) / (2.0 * cell)).floor().as_ivec2();
            anchors.push(((c.x, c.y), along));
        }
    }
    anchors.sort_by_key(|a| a.0);
    anchors.dedup_by_key(|a| a.0);
    let anchors: Vec<(Vec2, Vec2)> = anchors
        .into_iter()
        .map(|((x, y), along)| (lo + (Vec2::new(x as f32, y as f32) + 0.5) * 2.0 * cell, along))
        .collect();
    let grid = ProfileGrid::new(&points, lo, hi, cells);

    let model = Model::new();
    let coarse: Vec<Vec2> = model.points.iter().step_by((model.points.len() / 16).max(1)).copied().collect();
    let scan: Vec<Vec2> = points.iter().step_by((points.len() / 2000).max(1)).copied().collect();
    // Scan units per mm: a profile spans 230 mm (a head alone) to 2200 mm
    // (a standing body).
    let extent = (hi - lo).max_element();
    let (smallest, largest) = (extent / 2200.0, extent / 230.0);
    let scales: Vec<f32> =
        std::iter::successors(Some(smallest), |s| (s * 1.06 < largest * 1.06).then_some(s * 1.06)).collect();

    // The 96 turns and mirrorings shared among threads; each keeps its
    // own best few hundred, and the best of their union are the best of
    // all, however many threads there are.
    let turns: Vec<(bool, f32)> = [false, true]
        .into_iter()
        .flat_map(|mirrored| (0..48).map(move |step| (mirrored, step as f32 * 7.5f32.to_radians())))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let search = |part: usize| {
        let mut best: Vec<(f32, Placement)> = Vec::new();
        let mut threshold = f32::MAX;
        for &(mirrored, angle) in turns.iter().skip(part).step_by(threads) {
            // Where the profile runs within 25° of square to our up (the
            // turn's coarse step and a scan's facets allow for the rest).
            let up = Vec2::from_angle(angle).rotate(Vec2::Y);
            let crowns: Vec<Vec2> =
                anchors.iter().filter(|(_, along)| along.dot(up).abs() < 0.43).map(|(at, _)| *at).collect();
            for &scale in &scales {
                let probe = Placement { mirrored, angle, scale, crown: Vec2::ZERO };
                let offsets: Vec<Vec2> = coarse.iter().map(|m| probe.apply(*m)).collect();
                let far = CAP_MM * scale;
                for &crown in &crowns {
                    // Stop adding once past the worst kept: most
                    // placements are rejected within a few points.
                    let limit = threshold * scale;
                    let mut sum = 0.0;
                    for o in &offsets {
                        sum += grid.nearest(crown + *o, far);
                        if sum >= limit {
                            break;
                        }
                    }
                    let cost = sum / scale;
                    if cost < threshold {
                        best.push((cost, Placement { crown, ..probe }));
                        if best.len() >= 4000 {
                            best.sort_by(|a, b| a.0.total_cmp(&b.0));
                            best.truncate(300);
                            threshold = best[best.len() - 1].0;
                        }
                    }
                }
            }
        }
        best
    };
    let parts: Vec<usize> = (0..threads).collect();
    let mut best: Vec<(f32, Placement)> = in_parallel(&parts, |&part| search(part)).concat();
    best.sort_by(|a, b| a.0.total_cmp(&b.0));
    best.truncate(300);
    // Every point for the best few hundred, then refine the best distinct.
    let mut rescored: Vec<(f32, Placement)> =
        best.iter().map(|(_, p)| (p.misfit_both_ways(&model, &grid, &scan), *p)).collect();
    rescored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut starts: Vec<Placement> = Vec::new();
    for (_, start) in &rescored {
        let near = |p: &Placement| {
            p.mirrored == start.mirrored
                && (p.crown - start.crown).length() < 20.0 * start.scale
                && Vec2::from_angle(p.angle).dot(Vec2::from_angle(start.angle)) > 15f32.to_radians().cos()
        };
        if starts.len() < 10 && !starts.iter().any(near) {
            starts.push(*start);
        }
    }
    let mut refined = in_parallel(&starts, |start| refine(*start, &model, &grid, &scan));
    refined.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (misfit_mm, found) = *refined.first()?;
    let to_3d = |v: Vec2| (e1 * v.x + e2 * v.y).normalize();
    let up = found.direction(Vec2::Y);
    let front = found.direction(Vec2::X);
    let apart = 30f32.to_radians().cos();
    let runner_up_mm = refined
        .iter()
        .filter(|(_, p)| p.direction(Vec2::Y).dot(up) < apart || p.direction(Vec2::X).dot(front) < apart)
        .map(|(m, _)| *m)
        .fold(CAP_MM, f32::min);
    Some(ProfileFit {
        up: to_3d(up),
        front: to_3d(front),
        units_per_mm: found.scale,
        misfit_mm,
        runner_up_mm,
        crown: origin + e1 * found.crown.x + e2 * found.crown.y,
    })
}

/// Coordinate descent on angle, scale and position, in halving steps.
fn refine(start: Placement, model: &Model, grid: &ProfileGrid, scan: &[Vec2]) -> (f32, Placement) {
    let mut at = start;
    let mut best = at.misfit_both_ways(model, grid, scan);
    let (mut angle, mut scale, mut shift) = (4f32.to_radians(), 0.03f32, 4.0 * start.scale);
    for _ in 0..7 {
        loop {
            let mut improved = false;
            for sign in [1.0, -1.0] {
                let trials = [
                    Placement { angle: at.angle + sign * angle, ..at },
                    Placement { scale: at.scale * (1.0 + sign * scale), ..at },
                    Placement { crown: at.crown + Vec2::X * sign * shift, ..at },
                    Placement { crown: at.crown + Vec2::Y * sign * shift, ..at },
                ];
                for trial in trials {
                    let m = trial.misfit_both_ways(model, grid, scan);
                    if m < best {
                        best = m;
                        at = trial;
                        improved = true;
                    }
                }
            }
            if !improved {
                break;
            }
        }
        angle *= 0.5;
        scale *= 0.5;
        shift *= 0.5;
    }
    (best, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_profile_has_a_face_in_front_and_a_skull_above() {
        let profile = model_profile();
        assert!(profile.len() > 100, "{}", profile.len());
        // The nose is the most forward point, below the crown.
        let nose = profile.iter().copied().fold(Vec2::new(f32::MIN, 0.0), |a, p| if p.x > a.x { p } else { a });
        assert!((-180.0..-120.0).contains(&nose.y), "nose at {nose}");
        let back = profile.iter().map(|p| p.x).fold(f32::MAX, f32::min);
        assert!((nose.x - back) > 180.0 && (nose.x - back) < 240.0, "length {}", nose.x - back);
    }
}
