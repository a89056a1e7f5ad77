//! `--plan`, `--preset` and the flags that override a plan's values,
//! shared by every command that lays a plan on a head.

use crate::core::error::SmpError;
use crate::plan::Plan;
use crate::plan::overrides::PlanOverrides;
use clap::Args;
use std::path::PathBuf;

/// Where the plan comes from, and values the command line overrides.
#[derive(Args, Clone, Debug)]
pub struct PlanArgs {
    /// Plan file (TOML; `smp plan new` writes one).
    #[arg(long, conflicts_with = "preset")]
    pub plan: Option<PathBuf>,
    /// Preset plan (`smp presets` lists them). Default: DOMAIN's full top in three sessions.
    #[arg(long)]
    pub preset: Option<String>,
    /// Density of the densest zone, dots per cm² (others scale with it; ≈ 100 on a healed top).
    #[arg(long, allow_negative_numbers = true)]
    pub density: Option<f32>,
    /// Healed dot diameter in mm for every session (a single-needle 1RL dot heals to 0.10–0.15 mm).
    #[arg(long, allow_negative_numbers = true)]
    pub dot_diameter: Option<f32>,
    /// Pigment dilution for every session, water parts per pigment part (12 = 12:1; 20:1 light to 6:1 dark).
    #[arg(long, allow_negative_numbers = true)]
    pub dilution: Option<f32>,
    /// Skin tone: Monk scale 1 (lightest) to 10 (darkest), or an sRGB hex colour like "#d7bd96".
    #[arg(long)]
    pub skin_tone: Option<String>,
    /// Hairline height above the brow line, mm over the skin.
    #[arg(long, allow_negative_numbers = true)]
    pub hairline_height: Option<f32>,
    /// Random seed: the same seed gives the same dots.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Colour of the remaining hair: black, dark-brown, brown, light-brown, blond, red.
    #[arg(long)]
    pub hair_colour: Option<String>,
    /// Share of grey hairs, 0 to 1.
    #[arg(long, allow_negative_numbers = true)]
    pub grey_share: Option<f32>,
    /// Days since the head was shaved (0 = razor-fresh, up to 30): the stubble grows 0.35 mm a day.
    #[arg(long, allow_negative_numbers = true)]
    pub days_since_shave: Option<f32>,
    /// How much of the face's sun tan the scalp has, 0 (under hair until the shave) to 1 (as tanned as the face).
    #[arg(long, allow_negative_numbers = true)]
    pub scalp_tan: Option<f32>,
}

impl PlanArgs {
    /// The plan from its file, preset or the default, with the flags'
    /// values laid over it, validated.
    pub fn plan(&self) -> Result<Plan, SmpError> {
        let mut plan = match (&self.plan, &self.preset) {
            (Some(path), _) => crate::plan::file::load(path)?,
            (None, Some(name)) => crate::plan::presets::preset(name)?,
            (None, None) => Plan::default(),
        };
        let overrides = PlanOverrides {
            density: self.density,
            dot_diameter_mm: self.dot_diameter,
            dilution: self.dilution,
            skin_tone: self.skin_tone.clone(),
            hairline_height_mm: self.hairline_height,
            seed: self.seed,
            hair_colour: self.hair_colour.clone(),
            grey_share: self.grey_share,
            days_since_shave: self.days_since_shave,
            scalp_tan: self.scalp_tan,
        };
        overrides.apply(&mut plan)?;
        plan.validate()?;
        Ok(plan)
    }
}
