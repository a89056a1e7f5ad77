//! How a dot looks over time: one pure function of (the dot's session, the
//! client, days since the first session). The splat shader runs the same
//! function (`dot_look` in `shaders/splat.wgsl`) per dot, so scrubbing the
//! timeline costs one frame; this is its CPU reference.
//!
//! The curve, from DOMAIN.md:
//! - days 0–2 the dot is a scab: ≈ 1.75 × the healed diameter (1.5–2 ×) and
//!   1 / 0.7 × the healed darkness (healed = fresh × 0.6–0.8); days 3–7 it
//!   flakes, weeks 3–4 it lightens, settled by ≈ week 4;
//! - then it fades ≈ 7 % of its contrast a year (70 % left at 5 years),
//!   × 1.75 in strong sun (1.5–2), × 1.3 on dry or oily scalps (E), faster
//!   for thin dilutions (E: the training case "too light a dilution");
//! - it spreads: + 15 % diameter in the first year (10–20 %), slowly after;
//! - it turns cooler (blue-grey) with the years and the deeper it sits;
//! - placed deeper than 0.3 mm (DOMAIN: pigment belongs at 0.1–0.3 mm) it
//!   blows out: up to 3 × the diameter (2–5 ×), lighter, a soft blue-grey edge.

use super::{Plan, Session, SkinType, Sun};

/// What a session's dots are: pigment, remaining hair (thinning areas), or a
/// scar mark (paler skin).
pub const KIND_PIGMENT: u32 = 0;
pub const KIND_HAIR: u32 = 1;
pub const KIND_SCAR: u32 = 2;

/// Long-term fade per year with normal sun and skin: 70 % left at 5 years.
pub const FADE_PER_YEAR: f32 = 0.071_334_95; // -ln(0.7) / 5
pub const SCAB_DAYS: f32 = 2.0;
pub const SETTLED_DAYS: f32 = 28.0;
pub const SCAB_SIZE: f32 = 1.75;
pub const SCAB_DARKNESS: f32 = 1.0 / 0.7;
pub const BLOWOUT_DEPTH_MM: f32 = 0.3;

/// Remaining hair: the shaft (DOMAIN: ≈ 80 µm typical); the splat draws
/// hairs from the plan's `client.hair` (`shaders/hair.wgsl`), never faded.
pub const HAIR_DIAMETER_MM: f32 = 0.08;

/// Darkness of a dot's core: optical density per unit of pigment
/// concentration 1/(1 + water parts). Chosen (E) so an 8:1 core is black
/// (OD 3.3) and a 20:1 core dark grey (OD 1.4), DOMAIN's course scale.
pub const OD_PER_CONCENTRATION: f32 = 30.0;
/// What a dot takes from the skin round it: red light travels a millimetre
/// or more sideways in the dermis before it comes back (green a few tenths,
/// blue hardly at all), so each dot also dims a wide disc of the skin's
/// red, and a field of dots greys the scalp, as in the photographs where
/// the red share falls 14–18 % (DOMAIN; 13.6–18 % here on Monk 1–6, see
/// `docs/plan.md`). The disc: this many × the dot's diameter, at this share
/// of its density, taking this much of each channel (E, values set with
/// `smp look` against those photographs; blue is left alone so that on the
/// skin's orange the field turns grey, not olive).
pub const HALO_SCALE: f32 = 20.0;
pub const HALO_OD: f32 = 0.048;
pub const HALO_CHANNELS: [f32; 3] = [1.0, 0.45, 0.0];
/// Dermal blur of the pigment (mm on the skin; E, epidermis 60–100 µm).
pub const DERMAL_BLUR_MM: f32 = 0.06;
/// Depth (mm) from which each channel's remitted light comes back, red,
/// green, blue: an absorber at depth z darkens channel c by exp(-z / d_c)
/// of what it would on the surface. Red reaches millimetres into the
/// dermis; haemoglobin takes green and melanin and blood blue within its
/// top few tenths (Anderson & Parrish 1981, "The optics of human skin").
/// So buried carbon and buried hair take red from the skin and read grey.
/// The order is the physics; the values are E, set with `smp look` against
/// DOMAIN's photograph pairs.
pub const SEE_DEPTH_MM: [f32; 3] = [1.6, 1.2, 0.7];

/// A scar mark's optical density: negative, paler than the skin round it.
pub const SCAR_OD: f32 = -0.06;

/// A session's dots as the splat reads them. WGSL twin: `SessionParams` in
/// `shaders/common.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct SessionParams {
    pub day: f32,
    pub healed_diameter_mm: f32,
    /// Optical density of a healed dot's core.
    pub core_od: f32,
    pub depth_mm: f32,
    /// Fraction of contrast lost per year, as an exponential rate.
    pub fade_per_year: f32,
    pub kind: u32,
    pub _pad: [f32; 2],
}
const _: () = assert!(std::mem::size_of::<SessionParams>() == 32);

