//! The treatment plan: what the practitioner decides, as a TOML file
//! (`file`), from a preset (`presets`), rasterised onto the scalp chart as a
//! density map (`density`, `zones`), and seen over time (`aging`).
//! Every default names its source in `DOMAIN.md` (S: published, E: estimate);
//! `docs/plan.md` is the annotated file format.
//!
//! Takes a head with its chart; gives the plan, its density map and the
//! `HeadScene` the GPU draws (`scene`). Owns the aging curve's constants,
//! which the splat shader is generated with. Must not touch the GPU.

pub mod aging;
pub mod brows;
pub mod density;
pub mod file;
pub mod hair;
pub mod overrides;
pub mod presets;
pub mod scars;
pub mod scene;
pub mod skin;
pub mod strokes;
mod validate;

pub use validate::MAX_DENSITY_PER_CM2;
pub mod zones;

use crate::chart::outline::FrontLine;
use serde::{Deserialize, Serialize};

/// Monk Skin Tone scale (2022) in sRGB, MST 1–10 (DOMAIN.md, "Skin tones").
pub const MONK_SRGB: [[u8; 3]; 10] = [
    [0xf6, 0xed, 0xe4],
    [0xf3, 0xe7, 0xdb],
    [0xf7, 0xea, 0xd0],
    [0xea, 0xda, 0xba],
    [0xd7, 0xbd, 0x96],
    [0xa0, 0x7e, 0x56],
    [0x82, 0x5c, 0x43],
    [0x60, 0x41, 0x34],
    [0x3a, 0x31, 0x2a],
    [0x29, 0x24, 0x20],
];

/// Most sessions a plan may hold (the GPU keeps their shares in one uniform).
pub const MAX_SESSIONS: usize = 16;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Plan {
    pub name: String,
    /// One line: what the plan shows.
    pub description: String,
    pub seed: u64,
    pub client: Client,
    pub hairline: Hairline,
    pub zones: Zones,
    /// Remaining hair per zone, shaved to stubble (hairs/cm²; DOMAIN:
    /// natural follicular units 65–110, ≈ 50 near the ears). SMP dots are
    /// placed between these hairs, and the render shows them.
    pub hair: Zones,
    /// Ellipses on the chart: remaining hair left alone, thinning (Ludwig),
    /// alopecia areata patches.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Area>,
    /// Transplant scars to cover.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scars: Vec<Scar>,
    /// Density painted by hand with the live view's brush (chart space).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub strokes: Vec<strokes::BrushStroke>,
    pub sessions: Vec<Session>,
    /// How dots are laid out: irregular blue noise, or (a training mistake)
    /// a regular grid.
    pub placement: Placement,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    BlueNoise,
    Grid,
}

