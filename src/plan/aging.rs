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
use crate::gpu::frame::{HALO_SCALE, OD_PER_CONCENTRATION, PIGMENT_TINT};

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

/// A remaining hair shaved to stubble, seen from about 1 m: the shaft
/// (≈ 0.08 mm) and its short stub read as a dark dot ≈ 0.12 mm across, the
/// look SMP imitates (estimates; hairs are drawn, not tattooed, never fade).
pub const HAIR_DIAMETER_MM: f32 = 0.12;
pub const HAIR_OD: f32 = 2.5;
pub const HAIR_TINT: [f32; 3] = [0.85, 1.0, 1.2];
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
            core_od: HAIR_OD,
            depth_mm: 0.0,
            fade_per_year: 0.0,
            kind: KIND_HAIR,
            _pad: [0.0; 2],
        }
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
        // Hairs have a soft shadow; a scar's edge is its own.
        let (tint, halo_scale) = if s.kind == KIND_HAIR { (HAIR_TINT, HALO_SCALE) } else { ([1.0; 3], 1.0) };
        return Some(DotLook { diameter_mm: s.healed_diameter_mm, od: s.core_od, tint, halo_scale });
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
    // Deeper and older pigment reads cooler: the dermis over it absorbs red.
    let cool = (0.03 * years + 2.0 * (s.depth_mm - 0.2).max(0.0) + 0.6 * blowout).min(1.0);
    let tint = [PIGMENT_TINT[0] + 0.25 * cool, PIGMENT_TINT[1], PIGMENT_TINT[2] - 0.15 * cool];
    Some(DotLook {
        diameter_mm: s.healed_diameter_mm * size,
        od: s.core_od * darkness,
        tint,
        halo_scale: HALO_SCALE * (1.0 + 0.3 * blowout),
    })
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
        assert!(a.tint[0] > b.tint[0] && a.tint[2] < b.tint[2], "blowout is cooler");
        // Thin ink is lighter and fades sooner.
        let thin = SessionParams::pigment(&plan, &Session::new(0.0, 1.0, 20.0));
        assert!(thin.core_od < normal.core_od && thin.fade_per_year > normal.fade_per_year);
    }

    #[test]
    fn the_splat_shader_uses_the_same_constants() {
        let source = crate::gpu::shaders::Stage::Splat.source();
        for (name, value) in [
            ("SCAB_DAYS", SCAB_DAYS),
            ("SETTLED_DAYS", SETTLED_DAYS),
            ("SCAB_SIZE", SCAB_SIZE),
            ("BLOWOUT_DEPTH_MM", BLOWOUT_DEPTH_MM),
        ] {
            assert!(source.contains(&format!("const {name}: f32 = {value:?};")), "{name} differs in splat.wgsl");
        }
        assert!(source.contains("const SCAB_DARKNESS: f32 = 1.4285714;") && (SCAB_DARKNESS - 1.428_571_4).abs() < 1e-6);
        let [r, g, b] = HAIR_TINT;
        assert!(source.contains(&format!("const HAIR_TINT: vec3<f32> = vec3({r:?}, {g:?}, {b:?});")));
    }
}
