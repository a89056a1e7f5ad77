//! Plan validation: every value checked, the error naming the field (as
//! its TOML key path) and what is wrong.

use super::*;
use crate::chart::outline::{HAIRLINE_AZIMUTH_DEG, HAIRLINE_HEIGHT_MM};
use crate::core::error::{Result, SmpError};

pub(crate) fn bad(field: impl Into<String>, problem: impl Into<String>) -> SmpError {
    SmpError::Plan { field: field.into(), problem: problem.into() }
}

fn check_range(field: &str, value: f32, lo: f32, hi: f32, unit: &str) -> Result<()> {
    if !value.is_finite() {
        return Err(bad(field, format!("expected a number, got {value}")));
    }
    if value < lo || value > hi {
        let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
        return Err(bad(field, format!("expected {lo} to {hi}{unit}, got {value}")));
    }
    Ok(())
}

/// Densities are checked against this ceiling: well past any SMP plan
/// (DOMAIN's densest is ≈ 110 /cm²), yet it lets stress tests reach a
/// million dots on a head.
pub const MAX_DENSITY_PER_CM2: f32 = 20_000.0;

fn check_ellipse(field: &str, e: &Ellipse) -> Result<()> {
    for (k, v) in e.centre_mm.iter().enumerate() {
        check_range(&format!("{field}.centre_mm[{k}]"), *v, -400.0, 400.0, "mm")?;
    }
    for (k, v) in e.radii_mm.iter().enumerate() {
        check_range(&format!("{field}.radii_mm[{k}]"), *v, 0.5, 300.0, "mm")?;
    }
    check_range(&format!("{field}.angle_deg"), e.angle_deg, -360.0, 360.0, "degrees")
}

