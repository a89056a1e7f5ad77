//! The density map: the plan rasterised in chart space as target dots per
//! mm² of skin. The GPU scatter and the CPU reference both read it through
//! the same bilinear lookup.

use super::Plan;
use crate::chart::outline::ScalpOutline;
use glam::Vec2;

/// Texel size: fine enough that the hairline band (5–10 mm) has a smooth ramp.
pub const DENSITY_TEXEL_MM: f32 = 0.5;

#[derive(Clone, Debug)]
pub struct DensityMap {
    /// Chart coordinates (mm) of the centre of texel (0, 0).
    pub origin: Vec2,
    pub texel_mm: f32,
    pub width: u32,
    pub height: u32,
    /// Target dots per mm² of skin, row-major from `origin`.
    pub dots_per_mm2: Vec<f32>,
    /// Maxima over blocks of texels, for `max_in`.
    block_max: Vec<f32>,
}

impl DensityMap {
    /// Rasterises the plan's density over the scalp region.
    pub fn build(plan: &Plan, outline: &ScalpOutline) -> Self {
        let reach = (0..360).map(|d| outline.boundary((d as f32).to_radians())).fold(0.0f32, f32::max) + 4.0;
        let size = (2.0 * reach / DENSITY_TEXEL_MM).ceil() as u32 + 1;
        let origin = Vec2::splat(-reach);
        let full = plan.density_per_cm2 / 100.0;
        let start = plan.hairline_start_per_cm2 / 100.0;
        let band = plan.hairline_band_mm;
        let mut dots = vec![0.0f32; (size * size) as usize];
        for y in 0..size {
            for x in 0..size {
                let c = origin + Vec2::new(x as f32, y as f32) * DENSITY_TEXEL_MM;
                let depth = outline.depth_inside(c);
                if depth < 0.0 {
                    continue;
                }
                let ramp = if band > 0.0 { start + (full - start) * (depth / band).min(1.0) } else { full };
                let w = ScalpOutline::front_weight(c);
                dots[(y * size + x) as usize] = full + (ramp - full) * w;
            }
        }
        let block_max = block_maxima(size, size, &dots);
        Self { origin, texel_mm: DENSITY_TEXEL_MM, width: size, height: size, dots_per_mm2: dots, block_max }
    }

    fn texel(&self, x: i64, y: i64) -> f32 {
        if x < 0 || y < 0 || x >= self.width as i64 || y >= self.height as i64 {
            0.0
        } else {
            self.dots_per_mm2[(y as u32 * self.width + x as u32) as usize]
        }
    }

    /// Bilinear lookup (dots/mm²); zero outside the map. Mirrors
    /// `density_at` in `shaders/scatter.wgsl`.
    pub fn sample(&self, chart: Vec2) -> f32 {
        let f = (chart - self.origin) / self.texel_mm;
        let (x0, y0) = (f.x.floor(), f.y.floor());
        let (a, b) = (f.x - x0, f.y - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let top = self.texel(x0, y0) * (1.0 - a) + self.texel(x0 + 1, y0) * a;
        let bottom = self.texel(x0, y0 + 1) * (1.0 - a) + self.texel(x0 + 1, y0 + 1) * a;
        top * (1.0 - b) + bottom * b
    }

    /// Largest density any bilinear lookup inside the chart rectangle can
    /// return, or a little more: the maximum over the blocks of texels the
    /// rectangle touches.
    pub fn max_in(&self, lo: Vec2, hi: Vec2) -> f32 {
        let a = ((lo - self.origin) / self.texel_mm).floor();
        let b = ((hi - self.origin) / self.texel_mm).floor() + 1.0;
        let block = |v: f32, n: u32| ((v as i64).clamp(0, n as i64 - 1) / BLOCK as i64) as usize;
        let (bw, bh) = (self.width.div_ceil(BLOCK) as usize, self.height.div_ceil(BLOCK));
        if b.x < 0.0 || b.y < 0.0 || a.x >= self.width as f32 || a.y >= self.height as f32 {
            return 0.0;
        }
        let mut m = 0.0f32;
        for y in block(a.y, self.height)..=block(b.y, self.height).min(bh as usize - 1) {
            for x in block(a.x, self.width)..=block(b.x, self.width) {
                m = m.max(self.block_max[y * bw + x]);
            }
        }
        m
    }

    /// Per 1° of chart azimuth (from -180°), a chart distance (mm) beyond
    /// which the map is zero: the farthest corner of any positive block of
    /// texels within that degree.
    pub fn reach_per_degree(&self) -> Vec<f32> {
        let mut reach = vec![0.0f32; 360];
        let bw = self.width.div_ceil(BLOCK);
        let block_mm = BLOCK as f32 * self.texel_mm;
        for (b, max) in self.block_max.iter().enumerate() {
            if *max <= 0.0 {
                continue;
            }
            // The block's texel centres span [lo, lo + block]; bilinear
            // lookups reach one texel further.
            let lo = self.origin + Vec2::new((b as u32 % bw) as f32, (b as u32 / bw) as f32) * block_mm;
            let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
                .map(|(x, y)| lo + Vec2::new(x, y) * (block_mm + self.texel_mm));
            let far = corners.iter().map(|c| c.length()).fold(0.0f32, f32::max);
            let degrees = corners.map(|c| c.x.atan2(c.y).to_degrees() + 180.0);
            let (mut d0, mut d1) =
                (degrees.iter().copied().fold(f32::MAX, f32::min), degrees.iter().copied().fold(f32::MIN, f32::max));
            let holds_origin = (lo.x..=lo.x + block_mm + self.texel_mm).contains(&0.0)
                && (lo.y..=lo.y + block_mm + self.texel_mm).contains(&0.0);
            if holds_origin {
                (d0, d1) = (0.0, 359.0);
            } else if d1 - d0 > 180.0 {
                // Straddles the back (±180°): walk round the other way.
                let wrapped = degrees.map(|d| if d < 180.0 { d + 360.0 } else { d });
                d0 = wrapped.iter().copied().fold(f32::MAX, f32::min);
                d1 = wrapped.iter().copied().fold(f32::MIN, f32::max);
            }
            for d in d0.floor() as i32..=d1.floor() as i32 {
                let r = &mut reach[d.rem_euclid(360) as usize];
                *r = r.max(far);
            }
        }
        reach
    }
}

/// Side, in texels, of the blocks `max_in` takes maxima over.
const BLOCK: u32 = 8;

fn block_maxima(width: u32, height: u32, texels: &[f32]) -> Vec<f32> {
    let (bw, bh) = (width.div_ceil(BLOCK), height.div_ceil(BLOCK));
    let mut blocks = vec![0.0f32; (bw * bh) as usize];
    for y in 0..height {
        for x in 0..width {
            let b = ((y / BLOCK) * bw + x / BLOCK) as usize;
            blocks[b] = blocks[b].max(texels[(y * width + x) as usize]);
        }
    }
    blocks
}
