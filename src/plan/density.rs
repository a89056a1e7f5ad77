//! The density map: the plan rasterised in chart space. Per texel: target
//! SMP dots per mm² of skin (for the whole treatment, shares adding to 1),
//! remaining hairs per mm² (thinning areas), and the pigment uptake (scar
//! tissue and the hairline's finer edge take less). The GPU scatter and the
//! CPU references read it through the same bilinear lookup.

use super::zones;
use super::{Area, HairlineStyle, Plan, Scar};
use crate::chart::ScalpChart;
use crate::chart::outline::{ScalpOutline, smoothstep};
use crate::core::landmarks::HeadLandmarks;
use glam::Vec2;
use std::f32::consts::PI;

/// Texel size: fine enough that the hairline band (5–10 mm) has a smooth
/// ramp and a 3 mm scar band its own texels; coarse enough that a plan
/// change repaints in ≈ 15 ms.
pub const DENSITY_TEXEL_MM: f32 = 0.75;

/// Pigment uptake of scar tissue relative to healthy skin (DOMAIN: "scar
/// tissue takes pigment less well"; estimate).
pub const SCAR_UPTAKE: f32 = 0.65;
/// Dots a scar and the skin round it receive when its zone has none: the
/// natural follicular density (DOMAIN: ≈ 80 /cm² on average).
pub const SCAR_DOTS_PER_CM2: f32 = 80.0;
/// How far round a scar the dots blend into the kept hair (mm; estimate).
pub const SCAR_BLEND_MM: f32 = 6.0;
/// Uptake at the hairline itself: DOMAIN's "finer, lighter dots" there.
pub const HAIRLINE_UPTAKE: f32 = 0.75;

/// One texel: what the scatter reads. WGSL twin: the `density` buffer's
/// vec4 in `shaders/scatter.wgsl`.
pub type Texel = [f32; 4];
pub const DOTS: usize = 0;
pub const HAIR: usize = 1;
pub const UPTAKE: usize = 2;

#[derive(Clone, Debug)]
pub struct DensityMap {
    /// Chart coordinates (mm) of the centre of texel (0, 0).
    pub origin: Vec2,
    pub texel_mm: f32,
    pub width: u32,
    pub height: u32,
    /// Row-major from `origin`: [dots/mm², hairs/mm², uptake, 0].
    pub texels: Vec<Texel>,
    /// The plan's sessions' shares added up: dots placed = dots × this.
    pub total_share: f32,
    /// Maxima of hairs + dots × total share over blocks of texels.
    block_max: Vec<f32>,
    /// The densest target, SMP dots/cm² of the whole treatment.
    densest_per_cm2: f32,
}

impl DensityMap {
    /// Rasterises the plan over the scalp chart.
    pub fn build(plan: &Plan, outline: &ScalpOutline, chart: &ScalpChart, landmarks: &HeadLandmarks) -> Self {
        // The region, the dots scattered in front of it, and any area or
        // scar that reaches beyond it.
        let ellipses = plan.areas.iter().map(|a| a.shape()).chain(plan.scars.iter().filter_map(|s| match s {
            Scar::FueField { centre_mm, radii_mm, angle_deg, .. } => {
                Some(super::Ellipse { centre_mm: *centre_mm, radii_mm: *radii_mm, angle_deg: *angle_deg })
            }
            Scar::FutStrip { .. } => None,
        }));
        let strokes_reach = plan.strokes.iter().map(|s| {
            let (lo, hi) = s.bounds();
            lo.length().max(hi.length()).max(Vec2::new(lo.x, hi.y).length()).max(Vec2::new(hi.x, lo.y).length())
        });
        let reach = (0..360)
            .map(|d| outline.boundary((d as f32).to_radians()) + plan.hairline.scatter_mm)
            .chain(
                ellipses
                    .map(|e| Vec2::from(e.centre_mm).length() + e.radii_mm[0].max(e.radii_mm[1]) * 1.1 + SCAR_BLEND_MM),
            )
            .chain(strokes_reach)
            .fold(0.0f32, f32::max)
            + 4.0;
        let size = (2.0 * reach / DENSITY_TEXEL_MM).ceil() as u32 + 1;
        let origin = Vec2::splat(-reach);
        let painter = Painter::new(plan, outline, chart, landmarks);
        // Rows in parallel: a plan change must show within 100 ms.
        let mut texels = vec![[0.0f32; 4]; (size * size) as usize];
        crate::core::parallel::fill(&mut texels, size as usize, |index| {
            let (x, y) = ((index as u32 % size) as f32, (index as u32 / size) as f32);
            painter.texel(origin + Vec2::new(x, y) * DENSITY_TEXEL_MM)
        });
        let total_share = plan.total_share();
        let block_max = block_maxima(size, size, &texels, total_share);
        let densest_per_cm2 = texels.iter().map(|t| t[DOTS]).fold(0.0f32, f32::max) * total_share * 100.0;
        Self {
            origin,
            texel_mm: DENSITY_TEXEL_MM,
            width: size,
            height: size,
            texels,
            total_share,
            block_max,
            densest_per_cm2,
        }
    }

