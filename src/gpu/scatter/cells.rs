//! Which tile points the GPU scatter visits. The blue-noise tile repeats
//! over the scatter plane; the plane is cut into cells of one tile bucket
//! each, and a cell's candidates are its bucket's points of rank below the
//! largest fraction any place in the cell keeps. Every point the density
//! asks for is visited; the few visited in vain are written as dead dots.

use crate::chart::surface::ScatterPlane;
use crate::chart::{PHI_MAX, ScalpChart, angles};
use crate::core::error::{Result, SmpError};
use crate::core::random::SplitMix;
use crate::gpu::scatter::blue_noise::{BlueNoiseTile, TILE_POINTS};
use crate::plan::density::DensityMap;
use glam::Vec2;
use std::f32::consts::PI;

/// Buckets per tile side: 64 points per bucket on average.
pub const BUCKETS_PER_SIDE: u32 = 32;

/// Tile densities (points per plane mm²) come in steps of 4× from 2 per mm²,
/// twice DOMAIN's top-and-crown SMP density of 100 /cm². Every plan below
/// that shares one tile scale, so lowering any density hides dots and moves
/// none, and at 100 /cm² the tile repeats only every ≈ 180 mm.
pub const BASE_TILE_DENSITY: f32 = 2.0;

/// Side of the plane texels over which the kept fraction is bounded.
const BOUND_TEXEL_MM: f32 = 8.0;

#[derive(Clone, Debug)]
pub struct ScatterCells {
    pub plane: ScatterPlane,
    /// Tile points per plane mm².
    pub tile_density: f32,
    pub tile_period_mm: f32,
    /// Plane position of the tile's origin, from the seed.
    pub tile_offset: Vec2,
    /// Cells with candidates, as (x, y) in cell units from the tile origin.
    pub cells: Vec<[i32; 2]>,
    /// Prefix sums: cell c owns candidates `first[c]..first[c + 1]`.
    pub first: Vec<u32>,
}

/// Upper bounds of skin dots per plane mm² over a grid of plane texels.
struct PlaneBound {
    reach: f32,
    side: usize,
    texels: Vec<f32>,
}

impl PlaneBound {
    fn build(chart: &ScalpChart, plane: &ScatterPlane, density: &DensityMap) -> Self {
        // How far down from the vertex the region reaches, per degree of
        // azimuth, widened by 2° each way; and the plane disc holding it.
        let reach_rho = density.reach_per_degree();
        let phi_limit: Vec<f32> = (0..360)
            .map(|j: i32| {
                let rho = (-2..=2).map(|k| reach_rho[(j + k).rem_euclid(360) as usize]).fold(0.0, f32::max);
                if rho > 0.0 { chart.colatitude_at(rho, (j as f32 + 0.5).to_radians() - PI) } else { 0.0 }
            })
            .collect();
        let phi_max = phi_limit.iter().copied().fold(0.0f32, f32::max).min(PHI_MAX);
        let reach = plane.reach(phi_max) + BOUND_TEXEL_MM;
        let side = (2.0 * reach / BOUND_TEXEL_MM).ceil() as usize;
        let mut texels = vec![0.0f32; side * side];
        for ty in 0..side {
            for tx in 0..side {
                let lo = Vec2::new(tx as f32, ty as f32) * BOUND_TEXEL_MM - reach;
                let centre = lo + 0.5 * BOUND_TEXEL_MM;
                // Skip texels wholly below the region: the texel spans at
                // most its half-diagonal in colatitude (dφ/dq = 2 / (L (1 + w²))).
                let (phi, theta) = angles(plane.direction(centre));
                let w2 = (centre / plane.scale_mm).length_squared();
                let half_span = 0.75 * BOUND_TEXEL_MM * 2.0 / (plane.scale_mm * (1.0 + w2));
                let degree = ((theta.to_degrees() + 180.0).floor() as i32).rem_euclid(360) as usize;
                if phi - half_span > phi_limit[degree] {
                    continue;
                }
                let mut chart_lo = Vec2::splat(f32::MAX);
                let mut chart_hi = Vec2::splat(f32::MIN);
                let mut area = 0.0f32;
                for (sx, sy) in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0), (0.5, 0.5)] {
                    let q = lo + Vec2::new(sx, sy) * BOUND_TEXEL_MM;
                    if let Some(skin) = chart.skin_at(plane.direction(q)) {
                        chart_lo = chart_lo.min(skin.chart);
                        chart_hi = chart_hi.max(skin.chart);
                        area = area.max(plane.skin_per_plane_area(q, skin.radius, skin.normal));
                    }
                }
                if area > 0.0 {
                    // Margins for the footprint's curved edges and for the
                    // area factor's change across the texel.
                    let d = density.max_in(chart_lo - 2.0, chart_hi + 2.0);
                    texels[ty * side + tx] = d * area * 1.15;
                }
            }
        }
        Self { reach, side, texels }
    }

    /// Largest bound over texels touching the plane rectangle.
    fn max_in(&self, lo: Vec2, hi: Vec2) -> f32 {
        let index = |v: f32| ((v + self.reach) / BOUND_TEXEL_MM).floor() as i64;
        let clamp = |i: i64| i.clamp(0, self.side as i64 - 1) as usize;
        let (x0, x1, y0, y1) = (index(lo.x), index(hi.x), index(lo.y), index(hi.y));
        if x1 < 0 || y1 < 0 || x0 >= self.side as i64 || y0 >= self.side as i64 {
            return 0.0;
        }
        let mut m = 0.0f32;
        for y in clamp(y0)..=clamp(y1) {
            for x in clamp(x0)..=clamp(x1) {
                m = m.max(self.texels[y * self.side + x]);
            }
        }
        m
    }
}