impl Default for Plan {
    /// A full top on a mature hairline in three sessions (DOMAIN defaults).
    fn default() -> Self {
        Self {
            name: "full top, three sessions".into(),
            description: "Norwood V-VI covered to a mature hairline, DOMAIN's default sessions".into(),
            seed: 1,
            client: Client::default(),
            hairline: Hairline::default(),
            zones: Zones::default(),
            // Norwood VI: hair remains in the fringe at the sides and back.
            hair: Zones { front: 0.0, top: 0.0, crown: 0.0, temples: 0.0, sides: 50.0, back: 70.0 },
            areas: Vec::new(),
            scars: Vec::new(),
            strokes: Vec::new(),
            sessions: Session::three(),
            placement: Placement::BlueNoise,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Client {
    /// Monk Skin Tone 1–10, or an sRGB hex colour such as "#d7bd96".
    pub skin_tone: SkinTone,
    pub sun: Sun,
    pub skin_type: SkinType,
    /// The remaining hair's colour, grey share, thickness and stubble.
    pub hair: hair::HairLook,
    /// How much of the face's sun tan the scalp has, 0 to 1: 0 a scalp
    /// that was under hair until the shave, 1 a top as tanned as the face.
    pub scalp_tan: f32,
}

impl Default for Client {
    fn default() -> Self {
        Self {
            skin_tone: SkinTone::Monk(4),
            sun: Sun::Normal,
            skin_type: SkinType::Normal,
            hair: hair::HairLook::default(),
            scalp_tan: skin::DEFAULT_SCALP_TAN,
        }
    }
}

/// Skin colour: a Monk scale step or the client's own measured colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SkinTone {
    Monk(u8),
    Srgb([u8; 3]),
}

impl SkinTone {
    pub fn srgb(&self) -> [u8; 3] {
        match self {
            SkinTone::Monk(m) => MONK_SRGB[(*m).clamp(1, 10) as usize - 1],
            SkinTone::Srgb(c) => *c,
        }
    }

    /// "4" (Monk) or "#d7bd96" (sRGB), as a user types it.
    pub fn parse(text: &str) -> Option<SkinTone> {
        match text.trim().parse::<u8>() {
            Ok(m) if (1..=10).contains(&m) => Some(SkinTone::Monk(m)),
            Ok(_) => None,
            Err(_) => parse_hex(text.trim()).map(SkinTone::Srgb),
        }
    }

    pub fn label(&self) -> String {
        match self {
            SkinTone::Monk(m) => format!("Monk {m}"),
            SkinTone::Srgb([r, g, b]) => format!("#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

impl Serialize for SkinTone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            SkinTone::Monk(m) => s.serialize_u8(*m),
            SkinTone::Srgb(_) => s.serialize_str(&self.label()),
        }
    }
}

impl<'de> Deserialize<'de> for SkinTone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Tone;
        impl serde::de::Visitor<'_> for Tone {
            type Value = SkinTone;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a Monk skin tone 1 to 10, or an sRGB hex colour like \"#d7bd96\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<SkinTone, E> {
                if (1..=10).contains(&v) {
                    Ok(SkinTone::Monk(v as u8))
                } else {
                    Err(E::custom(format!("expected a Monk skin tone 1 to 10, got {v}")))
                }
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<SkinTone, E> {
                self.visit_i64(v.min(i64::MAX as u64) as i64)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<SkinTone, E> {
                parse_hex(v)
                    .map(SkinTone::Srgb)
                    .ok_or_else(|| E::custom(format!("expected an sRGB hex colour like \"#d7bd96\", got \"{v}\"")))
            }
        }
        d.deserialize_any(Tone)
    }
}

fn parse_hex(v: &str) -> Option<[u8; 3]> {
    let h = v.strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// Sun exposure: long-term fade runs faster in strong sun (DOMAIN: × 1.5–2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sun {
    Low,
    Normal,
    High,
}

/// Skin type: dry, flaky or oily scalps fade faster (DOMAIN, long-term fade).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkinType {
    Normal,
    Dry,
    Oily,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HairlineStyle {
    /// Density ramps up over the band, with a few dots scattered in front.
    Soft,
    /// As soft, with an irregular, broken edge.
    Broken,
    /// Full density up to a hard line: a classic mistake, shown to trainees.
    Sharp,
}

/// The front hairline, in millimetres over the skin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Hairline {
    /// Midline height above the brow line (an adult male hairline ≈ 70 mm).
    pub height_above_brow_mm: f32,
    /// How far the corners above the temples sit behind the midline (a
    /// mature hairline recedes there by 1–2 cm).
    pub temple_recession_mm: f32,
    /// A widow's peak: how far the midline point comes forward (0: none).
    pub widows_peak_mm: f32,
    /// Explicit front line instead of the three numbers above: points of
    /// (azimuth in degrees, + to the client's right; height above the brow
    /// in mm) between -60° and 60°.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<[f32; 2]>,
    pub style: HairlineStyle,
    /// Depth of the band over which density ramps up (DOMAIN: 5–10 mm).
    pub band_mm: f32,
    /// Density at the line itself (DOMAIN: the band ramps ≈ 20 → 70 /cm²).
    pub line_per_cm2: f32,
    /// How far in front of the line scattered dots reach (DOMAIN: 2–5 mm).
    pub scatter_mm: f32,
}

impl Hairline {
    /// The line's shape, as the scalp outline draws it.
    pub fn front_line(&self) -> FrontLine<'_> {
        FrontLine {
            height_above_brow_mm: self.height_above_brow_mm,
            temple_recession_mm: self.temple_recession_mm,
            widows_peak_mm: self.widows_peak_mm,
            points: &self.points,
        }
    }
}

impl Default for Hairline {
    fn default() -> Self {
        let typical = FrontLine::TYPICAL;
        Self {
            height_above_brow_mm: typical.height_above_brow_mm,
            temple_recession_mm: typical.temple_recession_mm,
            widows_peak_mm: typical.widows_peak_mm,
            points: Vec::new(),
            style: HairlineStyle::Soft,
            band_mm: 8.0,
            line_per_cm2: 20.0,
            scatter_mm: 3.0,
        }
    }
}

/// Target densities (dots/cm²) per zone of the scalp; 0 leaves a zone alone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Zones {
    /// The first 30 mm behind the hairline.
    pub front: f32,
    pub top: f32,
    /// Crown and vertex: the whorl at the back of the top.
    pub crown: f32,
    /// Above and in front of the ears, behind the temple points.
    pub temples: f32,
    /// Above the ears.
    pub sides: f32,
    /// The back of the head down to the nape.
    pub back: f32,
}

