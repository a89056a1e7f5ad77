//! The client's remaining hair as the render draws it: shaft colour, grey
//! share, thickness and the days since the last shave. SMP aims to match
//! this stubble; it is drawn, never faded (DOMAIN, "appearance anchors").

use serde::{Deserialize, Serialize};

/// Hair grows ≈ 0.3–0.4 mm a day (DOMAIN: S); the middle of that range.
pub const GROWTH_MM_PER_DAY: f32 = 0.35;
/// Longest stubble the render draws (days): past ≈ 1 cm hair no longer
/// stands as stubble, and a client comparing with SMP shaves well before.
pub const MAX_DAYS_SINCE_SHAVE: f32 = 30.0;

/// Natural hair colour of the remaining hair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HairColour {
    Black,
    DarkBrown,
    Brown,
    LightBrown,
    Blond,
    Red,
}

impl HairColour {
    pub const ALL: [HairColour; 6] = [
        HairColour::Black,
        HairColour::DarkBrown,
        HairColour::Brown,
        HairColour::LightBrown,
        HairColour::Blond,
        HairColour::Red,
    ];

    /// The shaft's colour, sRGB (E: swatches of natural hair in diffuse
    /// light; a shaft's own melanin sets it, not the skin round it).
    pub fn srgb(self) -> [u8; 3] {
        match self {
            HairColour::Black => [0x1e, 0x19, 0x17],
            HairColour::DarkBrown => [0x36, 0x27, 0x1e],
            HairColour::Brown => [0x55, 0x3b, 0x29],
            HairColour::LightBrown => [0x86, 0x66, 0x48],
            HairColour::Blond => [0xbf, 0x9d, 0x6c],
            HairColour::Red => [0x8c, 0x48, 0x2a],
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            HairColour::Black => "black",
            HairColour::DarkBrown => "dark_brown",
            HairColour::Brown => "brown",
            HairColour::LightBrown => "light_brown",
            HairColour::Blond => "blond",
            HairColour::Red => "red",
        }
    }

    pub fn parse(text: &str) -> Option<HairColour> {
        let text = text.trim().replace('-', "_");
        HairColour::ALL.into_iter().find(|c| c.name() == text)
    }
}

/// A grey (unpigmented) hair's colour, sRGB (E).
pub const GREY_HAIR_SRGB: [u8; 3] = [0xb4, 0xb2, 0xae];

/// Shaft thickness: DOMAIN's 67–120 µm by ancestry (S), ≈ 80 µm typical of
/// European hair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HairType {
    Fine,
    Medium,
    Coarse,
}

impl HairType {
    pub fn shaft_diameter_mm(self) -> f32 {
        match self {
            HairType::Fine => 0.067,
            HairType::Medium => 0.08,
            HairType::Coarse => 0.12,
        }
    }
}

/// The remaining hair's look: `[client.hair]` in a plan file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HairLook {
    pub colour: HairColour,
    /// Share of grey hairs, 0–1.
    pub grey_share: f32,
    #[serde(rename = "type")]
    pub hair_type: HairType,
    /// Days since the head was last shaved: 0 is razor-fresh; the stubble
    /// grows 0.35 mm a day, the SMP does not.
    pub days_since_shave: f32,
}

impl Default for HairLook {
    /// Dark brown, no grey, medium shafts, shaved yesterday: the client of
    /// the before/after photographs DOMAIN's anchors were measured on.
    fn default() -> Self {
        Self { colour: HairColour::DarkBrown, grey_share: 0.0, hair_type: HairType::Medium, days_since_shave: 1.0 }
    }
}

impl HairLook {
    /// Length of each hair above the skin (mm).
    pub fn stubble_mm(&self) -> f32 {
        self.days_since_shave.max(0.0) * GROWTH_MM_PER_DAY
    }

    /// The shaft's colour, linear RGB.
    pub fn albedo_linear(&self) -> [f32; 3] {
        self.colour.srgb().map(|c| crate::core::colour::srgb_to_linear(c as f32 / 255.0))
    }

    pub fn grey_albedo_linear() -> [f32; 3] {
        GREY_HAIR_SRGB.map(|c| crate::core::colour::srgb_to_linear(c as f32 / 255.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_by_name_and_are_ordered_dark_to_light() {
        for c in HairColour::ALL {
            assert_eq!(HairColour::parse(c.name()), Some(c));
        }
        assert_eq!(HairColour::parse("dark-brown"), Some(HairColour::DarkBrown));
        assert_eq!(HairColour::parse("purple"), None);
        let luminance = |c: HairColour| {
            let [r, g, b] = c.srgb().map(|v| crate::core::colour::srgb_to_linear(v as f32 / 255.0));
            0.2126 * r + 0.7152 * g + 0.0722 * b
        };
        let browns =
            [HairColour::Black, HairColour::DarkBrown, HairColour::Brown, HairColour::LightBrown, HairColour::Blond];
        assert!(browns.windows(2).all(|w| luminance(w[0]) < luminance(w[1])));
    }

    #[test]
    fn stubble_grows_a_third_of_a_millimetre_a_day() {
        let mut look = HairLook { days_since_shave: 0.0, ..Default::default() };
        assert_eq!(look.stubble_mm(), 0.0);
        look.days_since_shave = 10.0;
        assert!((look.stubble_mm() - 3.5).abs() < 1e-6);
    }
}