    /// The top of a heat map's colour scale (dots/cm²) for this map: a
    /// round number a tenth above the densest target, so the densest zone
    /// reads near the top. `smp heatmap` and the window's heat view both
    /// take it from here.
    pub fn heat_scale_top_per_cm2(&self) -> f32 {
        (self.densest_per_cm2.max(1.0) * 1.1 / 20.0).ceil() * 20.0
    }

    /// Target SMP dots per mm² (whole treatment), row-major.
    pub fn dots_per_mm2(&self) -> Vec<f32> {
        self.texels.iter().map(|t| t[DOTS]).collect()
    }

    fn texel(&self, x: i64, y: i64) -> Texel {
        if x < 0 || y < 0 || x >= self.width as i64 || y >= self.height as i64 {
            [0.0; 4]
        } else {
            self.texels[(y as u32 * self.width + x as u32) as usize]
        }
    }

    /// Bilinear lookup of the SMP dots (dots/mm²); zero outside the map.
    pub fn sample(&self, chart: Vec2) -> f32 {
        self.sample_all(chart)[DOTS]
    }

    /// All channels, bilinear. Mirrors `density_at` in `shaders/scatter.wgsl`.
    pub fn sample_all(&self, chart: Vec2) -> Texel {
        let f = (chart - self.origin) / self.texel_mm;
        let (x0, y0) = (f.x.floor(), f.y.floor());
        let (a, b) = (f.x - x0, f.y - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let w = [(1.0 - a) * (1.0 - b), a * (1.0 - b), (1.0 - a) * b, a * b];
        let t = [self.texel(x0, y0), self.texel(x0 + 1, y0), self.texel(x0, y0 + 1), self.texel(x0 + 1, y0 + 1)];
        std::array::from_fn(|k| (0..4).map(|i| t[i][k] * w[i]).sum())
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

fn block_maxima(width: u32, height: u32, texels: &[Texel], share: f32) -> Vec<f32> {
    let (bw, bh) = (width.div_ceil(BLOCK), height.div_ceil(BLOCK));
    let mut blocks = vec![0.0f32; (bw * bh) as usize];
    for y in 0..height {
        for x in 0..width {
            let b = ((y / BLOCK) * bw + x / BLOCK) as usize;
            let t = texels[(y * width + x) as usize];
            blocks[b] = blocks[b].max(t[HAIR] + t[DOTS] * share);
        }
    }
    blocks
}

/// Paints one texel of the plan.
struct Painter<'a> {
    plan: &'a Plan,
    /// Region boundary (mm from the vertex) every 0.1° from -180°.
    boundary: Vec<f32>,
    reach_outside: f32,
    /// Broken hairline: the line's offset (mm) per degree of azimuth.
    broken: Vec<f32>,
    /// FUT strips: per strip, its centre's distance from the vertex per degree.
    strips: Vec<(Vec<f32>, f32, f32)>,
}

impl<'a> Painter<'a> {
    fn new(plan: &'a Plan, outline: &'a ScalpOutline, chart: &ScalpChart, landmarks: &HeadLandmarks) -> Self {
        let mut rng = crate::core::random::SplitMix::new(plan.seed ^ 0x6272_6f6b_656e);
        let phases: Vec<f32> = (0..3).map(|_| rng.unit() as f32 * 2.0 * PI).collect();
        let broken = (0..360)
            .map(|d| {
                let t = (d as f32).to_radians();
                // Irregular by ±3 mm over 1–3 cm of hairline (estimate).
                1.6 * (9.0 * t + phases[0]).sin()
                    + 1.0 * (17.0 * t + phases[1]).sin()
                    + 0.6 * (31.0 * t + phases[2]).sin()
            })
            .collect();
        let strips = plan
            .scars
            .iter()
            .filter_map(|scar| match scar {
                Scar::FutStrip { height_above_nape_mm, width_mm, span_deg } => {
                    let y = landmarks.nape.y + height_above_nape_mm;
                    let centre =
                        (0..360).map(|d| chart.arc_length_at_height((d as f32 - 180.0).to_radians(), y)).collect();
                    Some((centre, *width_mm, *span_deg))
                }
                Scar::FueField { .. } => None,
            })
            .collect();
        // The boundary every 0.1°: the outline's spline is costly per texel.
        let boundary = (0..=3600).map(|k| outline.boundary((k as f32 / 10.0 - 180.0).to_radians())).collect();
        // Beyond this far outside the region nothing is painted (scattered
        // hairline dots, areas and scars reach further where the plan has them).
        let reach_outside = if plan.areas.is_empty() && plan.scars.is_empty() && plan.strokes.is_empty() {
            plan.hairline.scatter_mm + 1.0
        } else {
            f32::INFINITY
        };
        Self { plan, broken, strips, boundary, reach_outside }
    }

    fn boundary_at(&self, theta_deg: f32) -> f32 {
        let f = ((theta_deg + 180.0) * 10.0).clamp(0.0, 3599.999);
        let (i, t) = (f as usize, f.fract());
        self.boundary[i] + (self.boundary[i + 1] - self.boundary[i]) * t
    }

    fn texel(&self, c: Vec2) -> Texel {
        let h = &self.plan.hairline;
        let theta_deg = c.x.atan2(c.y).to_degrees();
        let degree = ((theta_deg + 180.0).floor() as usize).min(359);
        let rho = c.length();
        let region_depth = self.boundary_at(theta_deg) - rho;
        if region_depth < -self.reach_outside {
            return [0.0, 0.0, 1.0, 0.0];
        }
        let mut depth = region_depth;
        let front = ScalpOutline::front_weight_at(theta_deg);
        if h.style == HairlineStyle::Broken {
            depth += front * self.broken[degree];
        }
        let w = zones::weights_at(c, region_depth, theta_deg.abs());
        let z = self.plan.zones.named();
        let zone: f32 = (0..6).map(|k| w[k] * z[k].1).sum::<f32>() / 100.0;
        let line = h.line_per_cm2 / 100.0;
        let (mut dots, mut uptake) = (0.0f32, 1.0f32);
        if depth >= 0.0 {
            dots = zone;
            if h.style != HairlineStyle::Sharp && h.band_mm > 0.0 {
                // DOMAIN: density (and darkness) ramp up over the band.
                let ramp = (depth / h.band_mm).min(1.0);
                dots = zone + (line.min(zone) + (zone - line.min(zone)) * ramp - zone) * front;
                uptake = 1.0 - (1.0 - HAIRLINE_UPTAKE) * (1.0 - ramp) * front;
            }
        } else if h.style != HairlineStyle::Sharp && h.scatter_mm > 0.0 && depth > -h.scatter_mm {
            // A few scattered dots in front of the line (DOMAIN: 2–5 mm).
            dots = front * line.min(zone) * 0.6 * (1.0 + depth / h.scatter_mm);
            uptake = HAIRLINE_UPTAKE;
        }
        let stubble = self.plan.hair.named();
        let mut hair: f32 = (0..6).map(|k| w[k] * stubble[k].1).sum::<f32>() / 100.0;
        if depth < 0.0 {
            hair = 0.0;
        }
        for area in &self.plan.areas {
            let inside = 1.0 - smoothstep(0.9, 1.1, area.shape().reach(c));
            if inside <= 0.0 {
                continue;
            }
            match area {
                Area::Leave { .. } => dots *= 1.0 - inside,
                Area::Patch { dots_per_cm2, .. } => {
                    dots += (dots_per_cm2 / 100.0 - dots) * inside;
                    hair *= 1.0 - inside;
                }
                Area::Thinning { hair_per_cm2, dots_per_cm2, .. } => {
                    dots += (dots_per_cm2 / 100.0 - dots) * inside;
                    hair += (hair_per_cm2 / 100.0 - hair) * inside;
                }
            }
        }
        // The practitioner's brush has the last word over zones and areas.
        for stroke in &self.plan.strokes {
            dots = stroke.paint(dots, c);
        }
        let scar_dots = SCAR_DOTS_PER_CM2 / 100.0;
        for (centre, width, span) in &self.strips {
            let from_back = 180.0 - (degree as f32 - 180.0).abs();
            let off = (rho - centre[degree]).abs() - 0.5 * width;
            if from_back <= 0.5 * span + 5.0 && off < SCAR_BLEND_MM {
                // The scar and a blend round it get dots; the scar itself
                // takes less pigment.
                let blend = 1.0 - smoothstep(0.5 * SCAR_BLEND_MM, SCAR_BLEND_MM, off);
                let end = 1.0 - smoothstep(0.5 * span, 0.5 * span + 5.0, from_back);
                dots = dots.max(scar_dots * blend * end);
                if off < 0.5 {
                    uptake *= SCAR_UPTAKE;
                }
            }
        }
        for scar in &self.plan.scars {
            if let Scar::FueField { centre_mm, radii_mm, angle_deg, .. } = scar {
                let e = super::Ellipse { centre_mm: *centre_mm, radii_mm: *radii_mm, angle_deg: *angle_deg };
                let inside = 1.0 - smoothstep(1.0, 1.0 + SCAR_BLEND_MM / radii_mm[0].min(radii_mm[1]), e.reach(c));
                dots = dots.max(scar_dots * inside);
                // Spots cover a few % of the donor area: a small mean loss.
                uptake *= 1.0 - 0.15 * inside;
            }
        }
        [dots.max(0.0), hair, uptake, 0.0]
    }
}