impl Default for Zones {
    /// DOMAIN: ≈ 100 /cm² on top and crown; 50–80 on temples and sides,
    /// matched to remaining hair; the back as the top.
    fn default() -> Self {
        Self { front: 100.0, top: 100.0, crown: 100.0, temples: 80.0, sides: 70.0, back: 90.0 }
    }
}

impl Zones {
    pub fn uniform(per_cm2: f32) -> Self {
        Self { front: per_cm2, top: per_cm2, crown: per_cm2, temples: per_cm2, sides: per_cm2, back: per_cm2 }
    }

    pub fn named(&self) -> [(&'static str, f32); 6] {
        [
            ("front", self.front),
            ("top", self.top),
            ("crown", self.crown),
            ("temples", self.temples),
            ("sides", self.sides),
            ("back", self.back),
        ]
    }

    pub fn max(&self) -> f32 {
        self.named().iter().map(|z| z.1).fold(0.0, f32::max)
    }

    fn scaled(&self, k: f32) -> Self {
        Self {
            front: self.front * k,
            top: self.top * k,
            crown: self.crown * k,
            temples: self.temples * k,
            sides: self.sides * k,
            back: self.back * k,
        }
    }
}

/// An ellipse on the scalp chart (mm; +x the client's right, +y the face).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ellipse {
    pub centre_mm: [f32; 2],
    pub radii_mm: [f32; 2],
    pub angle_deg: f32,
}

