//! The treatment plan: what the practitioner decides. Defaults come from
//! `DOMAIN.md` (named at each field); the plan issue grows this into zones,
//! several sessions and presets.

pub mod density;

use crate::chart::outline::HairlineShape;
use crate::error::{Result, SmpError};

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

/// One treatment session.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// Days after the first session.
    pub day: f32,
    /// Share of the final density placed in this session.
    pub share: f32,
    /// Healed dot diameter (mm). DOMAIN: 1RL heals to 0.10–0.15 mm.
    pub dot_diameter_mm: f32,
    /// Water parts per pigment part (12 means 12:1). DOMAIN: 20:1 → 12:1 → 8:1.
    pub dilution: f32,
}

impl Default for Session {
    fn default() -> Self {
        Self { day: 0.0, share: 1.0, dot_diameter_mm: 0.13, dilution: 12.0 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub name: String,
    /// Final target density inside the scalp region (dots/cm²).
    /// DOMAIN: ≈ 100 /cm² on top and crown (≈ 1 mm spacing).
    pub density_per_cm2: f32,
    /// Front hairline band where density ramps up from `hairline_start_per_cm2`
    /// (mm). DOMAIN: the front 5–10 mm ramps ≈ 20 → 70 /cm² (soft style).
    pub hairline_band_mm: f32,
    pub hairline_start_per_cm2: f32,
    pub hairline: HairlineShape,
    /// Monk Skin Tone, 1–10.
    pub skin_tone: u8,
    pub sessions: Vec<Session>,
    pub seed: u64,
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            name: "healed full top".into(),
            density_per_cm2: 100.0,
            hairline_band_mm: 8.0,
            hairline_start_per_cm2: 20.0,
            hairline: HairlineShape::default(),
            skin_tone: 4,
            sessions: vec![Session::default()],
            seed: 1,
        }
    }
}

fn bad(field: impl Into<String>, problem: impl Into<String>) -> SmpError {
    SmpError::Plan { field: field.into(), problem: problem.into() }
}

fn check_range(field: &str, value: f32, lo: f32, hi: f32, unit: &str) -> Result<()> {
    if !value.is_finite() {
        return Err(bad(field, format!("expected a number, got {value}")));
    }
    if value < lo || value > hi {
        return Err(bad(field, format!("expected {lo}–{hi} {unit}, got {value}")));
    }
    Ok(())
}

impl Plan {
    /// Checks every value; the error names the field and what is wrong.
    pub fn validate(&self) -> Result<()> {
        check_range("density_per_cm2", self.density_per_cm2, 0.0, 20_000.0, "dots/cm²")?;
        check_range("hairline_band_mm", self.hairline_band_mm, 0.0, 40.0, "mm")?;
        check_range(
            "hairline_start_per_cm2",
            self.hairline_start_per_cm2,
            0.0,
            self.density_per_cm2.max(0.0),
            "dots/cm² (at most the target density)",
        )?;
        check_range("hairline.height_above_brow_mm", self.hairline.height_above_brow_mm, 30.0, 120.0, "mm")?;
        check_range("hairline.temple_recession_mm", self.hairline.temple_recession_mm, 0.0, 50.0, "mm")?;
        if !(1..=10).contains(&self.skin_tone) {
            return Err(bad("skin_tone", format!("expected Monk scale 1–10, got {}", self.skin_tone)));
        }
        if self.sessions.is_empty() {
            return Err(bad("sessions", "a plan needs at least one session"));
        }
        if self.sessions.len() > 255 {
            return Err(bad("sessions", format!("at most 255 sessions, got {}", self.sessions.len())));
        }
        for (i, s) in self.sessions.iter().enumerate() {
            check_range(&format!("sessions[{i}].day"), s.day, 0.0, 36_500.0, "days")?;
            check_range(&format!("sessions[{i}].share"), s.share, 0.0, 1.0, "")?;
            check_range(&format!("sessions[{i}].dot_diameter_mm"), s.dot_diameter_mm, 0.02, 5.0, "mm")?;
            if !s.dilution.is_finite() || s.dilution < 1.0 || s.dilution > 100.0 {
                return Err(bad(
                    format!("sessions[{i}].dilution"),
                    format!("expected water:pigment of 1 to 100, got {}", s.dilution),
                ));
            }
        }
        Ok(())
    }

    /// Skin albedo in linear RGB.
    pub fn skin_linear(&self) -> [f32; 3] {
        MONK_SRGB[(self.skin_tone.clamp(1, 10) - 1) as usize].map(|c| srgb_to_linear(c as f32 / 255.0))
    }
}

pub fn linear_to_srgb(c: f32) -> f32 {
    let c = c.clamp(0.0, 1.0);
    if c <= 0.0031308 { c * 12.92 } else { 1.055 * c.powf(1.0 / 2.4) - 0.055 }
}

pub fn srgb_to_linear(c: f32) -> f32 {
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
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
            (Box::new(|p| p.density_per_cm2 = f32::NAN), "density_per_cm2: expected a number, got NaN"),
            (Box::new(|p| p.density_per_cm2 = -5.0), "density_per_cm2: expected 0–20000 dots/cm², got -5"),
            (Box::new(|p| p.skin_tone = 11), "skin_tone: expected Monk scale 1–10, got 11"),
            (
                Box::new(|p| p.sessions[0].dilution = 0.0),
                "sessions[0].dilution: expected water:pigment of 1 to 100, got 0",
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
}