impl SessionParams {
    pub fn pigment(plan: &Plan, session: &Session) -> Self {
        let sun = match plan.client.sun {
            Sun::Low => 0.8,
            Sun::Normal => 1.0,
            Sun::High => 1.75,
        };
        let skin = match plan.client.skin_type {
            SkinType::Normal => 1.0,
            SkinType::Dry | SkinType::Oily => 1.3,
        };
        // Thinner ink (more water) holds less pigment and fades sooner.
        let dilution = (1.0 + 0.03 * (session.dilution - 12.0)).max(0.7);
        Self {
            day: session.day,
            healed_diameter_mm: session.healed_diameter_mm(),
            core_od: OD_PER_CONCENTRATION / (1.0 + session.dilution),
            depth_mm: session.depth_mm,
            fade_per_year: FADE_PER_YEAR * sun * skin * dilution,
            kind: KIND_PIGMENT,
            _pad: [0.0; 2],
        }
    }

    pub fn hair() -> Self {
        Self {
            day: 0.0,
            healed_diameter_mm: HAIR_DIAMETER_MM,
            core_od: 0.0,
            depth_mm: 0.0,
            fade_per_year: 0.0,
            kind: KIND_HAIR,
            _pad: [0.0; 2],
        }
    }

    /// Dots that never appear: a layer a frame leaves out (its day lies
    /// past any timeline).
    pub fn absent() -> Self {
        Self { day: 1e30, ..Self::hair() }
    }

    /// `diameter_mm`: the scar spot's (or a strip's stroke) width.
    pub fn scar(diameter_mm: f32) -> Self {
        Self {
            day: 0.0,
            healed_diameter_mm: diameter_mm,
            core_od: SCAR_OD,
            depth_mm: 0.0,
            fade_per_year: 0.0,
            kind: KIND_SCAR,
            _pad: [0.0; 2],
        }
    }
}

/// How one session's dots look at a moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotLook {
    pub diameter_mm: f32,
    /// Optical density of the core (before the per-channel tint).
    pub od: f32,
    pub tint: [f32; 3],
    /// Halo radius over core radius: larger for a blown-out, soft dot.
    pub halo_scale: f32,
}

/// Healing: 1 while the scab holds (days 0–2), falling to 0 by week 4.
pub fn healing(age_days: f32) -> f32 {
    let t = 1.0 - (age_days.max(SCAB_DAYS) / SCAB_DAYS).ln() / (SETTLED_DAYS / SCAB_DAYS).ln();
    t.clamp(0.0, 1.0).powf(1.5)
}

/// The look of a session's dots `days` after the first session; `None`
/// before the session has happened. Mirrors `dot_look` in `splat.wgsl`.
pub fn dot_look(s: &SessionParams, days: f32) -> Option<DotLook> {
    let age = days - s.day;
    if age < 0.0 {
        return None;
    }
    if s.kind != KIND_PIGMENT {
        // Hair is drawn by its own shader; a scar mark lies on the surface.
        return Some(DotLook { diameter_mm: s.healed_diameter_mm, od: s.core_od, tint: [1.0; 3], halo_scale: 1.0 });
    }
    let fresh = healing(age);
    let years = age / 365.25;
    let spread = 1.0 + 0.15 * (1.0 - (-2.0 * years).exp()) + 0.02 * years;
    let fade = (-s.fade_per_year * years).exp();
    let blowout = ((s.depth_mm - BLOWOUT_DEPTH_MM) / BLOWOUT_DEPTH_MM).clamp(0.0, 1.0);
    let size = (1.0 + (SCAB_SIZE - 1.0) * fresh) * spread * (1.0 + 2.0 * blowout);
    // Spreading moves the same pigment over more skin: density per area
    // falls with the square of the spread, so fading alone sets contrast.
    let darkness = (1.0 + (SCAB_DARKNESS - 1.0) * fresh) * fade / (spread * spread * (1.0 + 2.5 * blowout));
    Some(DotLook {
        diameter_mm: s.healed_diameter_mm * size,
        od: s.core_od * darkness,
        tint: reach(seen_depth_mm(s.depth_mm, years, blowout, fresh)),
        halo_scale: HALO_SCALE * (1.0 + 0.3 * blowout),
    })
}

/// How deep the pigment reads (mm): where it was placed, a little deeper
/// each year as the dermis remodels round it (E: 0.03 mm a year, the
/// "cooler with the years" of DOMAIN), deeper still blown out; a fresh
/// scab lies on the surface.
pub fn seen_depth_mm(depth_mm: f32, years: f32, blowout: f32, fresh: f32) -> f32 {
    (depth_mm + 0.03 * years + 0.3 * blowout) * (1.0 - fresh)
}

