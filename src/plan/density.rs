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
        Self { origin, texel_mm: DENSITY_TEXEL_MM, width: size, height: size, dots_per_mm2: dots }
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

    /// Chart distance (mm) from the origin beyond which the map is zero.
    pub fn outermost_positive_mm(&self) -> f32 {
        let mut far = 0.0f32;
        for y in 0..self.height {
            for x in 0..self.width {
                if self.dots_per_mm2[(y * self.width + x) as usize] > 0.0 {
                    far = far.max((self.origin + Vec2::new(x as f32, y as f32) * self.texel_mm).length());
                }
            }
        }
        far + self.texel_mm * std::f32::consts::SQRT_2
    }

    /// Smallest texel under the chart rectangle (zero outside the map).
    pub fn min_in(&self, lo: Vec2, hi: Vec2) -> f32 {
        let a = ((lo - self.origin) / self.texel_mm).floor();
        let b = ((hi - self.origin) / self.texel_mm).floor() + 1.0;
        let mut m = f32::MAX;
        for y in a.y as i64..=b.y as i64 {
            for x in a.x as i64..=b.x as i64 {
                m = m.min(self.texel(x, y));
            }
        }
        m
    }

    /// Largest density any bilinear lookup inside the chart rectangle can
    /// return: the bound the scatter's cells are laid out against.
    pub fn max_in(&self, lo: Vec2, hi: Vec2) -> f32 {
        let a = ((lo - self.origin) / self.texel_mm).floor();
        let b = ((hi - self.origin) / self.texel_mm).floor() + 1.0;
        let (x0, x1) = ((a.x as i64).max(0), (b.x as i64).min(self.width as i64 - 1));
        let (y0, y1) = ((a.y as i64).max(0), (b.y as i64).min(self.height as i64 - 1));
        let mut m = 0.0f32;
        for y in y0..=y1 {
            for x in x0..=x1 {
                m = m.max(self.texel(x, y));
            }
        }
        m
    }
}
