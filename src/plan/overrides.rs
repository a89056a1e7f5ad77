//! Values a user sets over a plan's own for one render (the command line's
//! `--density`, `--dilution`…): each checked against the range a plan
//! allows and named as the flag the user typed.

use super::hair::{HairColour, MAX_DAYS_SINCE_SHAVE};
use super::{MAX_DENSITY_PER_CM2, Plan, SkinTone};
use crate::chart::outline::HAIRLINE_HEIGHT_MM;
use crate::core::error::{Result, SmpError};

/// Each `Some` replaces the plan's value (for every session, where a
/// session has its own).
#[derive(Clone, Debug, Default)]
pub struct PlanOverrides {
    /// The densest zone's dots/cm²; the other zones scale with it.
    pub density: Option<f32>,
    pub dot_diameter_mm: Option<f32>,
    /// Water parts per pigment part.
    pub dilution: Option<f32>,
    /// A Monk tone 1–10 or an sRGB hex colour.
    pub skin_tone: Option<String>,
    pub hairline_height_mm: Option<f32>,
    pub seed: Option<u64>,
    pub hair_colour: Option<String>,
    pub grey_share: Option<f32>,
    pub days_since_shave: Option<f32>,
    pub scalp_tan: Option<f32>,
}

/// A flag's value within `lo..=hi`, or an error naming the flag.
fn flag(name: &str, value: f32, lo: f32, hi: f32, unit: &str) -> Result<f32> {
    if value.is_finite() && (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(SmpError::Limit { what: format!("--{name} {value}"), problem: format!("expected {lo} to {hi} {unit}") })
    }
}

impl PlanOverrides {
    pub fn apply(&self, plan: &mut Plan) -> Result<()> {
        if let Some(d) = self.density {
            plan.set_peak_density(flag("density", d, 0.0, MAX_DENSITY_PER_CM2, "dots/cm²")?);
        }
        if let Some(d) = self.dot_diameter_mm {
            let d = flag("dot-diameter", d, 0.02, 5.0, "mm")?;
            plan.sessions.iter_mut().for_each(|s| s.dot_diameter_mm = Some(d));
        }
        if let Some(d) = self.dilution {
            let d = flag("dilution", d, 1.0, 100.0, "parts water per part pigment (12 means 12:1)")?;
            plan.sessions.iter_mut().for_each(|s| s.dilution = d);
        }
        if let Some(tone) = &self.skin_tone {
            plan.client.skin_tone = SkinTone::parse(tone).ok_or_else(|| SmpError::Limit {
                what: format!("--skin-tone {tone}"),
                problem: "expected a Monk skin tone 1 to 10, or an sRGB hex colour like #d7bd96".into(),
            })?;
        }
        if let Some(h) = self.hairline_height_mm {
            let (lo, hi) = (*HAIRLINE_HEIGHT_MM.start(), *HAIRLINE_HEIGHT_MM.end());
            plan.hairline.height_above_brow_mm = flag("hairline-height", h, lo, hi, "mm above the brow")?;
        }
        if let Some(seed) = self.seed {
            plan.seed = seed;
        }
        if let Some(name) = &self.hair_colour {
            plan.client.hair.colour = HairColour::parse(name).ok_or_else(|| SmpError::Limit {
                what: format!("--hair-colour {name}"),
                problem: "expected black, dark-brown, brown, light-brown, blond or red".into(),
            })?;
        }
        if let Some(g) = self.grey_share {
            plan.client.hair.grey_share = flag("grey-share", g, 0.0, 1.0, "(a share of the hairs)")?;
        }
        if let Some(d) = self.days_since_shave {
            plan.client.hair.days_since_shave = flag("days-since-shave", d, 0.0, MAX_DAYS_SINCE_SHAVE, "days")?;
        }
        if let Some(t) = self.scalp_tan {
            plan.client.scalp_tan = flag("scalp-tan", t, 0.0, 1.0, "(a share of the face's tan)")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_set_every_session_and_name_the_flag_when_out_of_range() {
        let mut plan = Plan::default();
        let o = PlanOverrides { dilution: Some(8.0), hairline_height_mm: Some(80.0), ..Default::default() };
        o.apply(&mut plan).unwrap();
        assert!(plan.sessions.iter().all(|s| s.dilution == 8.0));
        assert_eq!(plan.hairline.height_above_brow_mm, 80.0);
        let too_low = PlanOverrides { hairline_height_mm: Some(20.0), ..Default::default() };
        let e = too_low.apply(&mut plan).unwrap_err().to_string();
        assert!(e.contains("--hairline-height 20") && e.contains("30 to 120"), "{e}");
        let nan = PlanOverrides { grey_share: Some(f32::NAN), ..Default::default() };
        assert!(nan.apply(&mut plan).unwrap_err().to_string().contains("--grey-share NaN"));
    }
}