impl ScatterCells {
    /// Lays the tile for `density` on the head of `chart`, offset by `seed`.
    /// `base_density`: the tile's density (points per plane mm²) for plans
    /// up to it; `BASE_TILE_DENSITY` for blue noise.
    pub fn plan(
        chart: &ScalpChart,
        density: &DensityMap,
        tile: &BlueNoiseTile,
        seed: u64,
        base_density: f32,
    ) -> Result<Self> {
        let plane = chart.scatter_plane();
        let bound = PlaneBound::build(chart, &plane, density);
        let peak = bound.texels.iter().copied().fold(0.0f32, f32::max) / 1.15;
        let mut tile_density = base_density.max(1e-3);
        while tile_density < peak {
            tile_density *= 4.0;
            if tile_density > 1e6 {
                return Err(SmpError::Limit {
                    what: format!("{:.0} dots/cm²", peak * 100.0),
                    problem: "far beyond any SMP density; lower the plan's density".into(),
                });
            }
        }
        let tile_period_mm = (TILE_POINTS as f32 / tile_density).sqrt();
        let mut rng = SplitMix::new(seed ^ 0x7173_6361_7474_6572);
        let tile_offset = Vec2::new(rng.unit() as f32, rng.unit() as f32) * tile_period_mm;

        let (bucket_first, bucket_points) = tile.buckets(BUCKETS_PER_SIDE);
        let g = BUCKETS_PER_SIDE as i32;
        let cell_mm = tile_period_mm / g as f32;
        let range = |offset: f32| {
            (((-bound.reach - offset) / cell_mm).floor() as i32, ((bound.reach - offset) / cell_mm).ceil() as i32)
        };
        let ((x0, x1), (y0, y1)) = (range(tile_offset.x), range(tile_offset.y));
        let mut cells = Vec::new();
        let mut first = vec![0u32];
        let mut total: u64 = 0;
        for cy in y0..y1 {
            for cx in x0..x1 {
                let lo = Vec2::new(cx as f32, cy as f32) * cell_mm + tile_offset;
                let keep = (bound.max_in(lo, lo + cell_mm) / tile_density).min(1.0);
                if keep <= 0.0 {
                    continue;
                }
                let b = (cy.rem_euclid(g) * g + cx.rem_euclid(g)) as usize;
                let list = &bucket_points[bucket_first[b] as usize..bucket_first[b + 1] as usize];
                // Ranks are (index + ½) / TILE_POINTS; count those below keep.
                let limit = keep * TILE_POINTS as f32 - 0.5;
                let count = list.partition_point(|&i| (i as f32) < limit);
                if count == 0 {
                    continue;
                }
                total += count as u64;
                if total > u32::MAX as u64 / 2 {
                    return Err(SmpError::Limit {
                        what: "dot count".into(),
                        problem: "the plan asks for more than a billion dots: lower the density".into(),
                    });
                }
                cells.push([cx, cy]);
                first.push(total as u32);
            }
        }
        Ok(Self { plane, tile_density, tile_period_mm, tile_offset, cells, first })
    }

    /// For every 64 candidates, the cell holding the first: where the
    /// shader starts looking for a candidate's cell.
    pub fn cell_of_block(&self) -> Vec<u32> {
        let blocks = self.total().div_ceil(64) as usize;
        let mut out = Vec::with_capacity(blocks);
        let mut c = 0usize;
        for b in 0..blocks {
            let i = (b * 64) as u32;
            while self.first[c + 1] <= i {
                c += 1;
            }
            out.push(c as u32);
        }
        out
    }

    /// Candidates the GPU visits (live and dead dots).
    pub fn total(&self) -> u32 {
        *self.first.last().unwrap_or(&0)
    }
}
