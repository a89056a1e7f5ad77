//! `smp look`: DOMAIN's photograph-pair measurement run on our renders.
//!
//! On real before/after photographs of healed SMP (same man, pose and
//! light) the treated scalp transmits 0.69–0.86 of the light it did before
//! and its red share of luminance (R / Y) falls 14–18 % (DOMAIN, appearance
//! anchors). Here the same view is rendered bare (no dots, no hair), with
//! the dots only, with the hair only and with both; each image is
//! box-blurred over ≈ 1 % of its side in linear light, and the ratios are
//! taken per pixel, their median over the pixels the dots (or the hairs)
//! darken most.

use crate::core::camera::Camera;
use crate::core::error::Result;
use crate::output::render::{Layers, Renderer};

/// Box blur side as a share of the image side (the photographs' ≈ 1 %).
pub const BLUR_SHARE: f32 = 0.01;

/// The photographs' ranges (DOMAIN): transmittance, and the fall of the red
/// share of luminance.
pub const PHOTO_TRANSMITTANCE: (f32, f32) = (0.69, 0.86);
pub const PHOTO_RED_SHARE_DROP: (f32, f32) = (0.14, 0.18);

/// One zone's change against the bare scalp.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct ZoneLook {
    /// Median of treated / bare luminance.
    pub transmittance: f32,
    /// Median fall of R / Y (0.15 = 15 %).
    pub red_share_drop: f32,
    /// Pixels measured.
    pub pixels: usize,
}

/// The SMP zone (the treatment against the bare scalp where no hair is)
/// and the remaining-hair zone (the hair alone against the bare scalp).
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct ViewLook {
    pub smp: Option<ZoneLook>,
    pub hair: Option<ZoneLook>,
}

/// Linear RGB, one f32 triple per pixel.
struct LinearImage {
    width: usize,
    height: usize,
    rgb: Vec<[f32; 3]>,
}

impl LinearImage {
    fn from_srgb(image: &image::RgbaImage) -> Self {
        let lut: Vec<f32> = (0..256).map(|v| crate::core::colour::srgb_to_linear(v as f32 / 255.0)).collect();
        let rgb = image.pixels().map(|p| [lut[p[0] as usize], lut[p[1] as usize], lut[p[2] as usize]]).collect();
        Self { width: image.width() as usize, height: image.height() as usize, rgb }
    }

    /// Box blur of side 2 r + 1, separable, clamped at the edges.
    fn blurred(&self, r: usize) -> Self {
        let (w, h) = (self.width, self.height);
        let pass = |src: &[[f32; 3]], along_rows: bool| -> Vec<[f32; 3]> {
            let mut out = vec![[0.0; 3]; w * h];
            let (lines, len) = if along_rows { (h, w) } else { (w, h) };
            for line in 0..lines {
                let at = |k: usize| if along_rows { line * w + k } else { k * w + line };
                for k in 0..len {
                    let lo = k.saturating_sub(r);
                    let hi = (k + r).min(len - 1);
                    let mut sum = [0.0f32; 3];
                    for j in lo..=hi {
                        let p = src[at(j)];
                        for c in 0..3 {
                            sum[c] += p[c];
                        }
                    }
                    let n = (hi - lo + 1) as f32;
                    out[at(k)] = sum.map(|s| s / n);
                }
            }
            out
        };
        let rows = pass(&self.rgb, true);
        Self { width: w, height: h, rgb: pass(&rows, false) }
    }
}

fn luminance(p: [f32; 3]) -> f32 {
    0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]
}

