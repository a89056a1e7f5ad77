//! CPU references for what the GPU scatter must achieve: the expected dot
//! count (the integral of density over the skin), per-region counts, and
//! the Clark–Evans nearest-neighbour index of the placement.

use crate::chart::ScalpChart;
use crate::mesh::HeadMesh;
use crate::plan::density::DensityMap;
use glam::{Vec2, Vec3};
use std::collections::HashMap;

/// Number of points `triangle_samples` takes per triangle.
pub const SAMPLES_PER_TRIANGLE: usize = 15;

/// Chart coordinates of triangle `t`'s corners.
pub fn chart_corners(mesh: &HeadMesh, chart: &ScalpChart, t: usize) -> [Vec2; 3] {
    let idx = &mesh.indices[3 * t..3 * t + 3];
    [0, 1, 2].map(|k| chart.vertex_chart[idx[k] as usize])
}

/// The 15-point rule the CPU references integrate with: a barycentric grid
/// of step 1/4 over a triangle's chart corners.
pub fn triangle_samples(c: [Vec2; 3]) -> impl Iterator<Item = Vec2> {
    (0..=4).flat_map(move |i| {
        (0..=4 - i).map(move |j| {
            let (u, v) = (i as f32 / 4.0, j as f32 / 4.0);
            c[0] * (1.0 - u - v) + c[1] * u + c[2] * v
        })
    })
}

/// ∫ density dA over the chart points that satisfy `keep`, by the 15-point
/// rule per triangle (`triangle_samples`).
pub fn expected_dots(mesh: &HeadMesh, chart: &ScalpChart, density: &DensityMap, keep: impl Fn(Vec2) -> bool) -> f64 {
    let mut total = 0.0f64;
    for t in 0..mesh.triangle_count() {
        let c = chart_corners(mesh, chart, t);
        let (lo, hi) = (c[0].min(c[1]).min(c[2]), c[0].max(c[1]).max(c[2]));
        if density.max_in(lo, hi) <= 0.0 {
            continue;
        }
        let sum: f64 = triangle_samples(c).filter(|p| keep(*p)).map(|p| density.sample(p) as f64).sum();
        total += sum / SAMPLES_PER_TRIANGLE as f64 * mesh.triangle_area(t) as f64;
    }
    total
}

/// Skin area (mm²) of the chart points where `keep` holds, by the same
/// 15-point rule per triangle as `expected_dots`.
pub fn area_where(mesh: &HeadMesh, chart: &ScalpChart, keep: impl Fn(Vec2) -> bool) -> f64 {
    let mut total = 0.0f64;
    for t in 0..mesh.triangle_count() {
        let inside = triangle_samples(chart_corners(mesh, chart, t)).filter(|p| keep(*p)).count();
        total += inside as f64 / SAMPLES_PER_TRIANGLE as f64 * mesh.triangle_area(t) as f64;
    }
    total
}

/// Skin area (mm²) where the density map is positive.
pub fn treated_area(mesh: &HeadMesh, chart: &ScalpChart, density: &DensityMap) -> f64 {
    let mut area = 0.0;
    for t in 0..mesh.triangle_count() {
        let idx = &mesh.indices[3 * t..3 * t + 3];
        let centroid = (0..3).map(|k| chart.vertex_chart[idx[k] as usize]).sum::<Vec2>() / 3.0;
        if density.sample(centroid) > 0.0 {
            area += mesh.triangle_area(t) as f64;
        }
    }
    area
}

/// Mean distance from each point in `sample` to its nearest neighbour among
/// `all` (3-D, on the skin), with a hashed grid of cell `cell`.
pub fn mean_nearest_neighbour(all: &[Vec3], sample: &[usize], cell: f32) -> f64 {
    let key = |p: Vec3| ((p.x / cell).floor() as i32, (p.y / cell).floor() as i32, (p.z / cell).floor() as i32);
    let mut grid: HashMap<(i32, i32, i32), Vec<usize>> = HashMap::new();
    for (i, p) in all.iter().enumerate() {
        grid.entry(key(*p)).or_default().push(i);
    }
    let mut sum = 0.0f64;
    for &i in sample {
        let p = all[i];
        let (cx, cy, cz) = key(p);
        let mut best = f32::MAX;
        for r in 1..4 {
            for dx in -r..=r {
                for dy in -r..=r {
                    for dz in -r..=r {
                        if let Some(list) = grid.get(&(cx + dx, cy + dy, cz + dz)) {
                            for &j in list {
                                if j != i {
                                    best = best.min((all[j] - p).length());
                                }
                            }
                        }
                    }
                }
            }
            if best <= r as f32 * cell {
                break;
            }
        }
        sum += best as f64;
    }
    sum / sample.len().max(1) as f64
}

/// Clark–Evans R = observed mean nearest-neighbour distance / 0.5 λ^-½
/// (Poisson 1.0, hexagonal grid ≈ 2.15), for intensity λ per mm².
pub fn clark_evans(mean_nn_mm: f64, dots_per_mm2: f64) -> f64 {
    mean_nn_mm / (0.5 / dots_per_mm2.sqrt())
}

/// Relative spread (standard deviation / mean) of the number of dots within
/// `radius` of each centre: a measure of patchiness at that scale (about
/// 1/√(λπr²) for a Poisson process, much less for an even one).
pub fn count_spread(all: &[Vec3], centres: &[Vec3], radius: f32) -> f64 {
    let key = |p: Vec3| ((p.x / radius).floor() as i32, (p.y / radius).floor() as i32, (p.z / radius).floor() as i32);
    let mut grid: HashMap<(i32, i32, i32), Vec<Vec3>> = HashMap::new();
    for p in all {
        grid.entry(key(*p)).or_default().push(*p);
    }
    let counts: Vec<f64> = centres
        .iter()
        .map(|c| {
            let (cx, cy, cz) = key(*c);
            let mut n = 0;
            for dx in -1..=1 {
                for dy in -1..=1 {
                    for dz in -1..=1 {
                        if let Some(list) = grid.get(&(cx + dx, cy + dy, cz + dz)) {
                            n += list.iter().filter(|p| (**p - *c).length() < radius).count();
                        }
                    }
                }
            }
            n as f64
        })
        .collect();
    let mean = counts.iter().sum::<f64>() / counts.len().max(1) as f64;
    let var = counts.iter().map(|n| (n - mean).powi(2)).sum::<f64>() / counts.len().max(1) as f64;
    var.sqrt() / mean.max(1e-9)
}
