//! Density heat maps on the scalp chart: the dots/cm² the GPU actually
//! placed beside what the plan asked for, in one colour scale with a
//! legend. Front of the head at the top, the client's right on the right,
//! as a practitioner draws a plan.

use crate::gpu::scatter::GpuDot;
use crate::output::sheet::{draw_text, text_width};
use crate::output::stats::{SAMPLES_PER_TRIANGLE, chart_corners, triangle_samples};
use crate::plan::scene::HeadScene;
use glam::Vec2;
use image::{Rgba, RgbaImage};

/// Chart cell the dots are counted in (mm).
pub const CELL_MM: f32 = 2.0;
/// Counts and skin areas are summed over this many cells round each one
/// (a 10 mm window: a few dozen dots at SMP densities, so the noise of
/// single dots does not swamp the pattern).
const WINDOW: i32 = 2;
const PIXELS_PER_CELL: u32 = 2;
const PAPER: Rgba<u8> = Rgba([28, 28, 30, 255]);
const INK: Rgba<u8> = Rgba([235, 235, 235, 255]);

/// Achieved and target density (dots/cm²) per chart cell.
pub struct DensityGrid {
    pub origin: Vec2,
    pub side: usize,
    pub achieved: Vec<Option<f32>>,
    pub target: Vec<f32>,
    scale_top_per_cm2: f32,
}

impl DensityGrid {
    pub fn measure(scene: &HeadScene, dots: &[GpuDot]) -> Self {
        let reach = scene.density.width as f32 * scene.density.texel_mm * 0.5;
        let side = (2.0 * reach / CELL_MM).ceil() as usize;
        let origin = Vec2::splat(-reach);
        let cell = |c: Vec2| {
            let f = ((c - origin) / CELL_MM).floor();
            (f.x >= 0.0 && f.y >= 0.0 && (f.x as usize) < side && (f.y as usize) < side)
                .then(|| f.y as usize * side + f.x as usize)
        };
        // Skin area per cell, sampled 15 times per triangle.
        let mut area = vec![0.0f32; side * side];
        let mesh = &scene.mesh;
        for t in 0..mesh.triangle_count() {
            let share = mesh.triangle_area(t) / SAMPLES_PER_TRIANGLE as f32;
            for p in triangle_samples(chart_corners(mesh, &scene.chart, t)) {
                if let Some(k) = cell(p) {
                    area[k] += share;
                }
            }
        }
        let mut count = vec![0.0f32; side * side];
        for d in dots.iter().filter(|d| d.is_pigment()) {
            if let Some(k) = cell(scene.chart.chart_of_point(d.position())) {
                count[k] += 1.0;
            }
        }
        let share = scene.density.total_share;
        let mut achieved = vec![None; side * side];
        let mut target = vec![0.0f32; side * side];
        for y in 0..side as i32 {
            for x in 0..side as i32 {
                let k = y as usize * side + x as usize;
                let centre = origin + (Vec2::new(x as f32, y as f32) + 0.5) * CELL_MM;
                target[k] = scene.density.sample(centre) * share * 100.0;
                let (mut n, mut a) = (0.0, 0.0);
                for dy in -WINDOW..=WINDOW {
                    for dx in -WINDOW..=WINDOW {
                        let (xx, yy) = (x + dx, y + dy);
                        if xx >= 0 && yy >= 0 && (xx as usize) < side && (yy as usize) < side {
                            let j = yy as usize * side + xx as usize;
                            n += count[j];
                            a += area[j];
                        }
                    }
                }
                // Where the plan treats skin, or dots landed; the window must
                // hold enough skin to say (the chart squeezes skin at the nape).
                if area[k] > 0.0 && a > 20.0 && (target[k] > 0.0 || count[k] > 0.0) {
                    achieved[k] = Some(n / a * 100.0);
                }
            }
        }
        Self { origin, side, achieved, target, scale_top_per_cm2: scene.density.heat_scale_top_per_cm2() }
    }

    /// The top of the colour scale (dots/cm²), as the window's heat view
    /// has it (`DensityMap::heat_scale_top_per_cm2`).
    pub fn scale(&self) -> f32 {
        self.scale_top_per_cm2
    }

    /// The two maps side by side under one colour scale, with a legend.
    pub fn image(&self, title: &str) -> RgbaImage {
        let scale = self.scale();
        let map = self.side as u32 * PIXELS_PER_CELL;
        let (margin, header, legend_h) = (16u32, 40u32, 56u32);
        let width = 3 * margin + 2 * map;
        let height = header + map + legend_h + margin;
        let mut image = RgbaImage::from_pixel(width, height, PAPER);
        draw_text(&mut image, margin as i64, 8, 2, title, INK);
        for (panel, label) in ["achieved", "target"].iter().enumerate() {
            let x0 = margin + panel as u32 * (map + margin);
            draw_text(&mut image, x0 as i64, 26, 1, label, INK);
            for y in 0..self.side {
                for x in 0..self.side {
                    let k = y * self.side + x;
                    let value =
                        if panel == 0 { self.achieved[k] } else { (self.target[k] > 0.0).then_some(self.target[k]) };
                    let Some(v) = value else { continue };
                    // Chart +y is the face: draw it at the top.
                    let (px, py) = (x0 + x as u32 * PIXELS_PER_CELL, header + map - (y as u32 + 1) * PIXELS_PER_CELL);
                    for dy in 0..PIXELS_PER_CELL {
                        for dx in 0..PIXELS_PER_CELL {
                            image.put_pixel(px + dx, py + dy, viridis_pixel(v / scale));
                        }
                    }
                }
            }
        }
        draw_legend(&mut image, margin, header + map + 12, 2 * map + margin, scale);
        image
    }
}

/// The colour ramp with its numbers (dots/cm²) at (x, y), `width` wide.
fn draw_legend(image: &mut RgbaImage, x0: u32, y0: u32, width: u32, scale: f32) {
    for x in 0..width {
        for y in 0..12 {
            image.put_pixel(x0 + x, y0 + y, viridis_pixel(x as f32 / width as f32));
        }
    }
    for k in 0..=4 {
        let text = format!("{:.0}", scale * k as f32 / 4.0);
        let x = (x0 + width * k / 4).saturating_sub(text_width(&text, 1) * k / 4);
        draw_text(image, x as i64, (y0 + 16) as i64, 1, &text, INK);
    }
    draw_text(image, x0 as i64, (y0 + 30) as i64, 1, "dots per cm2 of skin", INK);
}

/// `render` (an on-head heat map) with a title above and the legend below.
pub fn with_legend(render: &RgbaImage, title: &str, scale: f32) -> RgbaImage {
    let (w, h) = render.dimensions();
    let mut image = RgbaImage::from_pixel(w, h + 80, PAPER);
    draw_text(&mut image, 8, 6, 1, title, INK);
    image::imageops::overlay(&mut image, render, 0, 20);
    draw_legend(&mut image, 8, h + 24, w.saturating_sub(16).max(1), scale);
    image
}

impl DensityGrid {}

fn viridis_pixel(t: f32) -> Rgba<u8> {
    let [r, g, b] = crate::core::colour::viridis(t);
    Rgba([r, g, b, 255])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_colour_scale_runs_dark_to_light() {
        let luma = |c: Rgba<u8>| 0.3 * c[0] as f32 + 0.59 * c[1] as f32 + 0.11 * c[2] as f32;
        let mut last = -1.0;
        for k in 0..=20 {
            let l = luma(viridis_pixel(k as f32 / 20.0));
            assert!(l > last, "colour scale not monotonic at {k}");
            last = l;
        }
    }
}
