//! The plane a head is mirror-symmetric about (the midsagittal plane),
//! found from the shape alone: whatever way the file is turned, a head, a
//! bust or a body standing, seated or in a T-pose is near-symmetric about
//! it and about no other plane. The face, the nose and the back of the
//! skull make the other planes through a head clearly worse.

use crate::core::parallel::map as in_parallel;
use crate::mesh::HeadMesh;
use glam::{IVec3, Vec3};

/// Points spread over a mesh's surface by area, not by vertex: scans are
/// denser where the scanner looked longer, our head round the ears.
pub fn surface_samples(mesh: &HeadMesh, count: usize) -> Vec<Vec3> {
    let areas: Vec<f32> = (0..mesh.triangle_count()).map(|t| mesh.triangle_area(t)).collect();
    let total: f32 = areas.iter().sum();
    if total <= 0.0 || !total.is_finite() || count == 0 {
        return Vec::new();
    }
    let mut cumulative = Vec::with_capacity(areas.len());
    let mut sum = 0.0f64;
    for a in &areas {
        sum += f64::from(*a);
        cumulative.push(sum);
    }
    // Stratified along the cumulative area, barycentrics from the R2
    // low-discrepancy sequence: deterministic and even, with no generator.
    let (g1, g2) = (0.754_877_7f64, 0.569_840_3f64);
    (0..count)
        .map(|k| {
            let at = (k as f64 + 0.5) / count as f64 * sum;
            let t = cumulative.partition_point(|&c| c < at).min(areas.len() - 1);
            let (mut u, mut v) = ((0.5 + g1 * k as f64).fract() as f32, (0.5 + g2 * k as f64).fract() as f32);
            if u + v > 1.0 {
                (u, v) = (1.0 - u, 1.0 - v);
            }
            let [a, b, c] = mesh.triangle(t);
            a + (b - a) * u + (c - a) * v
        })
        .collect()
}

/// Distance to the nearest surface sample, on a grid: a lookup per point
/// makes scoring thousands of candidate planes cheap.
pub struct DistanceGrid {
    origin: Vec3,
    cell: f32,
    dims: IVec3,
    /// Distance in cells.
    distance: Vec<f32>,
}

