//! Perceptual image comparison for reference-image tests: colour
//! differences in CIELAB (ΔE*76, where ≈ 2.3 is a just-noticeable
//! difference), summarised by their mean and a high percentile.

use image::{Rgba, RgbaImage};

#[derive(Clone, Debug)]
pub struct ImageDifference {
    pub mean_delta_e: f64,
    /// ΔE below which 99.5 % of pixels fall.
    pub p995_delta_e: f64,
    pub max_delta_e: f64,
    /// Per-pixel ΔE as grey (×10, so ΔE 25 is white).
    pub heat: RgbaImage,
}

/// The image tests' tolerance: Vulkan lavapipe and GL llvmpipe agree to
/// ΔE < 1 on every pixel; other drivers may round differently. A plan
/// change (hairline 5 mm lower, density −20 %) exceeds it
/// (tests/reference_images.rs).
pub const IMAGE_TEST_TOLERANCE: Tolerance = Tolerance { mean_delta_e: 0.03, p995_delta_e: 2.5 };

/// Acceptance: the mean and the 99.5th percentile stay under these.
#[derive(Clone, Copy, Debug)]
pub struct Tolerance {
    pub mean_delta_e: f64,
    pub p995_delta_e: f64,
}

impl ImageDifference {
    pub fn within(&self, t: Tolerance) -> bool {
        self.mean_delta_e <= t.mean_delta_e && self.p995_delta_e <= t.p995_delta_e
    }
}

fn lab(p: &Rgba<u8>) -> [f64; 3] {
    let lin = |c: u8| crate::core::colour::srgb_to_linear(c as f32 / 255.0) as f64;
    let (r, g, b) = (lin(p[0]), lin(p[1]), lin(p[2]));
    // sRGB D65 → XYZ, normalised by the white point.
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| if t > 0.008856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// Compares two images of the same size; `None` if the sizes differ.
pub fn compare(actual: &RgbaImage, reference: &RgbaImage) -> Option<ImageDifference> {
    if actual.dimensions() != reference.dimensions() {
        return None;
    }
    let mut deltas = Vec::with_capacity((actual.width() * actual.height()) as usize);
    let mut heat = RgbaImage::new(actual.width(), actual.height());
    for ((a, r), h) in actual.pixels().zip(reference.pixels()).zip(heat.pixels_mut()) {
        let (la, lr) = (lab(a), lab(r));
        let de = ((la[0] - lr[0]).powi(2) + (la[1] - lr[1]).powi(2) + (la[2] - lr[2]).powi(2)).sqrt();
        let g = (de * 10.0).min(255.0) as u8;
        *h = Rgba([g, g, g, 255]);
        deltas.push(de);
    }
    let mean = deltas.iter().sum::<f64>() / deltas.len().max(1) as f64;
    let max = deltas.iter().copied().fold(0.0, f64::max);
    deltas.sort_by(f64::total_cmp);
    let p995 = deltas.get(((deltas.len() as f64 * 0.995) as usize).min(deltas.len().saturating_sub(1))).copied();
    Some(ImageDifference { mean_delta_e: mean, p995_delta_e: p995.unwrap_or(0.0), max_delta_e: max, heat })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_images_differ_by_nothing_and_a_changed_patch_is_seen() {
        let a = RgbaImage::from_pixel(100, 100, Rgba([200, 180, 150, 255]));
        let d = compare(&a, &a).unwrap();
        assert_eq!((d.mean_delta_e, d.max_delta_e), (0.0, 0.0));
        let mut b = a.clone();
        for y in 0..10 {
            for x in 0..10 {
                b.put_pixel(x, y, Rgba([100, 90, 75, 255]));
            }
        }
        let d = compare(&b, &a).unwrap();
        assert!(d.max_delta_e > 20.0 && d.p995_delta_e > 20.0);
        assert!(!d.within(Tolerance { mean_delta_e: 1.0, p995_delta_e: 10.0 }));
        assert!(compare(&a, &RgbaImage::new(5, 5)).is_none());
    }
}