fn median(mut v: Vec<f32>) -> f32 {
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

/// Renders `camera`'s view four ways (bare, dots, hair, both) at the plan's
/// healed day and measures each zone. Leaves the renderer drawing all layers.
pub fn measure_view(renderer: &mut Renderer, camera: &Camera, width: u32, height: u32) -> Result<ViewLook> {
    let mut render = |layers| -> Result<image::RgbaImage> {
        renderer.set_layers(layers);
        renderer.render(camera, width, height)
    };
    let bare = render(Layers::NONE)?;
    let dots = render(Layers { pigment: true, hair: false })?;
    let hair = render(Layers { pigment: false, hair: true })?;
    let full = render(Layers::ALL)?;
    renderer.set_layers(Layers::ALL);
    Ok(compare(&bare, &dots, &hair, &full))
}

/// The measurement on four renders of one view.
pub fn compare(
    bare: &image::RgbaImage,
    dots: &image::RgbaImage,
    hair: &image::RgbaImage,
    full: &image::RgbaImage,
) -> ViewLook {
    let side = bare.width().min(bare.height()) as f32;
    let r = ((BLUR_SHARE * side - 1.0) / 2.0).round().max(1.0) as usize;
    let before = LinearImage::from_srgb(bare).blurred(r);
    let dots = LinearImage::from_srgb(dots).blurred(r);
    let hair = LinearImage::from_srgb(hair).blurred(r);
    let after = LinearImage::from_srgb(full).blurred(r);
    let darkening = |seen: &LinearImage| -> Vec<f32> {
        seen.rgb.iter().zip(&before.rgb).map(|(a, b)| 1.0 - luminance(*a) / luminance(*b).max(1e-6)).collect()
    };
    let by_dots = darkening(&dots);
    let by_hair = darkening(&hair);
    // Medians of `seen` against bare over the pixels `mask` keeps.
    let zone = |seen: &LinearImage, mask: &dyn Fn(usize) -> bool| -> Option<ZoneLook> {
        let (mut t, mut drop) = (Vec::new(), Vec::new());
        for (k, (a, b)) in seen.rgb.iter().zip(&before.rgb).enumerate() {
            let (ya, yb) = (luminance(*a), luminance(*b));
            if !mask(k) || yb < 1e-4 || ya < 1e-5 {
                continue;
            }
            t.push(ya / yb);
            drop.push(1.0 - (a[0] / ya) / (b[0] / yb));
        }
        // Too few pixels to speak for a zone: a few stray hairs or dots.
        (t.len() >= 200).then(|| ZoneLook { pixels: t.len(), transmittance: median(t), red_share_drop: median(drop) })
    };
    // The treatment where it stands alone: what the dots (and scar marks)
    // darken by more than 1 % and the hair by less than 0.5 %, before and
    // after. The remaining hair on its own, where it darkens by more than
    // 1 %: what the treatment must blend with.
    ViewLook {
        smp: zone(&after, &|k| by_dots[k] > 0.01 && by_hair[k] < 0.005),
        hair: zone(&hair, &|k| by_hair[k] > 0.01),
    }
}

/// The measurements as a table, with the photographs' ranges beside them.
pub fn table(plan: &crate::plan::Plan, views: &[(crate::View, ViewLook)]) -> String {
    use std::fmt::Write;
    let hair = &plan.client.hair;
    let mut out = format!(
        "{}: {}, hair {} ({:.0} % grey), shaved {} days ago\n",
        plan.name,
        plan.client.skin_tone.label(),
        hair.colour.name(),
        hair.grey_share * 100.0,
        hair.days_since_shave
    );
    let (tl, th) = PHOTO_TRANSMITTANCE;
    let (dl, dh) = PHOTO_RED_SHARE_DROP;
    let _ =
        writeln!(out, "photographs: transmittance {tl}–{th}, red share falls {:.0}–{:.0} %", dl * 100.0, dh * 100.0);
    let _ = writeln!(
        out,
        "{:<14} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "view", "SMP T", "SMP red", "hair T", "hair red", "hair − SMP"
    );
    let cell = |z: Option<ZoneLook>| match z {
        Some(z) => (format!("{:.3}", z.transmittance), format!("{:+.1} %", -z.red_share_drop * 100.0)),
        None => ("-".into(), "-".into()),
    };
    for (view, look) in views {
        let (st, sr) = cell(look.smp);
        let (ht, hr) = cell(look.hair);
        let gap = match (look.smp, look.hair) {
            (Some(s), Some(h)) => format!("{:+.3}", h.transmittance - s.transmittance),
            _ => "-".into(),
        };
        let _ = writeln!(out, "{:<14} {st:>10} {sr:>10} {ht:>10} {hr:>10} {gap:>10}", view.name());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(c: [u8; 3]) -> image::RgbaImage {
        image::RgbaImage::from_pixel(100, 100, image::Rgba([c[0], c[1], c[2], 255]))
    }

    #[test]
    fn a_uniform_grey_veil_measures_its_own_transmittance_and_no_greying() {
        let skin = [200, 170, 140];
        let veiled = skin.map(|v| {
            (crate::core::colour::linear_to_srgb(crate::core::colour::srgb_to_linear(v as f32 / 255.0) * 0.75) * 255.0)
                .round() as u8
        });
        let look = compare(&flat(skin), &flat(veiled), &flat(skin), &flat(veiled));
        let smp = look.smp.expect("the veil touches every pixel");
        assert!((smp.transmittance - 0.75).abs() < 0.01, "{smp:?}");
        assert!(smp.red_share_drop.abs() < 0.01, "{smp:?}");
        assert!(look.hair.is_none());
    }

    #[test]
    fn a_grey_overlay_lowers_the_red_share() {
        let skin = [220, 170, 140];
        let grey = [150, 150, 150];
        let look = compare(&flat(skin), &flat(grey), &flat(skin), &flat(grey));
        assert!(look.smp.expect("measured").red_share_drop > 0.1);
    }
}