impl DistanceGrid {
    /// `cells` along the longest side of the points' bounds.
    pub fn new(points: &[Vec3], cells: i32) -> Self {
        let (lo, hi) =
            points.iter().fold((Vec3::splat(f32::MAX), Vec3::splat(f32::MIN)), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
        let cell = ((hi - lo).max_element() / cells as f32).max(f32::MIN_POSITIVE);
        let origin = lo - Vec3::splat(2.0 * cell);
        let dims = (((hi - lo) / cell).ceil().as_ivec3() + IVec3::splat(5)).max(IVec3::ONE);
        let n = (dims.x * dims.y * dims.z) as usize;
        let mut squared = vec![f32::MAX; n];
        let index = |c: IVec3| (c.x + dims.x * (c.y + dims.y * c.z)) as usize;
        for p in points {
            let c = ((*p - origin) / cell).floor().as_ivec3().clamp(IVec3::ZERO, dims - 1);
            squared[index(c)] = 0.0;
        }
        // Felzenszwalb and Huttenlocher's exact squared distance, one axis
        // at a time.
        let mut line = Vec::new();
        for axis in 0..3 {
            let len = dims[axis];
            let (a1, a2) = ((axis + 1) % 3, (axis + 2) % 3);
            for i in 0..dims[a1] {
                for j in 0..dims[a2] {
                    let at = |k: i32| {
                        let mut c = IVec3::ZERO;
                        c[axis] = k;
                        c[a1] = i;
                        c[a2] = j;
                        index(c)
                    };
                    line.clear();
                    line.extend((0..len).map(|k| squared[at(k)]));
                    let out = distance_1d(&line);
                    for (k, d) in out.into_iter().enumerate() {
                        squared[at(k as i32)] = d;
                    }
                }
            }
        }
        Self { origin, cell, dims, distance: squared.into_iter().map(f32::sqrt).collect() }
    }

    pub fn cell(&self) -> f32 {
        self.cell
    }

    /// Distance (in the points' units) from `p` to the nearest sample, at
    /// most `cap`; `cap` outside the grid.
    pub fn distance(&self, p: Vec3, cap: f32) -> f32 {
        let c = ((p - self.origin) / self.cell).floor().as_ivec3();
        if c.cmplt(IVec3::ZERO).any() || c.cmpge(self.dims).any() {
            return cap;
        }
        let d = self.distance[(c.x + self.dims.x * (c.y + self.dims.y * c.z)) as usize] * self.cell;
        d.min(cap)
    }
}

/// Lower envelope of parabolas: the 1-D squared distance transform.
pub(super) fn distance_1d(f: &[f32]) -> Vec<f32> {
    let n = f.len();
    let mut out = vec![f32::MAX; n];
    let mut v = vec![0usize; n];
    let mut z = vec![0f32; n + 1];
    let mut k = 0usize;
    let finite: Vec<usize> = (0..n).filter(|&q| f[q] < f32::MAX).collect();
    let Some(&first) = finite.first() else {
        return out;
    };
    v[0] = first;
    z[0] = f32::MIN;
    z[1] = f32::MAX;
    let sq = |q: usize| (q * q) as f32;
    for &q in &finite[1..] {
        loop {
            let p = v[k];
            let s = ((f[q] + sq(q)) - (f[p] + sq(p))) / (2.0 * (q as f32 - p as f32));
            if s <= z[k] && k > 0 {
                k -= 1;
            } else {
                k += 1;
                v[k] = q;
                z[k] = s;
                z[k + 1] = f32::MAX;
                break;
            }
        }
    }
    k = 0;
    for (q, o) in out.iter_mut().enumerate() {
        while z[k + 1] < q as f32 {
            k += 1;
        }
        let d = q as f32 - v[k] as f32;
        *o = d * d + f[v[k]];
    }
    out
}

/// A plane `normal · p = offset`.
#[derive(Clone, Copy, Debug)]
pub struct Plane {
    pub normal: Vec3,
    pub offset: f32,
}

impl Plane {
    pub fn reflect(&self, p: Vec3) -> Vec3 {
        p - 2.0 * (self.normal.dot(p) - self.offset) * self.normal
    }
}

/// The symmetry plane found, and how much better it is than any other.
#[derive(Clone, Copy, Debug)]
pub struct Symmetry {
    pub plane: Plane,
    /// Mean distance of the mirrored surface from the surface, in grid
    /// cells (under one on a symmetric head).
    pub misfit: f32,
    /// The same for the best plane turned ≥ 25° from it.
    pub runner_up: f32,
}

/// Searches the directions of a hemisphere, then refines the best few
/// distinct ones; with `starts`, refines those only (a second look at part
/// of the shape). Gives the best and every plane refined, best first.
pub fn find_symmetry(
    samples: &[Vec3],
    grid: &DistanceGrid,
    starts: Option<&[Plane]>,
) -> Option<(Symmetry, Vec<Plane>)> {
    if samples.len() < 16 {
        return None;
    }
    let centroid = samples.iter().copied().sum::<Vec3>() / samples.len() as f32;
    let cap = 4.0 * grid.cell();
    let probes: Vec<Vec3> = samples.iter().step_by((samples.len() / 1500).max(1)).copied().collect();
    let misfit = |plane: &Plane| -> f32 {
        probes.iter().map(|p| grid.distance(plane.reflect(*p), cap)).sum::<f32>() / probes.len() as f32
    };
    // A Fibonacci hemisphere: planes through the centroid (a symmetric
    // shape's centroid lies on its plane).
    // 600 directions, 8° apart: the refinement takes it from there.
    let count = 600;
    let golden = std::f32::consts::PI * (3.0 - 5f32.sqrt());
    let planes: Vec<Plane> = (0..if starts.is_some() { 0 } else { count })
        .map(|i| {
            let z = 1.0 - (i as f32 + 0.5) / count as f32;
            let r = (1.0 - z * z).max(0.0).sqrt();
            let a = golden * i as f32;
            let normal = Vec3::new(r * a.cos(), r * a.sin(), z);
            Plane { normal, offset: normal.dot(centroid) }
        })
        .collect();
    let through_centroid = |p: &Plane| Plane { normal: p.normal, offset: p.normal.dot(centroid) };
    let mut scored: Vec<(f32, Plane)> = match starts {
        Some(given) => given.iter().map(through_centroid).map(|p| (misfit(&p), p)).collect(),
        None => in_parallel(&planes, |plane| (misfit(plane), *plane)),
    };
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Refine the best few distinct ones: turn the normal and shift the
    // plane in ever smaller steps while that helps.
    let mut starts: Vec<Plane> = Vec::new();
    for (_, start) in scored.iter().take(24) {
        if starts.len() < 6 && !starts.iter().any(|r| r.normal.dot(start.normal).abs() > 0.97) {
            starts.push(*start);
        }
    }
    let mut refined = in_parallel(&starts, |start| refine(*start, centroid, grid.cell(), &misfit));
    refined.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (best, plane) = refined.first().copied()?;
    let far = |n: Vec3| n.dot(plane.normal).abs() < 25f32.to_radians().cos();
    let runner_up = scored.iter().filter(|(_, p)| far(p.normal)).map(|(m, _)| *m).fold(cap, f32::min);
    let runner_up = refined.iter().filter(|(_, p)| far(p.normal)).map(|(m, _)| *m).fold(runner_up, f32::min);
    let symmetry = Symmetry { plane, misfit: best / grid.cell(), runner_up: runner_up / grid.cell() };
    Some((symmetry, refined.into_iter().map(|(_, p)| p).collect()))
}

fn refine(start: Plane, pivot: Vec3, cell: f32, misfit: &(dyn Fn(&Plane) -> f32 + Sync)) -> (f32, Plane) {
    let mut plane = start;
    let mut best = misfit(&plane);
    let (mut angle, mut shift) = (4f32.to_radians(), cell);
    for _ in 0..7 {
        loop {
            let helper = if plane.normal.x.abs() < 0.9 { Vec3::X } else { Vec3::Y };
            let t1 = plane.normal.cross(helper).normalize();
            let t2 = plane.normal.cross(t1);
            // Turned about the point of the plane nearest the pivot, or
            // shifted along its normal.
            let on_plane = pivot - (plane.normal.dot(pivot) - plane.offset) * plane.normal;
            let turned = |t: Vec3| {
                let normal = (plane.normal + t * angle.tan()).normalize();
                Plane { normal, offset: normal.dot(on_plane) }
            };
            let shifted = |by: f32| Plane { normal: plane.normal, offset: plane.offset + by };
            let candidates = [turned(t1), turned(-t1), turned(t2), turned(-t2), shifted(shift), shifted(-shift)];
            let mut improved = false;
            for trial in candidates {
                let m = misfit(&trial);
                if m < best {
                    best = m;
                    plane = trial;
                    improved = true;
                }
            }
            if !improved {
                break;
            }
        }
        angle *= 0.5;
        shift *= 0.5;
    }
    (best, plane)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_1d_transform_is_squared_distance_to_the_nearest_seed() {
        let f = [f32::MAX, 0.0, f32::MAX, f32::MAX, f32::MAX, 0.0, f32::MAX];
        assert_eq!(distance_1d(&f), vec![1.0, 0.0, 1.0, 4.0, 1.0, 0.0, 1.0]);
        assert!(distance_1d(&[f32::MAX; 3]).iter().all(|d| *d == f32::MAX));
    }

    #[test]
    fn an_ellipsoid_with_a_nose_is_symmetric_about_its_midline() {
        // An ellipsoid (150 × 230 × 195) with a bump on +Z, turned.
        let turn = glam::Quat::from_euler(glam::EulerRot::YXZ, 0.7, -1.1, 0.4);
        let mut points = Vec::new();
        for i in 0..40000 {
            let z = 1.0 - 2.0 * (i as f32 + 0.5) / 40000.0;
            let r = (1.0 - z * z).sqrt();
            let a = 2.399_963 * i as f32;
            let mut p = Vec3::new(75.0 * r * a.cos(), 115.0 * r * a.sin(), 97.0 * z);
            let nose = (-(p - Vec3::new(0.0, -20.0, 97.0)).length_squared() / 900.0).exp();
            p.z += 25.0 * nose;
            points.push(turn * p + Vec3::new(40.0, -10.0, 3.0));
        }
        let grid = DistanceGrid::new(&points, 80);
        let (found, _) = find_symmetry(&points, &grid, None).expect("a plane");
        let truth = turn * Vec3::X;
        assert!(found.plane.normal.dot(truth).abs() > 3f32.to_radians().cos(), "{found:?} against {truth}");
        assert!(found.runner_up > 1.5 * found.misfit, "{found:?}");
    }
}