impl Ellipse {
    /// Signed distance-like measure: < 1 inside, 1 on the edge.
    pub fn reach(&self, p: glam::Vec2) -> f32 {
        let d = p - glam::Vec2::from(self.centre_mm);
        let (s, c) = self.angle_deg.to_radians().sin_cos();
        let local = glam::Vec2::new(c * d.x + s * d.y, -s * d.x + c * d.y);
        (local / glam::Vec2::from(self.radii_mm)).length()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Area {
    /// Hair remains here: no dots.
    Leave {
        centre_mm: [f32; 2],
        radii_mm: [f32; 2],
        #[serde(default)]
        angle_deg: f32,
    },
    /// Diffuse thinning (Ludwig): existing hairs stay, dots go between them.
    Thinning {
        centre_mm: [f32; 2],
        radii_mm: [f32; 2],
        #[serde(default)]
        angle_deg: f32,
        /// Remaining hairs per cm² (natural follicular units: 65–110).
        hair_per_cm2: f32,
        /// SMP dots per cm² added between them.
        dots_per_cm2: f32,
    },
    /// An alopecia areata patch, treated at its own density.
    Patch {
        centre_mm: [f32; 2],
        radii_mm: [f32; 2],
        #[serde(default)]
        angle_deg: f32,
        dots_per_cm2: f32,
    },
}

impl Area {
    pub fn shape(&self) -> Ellipse {
        match *self {
            Area::Leave { centre_mm, radii_mm, angle_deg }
            | Area::Thinning { centre_mm, radii_mm, angle_deg, .. }
            | Area::Patch { centre_mm, radii_mm, angle_deg, .. } => Ellipse { centre_mm, radii_mm, angle_deg },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Scar {
    /// A linear FUT strip scar across the back of the head.
    FutStrip {
        /// Height of the strip above the nape point (mm).
        height_above_nape_mm: f32,
        /// Scar width (mm; 1–5 typical).
        width_mm: f32,
        /// How far round the head it runs, ear to ear (degrees of azimuth).
        span_deg: f32,
    },
    /// FUE extraction scars: many ~1 mm round spots over a donor area.
    FueField {
        centre_mm: [f32; 2],
        radii_mm: [f32; 2],
        #[serde(default)]
        angle_deg: f32,
        count: u32,
        spot_mm: f32,
    },
}

/// The needle a session uses; sets the healed dot size unless
/// `dot_diameter_mm` is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Needle {
    /// Single needle: heals to 0.10–0.15 mm (DOMAIN, S).
    #[serde(rename = "1RL")]
    Single,
    /// Three-round cluster: heals to 0.25–0.40 mm (DOMAIN, E).
    #[serde(rename = "3RL")]
    ThreeRound,
}

impl Needle {
    pub fn healed_diameter_mm(self) -> f32 {
        match self {
            Needle::Single => 0.13,
            Needle::ThreeRound => 0.32,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Days after the first session (the first is day 0).
    pub day: f32,
    /// Share of the final density placed in this session; touch-ups add
    /// on top of 1.
    pub share: f32,
    #[serde(default = "Session::default_needle")]
    pub needle: Needle,
    /// Healed dot diameter (mm), overriding the needle's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dot_diameter_mm: Option<f32>,
    /// Water parts per pigment part (12 means 12:1). DOMAIN: 20:1 → 12:1 → 8:1.
    pub dilution: f32,
    /// Depth of the pigment (mm). DOMAIN: 0.1–0.3; deeper blows out.
    #[serde(default = "Session::default_depth")]
    pub depth_mm: f32,
}

impl Session {
    fn default_needle() -> Needle {
        Needle::Single
    }
    fn default_depth() -> f32 {
        0.2
    }

    pub fn new(day: f32, share: f32, dilution: f32) -> Self {
        Self { day, share, needle: Needle::Single, dot_diameter_mm: None, dilution, depth_mm: 0.2 }
    }

    /// DOMAIN: three sessions, 7 and 28 days apart; 40 % / 35 % / 25 % of the
    /// density; dilution 20:1 → 12:1 → 8:1.
    pub fn three() -> Vec<Session> {
        vec![Session::new(0.0, 0.40, 20.0), Session::new(7.0, 0.35, 12.0), Session::new(35.0, 0.25, 8.0)]
    }

    pub fn healed_diameter_mm(&self) -> f32 {
        self.dot_diameter_mm.unwrap_or(self.needle.healed_diameter_mm())
    }
}

impl Plan {
    /// The scalp's albedo in linear RGB (`skin::scalp_linear`): what the
    /// dots and the hair are drawn on.
    pub fn skin_linear(&self) -> [f32; 3] {
        skin::scalp_linear(&self.client)
    }

    /// Whether `other` places the same dots: only how they look differs
    /// (skin, sun, dilution, needle, depth, session days), so a renderer
    /// can keep its scatter and redraw in one frame.
    pub fn same_dots(&self, other: &Plan) -> bool {
        let shares = |p: &Plan| p.sessions.iter().map(|s| s.share).collect::<Vec<_>>();
        self.seed == other.seed
            && self.hairline == other.hairline
            && self.zones == other.zones
            && self.hair == other.hair
            && self.areas == other.areas
            && self.scars == other.scars
            && self.strokes == other.strokes
            && self.placement == other.placement
            && shares(self) == shares(other)
    }

    /// When the result has healed: four weeks after the last session
    /// (DOMAIN: settled by ≈ week 4).
    pub fn healed_day(&self) -> f32 {
        self.sessions.last().map_or(0.0, |s| s.day) + aging::SETTLED_DAYS
    }

    /// Sum of the sessions' shares: 1 for a complete treatment, more with
    /// touch-ups.
    pub fn total_share(&self) -> f32 {
        self.sessions.iter().map(|s| s.share).sum()
    }

    /// Scales every density so that the densest zone is `per_cm2`.
    pub fn set_peak_density(&mut self, per_cm2: f32) {
        let peak = self.zones.max();
        let k = if peak > 0.0 { per_cm2 / peak } else { 0.0 };
        if peak > 0.0 {
            self.zones = self.zones.scaled(k);
        } else {
            self.zones = Zones::uniform(per_cm2);
        }
        self.hairline.line_per_cm2 = (self.hairline.line_per_cm2 * k.max(0.0)).min(per_cm2.max(0.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_plan_is_valid() {
        Plan::default().validate().unwrap();
    }

    #[test]
    fn bad_values_name_the_field() {
        type Change = Box<dyn Fn(&mut Plan)>;
        let cases: Vec<(Change, &str)> = vec![
            (Box::new(|p| p.zones.top = f32::NAN), "zones.top: expected a number, got NaN"),
            (Box::new(|p| p.zones.crown = -5.0), "zones.crown: expected 0 to 20000 dots/cm², got -5"),
            (
                Box::new(|p| p.client.skin_tone = SkinTone::Monk(11)),
                "client.skin_tone: expected a Monk skin tone 1 to 10, got 11",
            ),
            (
                Box::new(|p| p.sessions[2].dilution = 0.0),
                "sessions[2].dilution: expected water:pigment of at least 1 (and at most 100), got 0",
            ),
            (
                Box::new(|p| p.sessions[2].day = 3.0),
                "sessions[2].day: sessions must come in order: day 3 is not after day 7",
            ),
            (Box::new(|p| p.sessions.clear()), "sessions: a plan needs at least one session"),
        ];
        for (change, expected) in cases {
            let mut plan = Plan::default();
            change(&mut plan);
            let message = plan.validate().unwrap_err().to_string();
            assert_eq!(message, format!("plan: {expected}"));
        }
    }

    #[test]
    fn skin_tones_are_monk_steps_or_hex() {
        assert_eq!(SkinTone::Monk(5).srgb(), [0xd7, 0xbd, 0x96]);
        assert_eq!(parse_hex("#a07e56"), Some([0xa0, 0x7e, 0x56]));
        assert_eq!(parse_hex("a07e56"), None);
        assert_eq!(parse_hex("#a07e5"), None);
    }
}