impl Plan {
    /// Checks every value; the error names the field and what is wrong.
    pub fn validate(&self) -> Result<()> {
        let density = |field: &str, v: f32| check_range(field, v, 0.0, MAX_DENSITY_PER_CM2, "dots/cm²");
        if let SkinTone::Monk(m) = self.client.skin_tone
            && !(1..=10).contains(&m)
        {
            return Err(bad("client.skin_tone", format!("expected a Monk skin tone 1 to 10, got {m}")));
        }
        check_range("client.scalp_tan", self.client.scalp_tan, 0.0, 1.0, "")?;
        let hair = &self.client.hair;
        check_range("client.hair.grey_share", hair.grey_share, 0.0, 1.0, "")?;
        check_range("client.hair.days_since_shave", hair.days_since_shave, 0.0, hair::MAX_DAYS_SINCE_SHAVE, "days")?;
        let h = &self.hairline;
        let (lo, hi) = (*HAIRLINE_HEIGHT_MM.start(), *HAIRLINE_HEIGHT_MM.end());
        check_range("hairline.height_above_brow_mm", h.height_above_brow_mm, lo, hi, "mm")?;
        check_range("hairline.temple_recession_mm", h.temple_recession_mm, 0.0, 50.0, "mm")?;
        check_range("hairline.widows_peak_mm", h.widows_peak_mm, 0.0, 20.0, "mm")?;
        check_range("hairline.band_mm", h.band_mm, 0.0, 40.0, "mm")?;
        check_range("hairline.scatter_mm", h.scatter_mm, 0.0, 15.0, "mm")?;
        density("hairline.line_per_cm2", h.line_per_cm2)?;
        let mut last = f32::NEG_INFINITY;
        for (i, [azimuth, height]) in h.points.iter().enumerate() {
            check_range(
                &format!("hairline.points[{i}][0]"),
                *azimuth,
                *HAIRLINE_AZIMUTH_DEG.start(),
                *HAIRLINE_AZIMUTH_DEG.end(),
                "degrees",
            )?;
            check_range(&format!("hairline.points[{i}][1]"), *height, lo, hi, "mm above the brow")?;
            if *azimuth <= last {
                return Err(bad(format!("hairline.points[{i}]"), "points must go from the client's left to right"));
            }
            last = *azimuth;
        }
        if !h.points.is_empty() && h.points.len() < 3 {
            return Err(bad("hairline.points", "give at least 3 points, or none"));
        }
        for (name, v) in self.zones.named() {
            density(&format!("zones.{name}"), v)?;
        }
        for (name, v) in self.hair.named() {
            check_range(&format!("hair.{name}"), v, 0.0, 300.0, "hairs/cm²")?;
        }
        for (i, area) in self.areas.iter().enumerate() {
            let field = format!("areas[{i}]");
            check_ellipse(&field, &area.shape())?;
            match area {
                Area::Leave { .. } => {}
                Area::Thinning { hair_per_cm2, dots_per_cm2, .. } => {
                    density(&format!("{field}.hair_per_cm2"), *hair_per_cm2)?;
                    density(&format!("{field}.dots_per_cm2"), *dots_per_cm2)?;
                }
                Area::Patch { dots_per_cm2, .. } => density(&format!("{field}.dots_per_cm2"), *dots_per_cm2)?,
            }
        }
        for (i, scar) in self.scars.iter().enumerate() {
            let field = format!("scars[{i}]");
            match scar {
                Scar::FutStrip { height_above_nape_mm, width_mm, span_deg } => {
                    check_range(&format!("{field}.height_above_nape_mm"), *height_above_nape_mm, 0.0, 80.0, "mm")?;
                    check_range(&format!("{field}.width_mm"), *width_mm, 0.5, 20.0, "mm")?;
                    check_range(&format!("{field}.span_deg"), *span_deg, 10.0, 300.0, "degrees")?;
                }
                Scar::FueField { centre_mm, radii_mm, angle_deg, count, spot_mm } => {
                    check_ellipse(
                        &field,
                        &Ellipse { centre_mm: *centre_mm, radii_mm: *radii_mm, angle_deg: *angle_deg },
                    )?;
                    if *count > 20_000 {
                        return Err(bad(
                            format!("{field}.count"),
                            format!("expected at most 20000 scars, got {count}"),
                        ));
                    }
                    check_range(&format!("{field}.spot_mm"), *spot_mm, 0.3, 5.0, "mm")?;
                }
            }
        }
        if self.strokes.len() > strokes::MAX_STROKES {
            return Err(bad(
                "strokes",
                format!(
                    "at most {} brush strokes, got {}: merge them into zones or areas",
                    strokes::MAX_STROKES,
                    self.strokes.len()
                ),
            ));
        }
        for (i, stroke) in self.strokes.iter().enumerate() {
            let field = format!("strokes[{i}]");
            density(&format!("{field}.dots_per_cm2"), stroke.dots_per_cm2)?;
            check_range(&format!("{field}.radius_mm"), stroke.radius_mm, 1.0, 60.0, "mm")?;
            if stroke.path_mm.is_empty() || stroke.path_mm.len() > strokes::MAX_STROKE_POINTS {
                return Err(bad(
                    format!("{field}.path_mm"),
                    format!("expected 1 to {} points, got {}", strokes::MAX_STROKE_POINTS, stroke.path_mm.len()),
                ));
            }
            for (k, [x, y]) in stroke.path_mm.iter().enumerate() {
                check_range(&format!("{field}.path_mm[{k}][0]"), *x, -300.0, 300.0, "mm on the chart")?;
                check_range(&format!("{field}.path_mm[{k}][1]"), *y, -300.0, 300.0, "mm on the chart")?;
            }
        }
        if self.sessions.is_empty() {
            return Err(bad("sessions", "a plan needs at least one session"));
        }
        if self.sessions.len() > MAX_SESSIONS {
            return Err(bad("sessions", format!("at most {MAX_SESSIONS} sessions, got {}", self.sessions.len())));
        }
        let mut previous_day = f32::NEG_INFINITY;
        for (i, s) in self.sessions.iter().enumerate() {
            let field = |name: &str| format!("sessions[{i}].{name}");
            check_range(&field("day"), s.day, 0.0, 36_500.0, "days")?;
            if i == 0 && s.day != 0.0 {
                return Err(bad(field("day"), format!("the first session is day 0, got {}", s.day)));
            }
            if s.day <= previous_day {
                return Err(bad(
                    field("day"),
                    format!("sessions must come in order: day {} is not after day {previous_day}", s.day),
                ));
            }
            previous_day = s.day;
            check_range(&field("share"), s.share, 0.0, 1.0, "of the final density")?;
            if let Some(d) = s.dot_diameter_mm {
                check_range(&field("dot_diameter_mm"), d, 0.02, 5.0, "mm")?;
            }
            if !s.dilution.is_finite() || s.dilution < 1.0 || s.dilution > 100.0 {
                return Err(bad(
                    field("dilution"),
                    format!("expected water:pigment of at least 1 (and at most 100), got {}", s.dilution),
                ));
            }
            check_range(&field("depth_mm"), s.depth_mm, 0.05, 2.0, "mm")?;
        }
        let total: f32 = self.sessions.iter().map(|s| s.share).sum();
        if total <= 0.0 {
            return Err(bad("sessions", "the shares add up to 0: no session places any dots"));
        }
        Ok(())
    }
}
