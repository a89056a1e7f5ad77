//! Colour: the sRGB transfer curve and the heat maps' viridis scale, here
//! once for every stage (the WGSL twins are generated from these; see
//! `gpu::shaders`).

/// The sRGB encoding of a linear value (IEC 61966-2-1), clamped to [0, 1].
pub fn linear_to_srgb(c: f32) -> f32 {
    let c = c.clamp(0.0, 1.0);
    if c <= 0.0031308 { c * 12.92 } else { 1.055 * c.powf(1.0 / 2.4) - 0.055 }
}

/// The linear value of an sRGB-encoded one.
pub fn srgb_to_linear(c: f32) -> f32 {
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

/// Viridis at nine stops, sRGB (matplotlib's, public domain): perceptually
/// even, readable in grey and by most colour-blind people.
pub const VIRIDIS: [[u8; 3]; 9] = [
    [68, 1, 84],
    [71, 45, 123],
    [59, 82, 139],
    [44, 114, 142],
    [33, 145, 140],
    [40, 174, 128],
    [94, 201, 98],
    [173, 220, 48],
    [253, 231, 37],
];

/// Viridis at `t` in [0, 1] (clamped), sRGB, interpolated between the
/// stops in sRGB as the GPU's heat view does before decoding.
pub fn viridis(t: f32) -> [u8; 3] {
    let f = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f32;
    let i = (f as usize).min(VIRIDIS.len() - 2);
    let k = f - i as f32;
    let c = |j: usize| VIRIDIS[i][j] as f32 + (VIRIDIS[i + 1][j] as f32 - VIRIDIS[i][j] as f32) * k;
    [c(0) as u8, c(1) as u8, c(2) as u8]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srgb_round_trips() {
        for k in 0..=255 {
            let c = k as f32 / 255.0;
            assert!((linear_to_srgb(srgb_to_linear(c)) - c).abs() < 1e-5, "{c}");
        }
    }

    #[test]
    fn viridis_ends_on_its_stops() {
        assert_eq!(viridis(0.0), VIRIDIS[0]);
        assert_eq!(viridis(1.0), VIRIDIS[8]);
        assert_eq!(viridis(-3.0), VIRIDIS[0]);
    }
}
