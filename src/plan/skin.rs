//! The client's skin as the renderer colours it: the face from the plan's
//! skin tone with the blood of living skin, the scalp paler where it has not
//! seen the sun (`client.scalp_tan`), and how blood reddens lips, nose,
//! cheeks and ears (the per-vertex share comes from `chart::skin_map`).

use super::{Client, SkinTone};

use crate::core::colour::srgb_to_linear;

/// What a unit of blood takes from each channel, red, green, blue:
/// haemoglobin absorbs green (its 542/577 nm bands) and blue, hardly red
/// (E: the shape of oxy-haemoglobin's absorption, Anderson & Parrish 1981;
/// blue as much as green, which keeps Monk 1–2 from turning magenta).
pub const BLOOD_ABSORB: [f32; 3] = [0.0, 0.30, 0.30];

/// Red over green (linear light) of living skin at least: the median of
/// the bare scalps and faces in `../shared/photos` (1.28–1.96, measured in
/// session 7 on 9 patches of 7 photographs). The Monk swatches are flat
/// display colours (Monk 1–4: 1.09–1.17), so a Monk step is drawn with
/// blood added until it reaches this; a measured sRGB colour is kept as is.
pub const LIVING_RED_TO_GREEN: f32 = 1.45;

/// What a summer's tan does to each channel of the face against skin that
/// was under hair (E: melanin absorbs more towards blue; a face a little
/// over one Monk step darker than the scalp under its hair).
pub const TAN_TINT: [f32; 3] = [0.90, 0.84, 0.76];

/// Default share of the face's tan the scalp has (E: an SMP client's top
/// has been shaved or bald a while; the sides were under hair until the
/// shave).
pub const DEFAULT_SCALP_TAN: f32 = 0.5;

fn luminance(c: [f32; 3]) -> f32 {
    0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
}

/// The face's colour (linear RGB) for a skin tone: a Monk swatch with the
/// blood of living skin added at the swatch's own luminance (Monk 1–3:
/// up to 12 % darker, their red being near 1 already); a measured
/// sRGB colour as it is.
pub fn face_linear(tone: SkinTone) -> [f32; 3] {
    let swatch = tone.srgb().map(|c| srgb_to_linear(c as f32 / 255.0));
    let SkinTone::Monk(_) = tone else { return swatch };
    let red_to_green = swatch[0] / swatch[1].max(1e-6);
    if red_to_green >= LIVING_RED_TO_GREEN {
        return swatch;
    }
    let blood = (LIVING_RED_TO_GREEN / red_to_green).ln() / BLOOD_ABSORB[1];
    let tinted: [f32; 3] = std::array::from_fn(|c| swatch[c] * (-BLOOD_ABSORB[c] * blood).exp());
    // As light as the swatch, or as near as a red of 1 allows (Monk 1–3).
    let scale = (luminance(swatch) / luminance(tinted)).min(1.0 / tinted[0]);
    tinted.map(|c| c * scale)
}

/// What the face has that the scalp under hair has not, per channel: the
/// face's colour over the scalp's (`TAN_TINT` to the power of the share
/// of the tan the scalp lacks, unless the scalp had to be held below 1).
pub fn face_tint(client: &Client) -> [f32; 3] {
    let face = face_linear(client.skin_tone);
    let scalp = scalp_linear(client);
    std::array::from_fn(|c| face[c] / scalp[c].max(1e-6))
}

/// How much of the blood below shows through the skin's melanin: the
/// face's luminance's square root (E: 0.9 on Monk 1, 0.3 on Monk 10),
/// so dark skin's lips and cheeks are barely redder than its forehead.
pub fn blood_seen(client: &Client) -> f32 {
    luminance(face_linear(client.skin_tone)).sqrt()
}

/// The scalp's colour (linear RGB): the face's without the tan it lacks,
/// scaled down as a whole where a channel would pass 1 (the lightest
/// tones). What the dots and hair are drawn on.
pub fn scalp_linear(client: &Client) -> [f32; 3] {
    let face = face_linear(client.skin_tone);
    let untanned: [f32; 3] = std::array::from_fn(|c| face[c] / TAN_TINT[c].powf(1.0 - client.scalp_tan));
    let brightest = untanned.iter().fold(1.0f32, |m, &c| m.max(c));
    untanned.map(|c| c / brightest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monk_steps_get_living_redness_at_their_own_lightness() {
        for m in 1..=10u8 {
            let swatch = SkinTone::Monk(m).srgb().map(|c| srgb_to_linear(c as f32 / 255.0));
            let face = face_linear(SkinTone::Monk(m));
            assert!(face[0] / face[1] >= LIVING_RED_TO_GREEN - 1e-3, "Monk {m}: {face:?}");
            let lightness = luminance(face) / luminance(swatch);
            assert!((0.85..=1.001).contains(&lightness), "Monk {m}: {lightness}");
            if m >= 4 {
                assert!(lightness > 0.999, "Monk {m}: {lightness}");
            }
            assert!(face.iter().all(|c| (0.0..=1.0).contains(c)));
        }
        // Monk 7 is red enough already; a measured colour is kept.
        let seven = SkinTone::Monk(7);
        assert_eq!(face_linear(seven), seven.srgb().map(|c| srgb_to_linear(c as f32 / 255.0)));
        let measured = SkinTone::Srgb([0xea, 0xda, 0xba]);
        assert_eq!(face_linear(measured), measured.srgb().map(|c| srgb_to_linear(c as f32 / 255.0)));
    }

    #[test]
    fn the_scalp_is_paler_than_the_face_unless_it_has_the_same_tan() {
        let client = Client::default();
        let face = face_linear(client.skin_tone);
        let scalp = scalp_linear(&client);
        assert!((0..3).all(|c| scalp[c] > face[c]), "{scalp:?} {face:?}");
        // Bluer: a tan takes most from blue.
        assert!(scalp[2] / scalp[0] > face[2] / face[0]);
        let tanned = Client { scalp_tan: 1.0, ..Client::default() };
        assert_eq!(scalp_linear(&tanned), face);
        // The raster draws the face as scalp × tint: the face, exactly.
        for m in 1..=10 {
            for scalp_tan in [0.0, 0.5, 1.0] {
                let client = Client { skin_tone: SkinTone::Monk(m), scalp_tan, ..Client::default() };
                let (scalp, tint, face) = (scalp_linear(&client), face_tint(&client), face_linear(client.skin_tone));
                for c in 0..3 {
                    assert!((scalp[c] * tint[c] - face[c]).abs() < 1e-5, "Monk {m}, tan {scalp_tan}");
                    assert!(scalp[c] <= 1.0 && tint[c] <= 1.0 + 1e-6);
                }
            }
        }
    }
}