/// The share of each channel's remitted light that passes `depth_mm`: what
/// an opaque absorber there takes from the skin's colour.
pub fn reach(depth_mm: f32) -> [f32; 3] {
    SEE_DEPTH_MM.map(|d| (-depth_mm / d).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Client;

    fn session(plan: &Plan) -> SessionParams {
        SessionParams::pigment(plan, &Session::new(0.0, 1.0, 12.0))
    }

    /// Darkness and size relative to the healed dot at week 4.
    fn relative(s: &SessionParams, days: f32) -> (f32, f32) {
        let healed = dot_look(s, SETTLED_DAYS).unwrap();
        let now = dot_look(s, days).unwrap();
        (now.od / healed.od, now.diameter_mm / healed.diameter_mm)
    }

    #[test]
    fn the_curve_follows_domain_numbers() {
        let s = session(&Plan::default());
        let close =
            |got: f32, want: f32, tol: f32, what: &str| assert!((got - want).abs() <= tol, "{what}: {got} vs {want}");
        // Days 0–2: a scab 1.5–2 × the healed size, healed = fresh × 0.6–0.8.
        let (dark, size) = relative(&s, 1.0);
        // (A month of spread is in the healed size: 1.75 / 1.023.)
        close(size, 1.711, 0.01, "scab size");
        // (A month's spread thins the healed dot a little: 0.7 / 1.023².)
        close(1.0 / dark, 0.669, 0.01, "healed over fresh darkness");
        // Flaking in week 1, lightening through weeks 3–4, then settled.
        let d7 = relative(&s, 7.0).0;
        let d21 = relative(&s, 21.0).0;
        assert!(1.05 < d7 && d7 < 1.3 && 1.0 < d21 && d21 < d7, "week 1 {d7}, week 3 {d21}");
        close(relative(&s, 28.0).0, 1.0, 1e-6, "settled at week 4");
        // ≈ 70 % of the contrast at 5 years, normal sun and skin: the
        // pigment left (darkness × area) is what fades; spreading keeps it.
        let pigment = |days: f32| {
            let (dark, size) = relative(&s, days);
            dark * size * size
        };
        close(pigment(5.0 * 365.25 + 28.0), 0.70, 0.01, "5 years");
        // + 10–20 % diameter in year 1.
        let growth = relative(&s, 365.25 + 28.0).1;
        assert!((1.10..=1.20).contains(&growth), "year-1 growth {growth}");
        // Strong sun: × 1.5–2 the fade.
        let sunny = Plan { client: Client { sun: Sun::High, ..Client::default() }, ..Plan::default() };
        let (dark, size) = relative(&session(&sunny), 5.0 * 365.25 + 28.0);
        let left = dark * size * size;
        assert!((0.7f32.powf(2.0)..0.7f32.powf(1.5)).contains(&left), "5 years in strong sun: {left}");
        // Dry skin fades faster.
        let dry = Plan { client: Client { skin_type: SkinType::Dry, ..Client::default() }, ..Plan::default() };
        assert!(relative(&session(&dry), 5.0 * 365.25).0 < relative(&s, 5.0 * 365.25).0);
    }

    #[test]
    fn later_sessions_do_not_exist_before_their_day_and_deep_pigment_blows_out() {
        let plan = Plan::default();
        let second = SessionParams::pigment(&plan, &plan.sessions[1]);
        assert!(dot_look(&second, 6.9).is_none());
        assert!(dot_look(&second, 7.0).is_some());
        let deep = SessionParams::pigment(&plan, &Session { depth_mm: 0.6, ..Session::new(0.0, 1.0, 12.0) });
        let normal = session(&plan);
        let (a, b) = (dot_look(&deep, 60.0).unwrap(), dot_look(&normal, 60.0).unwrap());
        let ratio = a.diameter_mm / b.diameter_mm;
        assert!((2.0..=5.0).contains(&ratio), "blowout diameter × {ratio}");
        // Cooler: red keeps more of its share than green, blue less.
        assert!(a.tint[0] / a.tint[1] > b.tint[0] / b.tint[1], "blowout is cooler");
        assert!(a.tint[2] / a.tint[1] <= b.tint[2] / b.tint[1], "blowout is cooler");
        assert!(a.tint[1] < b.tint[1], "blown-out pigment reads lighter through more skin");
        // Thin ink is lighter and fades sooner.
        let thin = SessionParams::pigment(&plan, &Session::new(0.0, 1.0, 20.0));
        assert!(thin.core_od < normal.core_od && thin.fade_per_year > normal.fade_per_year);
    }
}
