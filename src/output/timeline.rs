//! Moments on the treatment timeline, as the CLI and the contact sheet
//! name them: "1d", "7d", "4w", "6m", "1y", "5y" (days, weeks, months,
//! years after the first session).

use crate::core::error::{Result, SmpError};

pub const DAYS_PER_YEAR: f32 = 365.25;
pub const DAYS_PER_MONTH: f32 = DAYS_PER_YEAR / 12.0;

/// A moment: days after the first session, and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub days: f32,
    /// Short, for file names: "7d", "5y".
    pub tag: String,
    /// For people: "day 7", "5 years".
    pub label: String,
}

/// Parses "7d", "4w", "6m", "5y" or a bare number of days; at most 30 years.
pub fn parse_moment(text: &str) -> Result<Moment> {
    let t = text.trim();
    let bad = |why: &str| SmpError::Limit { what: format!("--at {text}"), problem: why.to_string() };
    let (number, unit) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_lowercase()),
        _ => (t, 'd'),
    };
    let value: f32 = number
        .parse()
        .map_err(|_| bad("expected a time like 1d, 7d, 4w, 6m, 1y or 5y (days, weeks, months, years)"))?;
    let (days, noun) = match unit {
        'd' => (value, "day"),
        'w' => (value * 7.0, "week"),
        'm' => (value * DAYS_PER_MONTH, "month"),
        'y' => (value * DAYS_PER_YEAR, "year"),
        _ => return Err(bad("the unit must be d, w, m or y (days, weeks, months, years)")),
    };
    if !days.is_finite() || !(0.0..=30.0 * DAYS_PER_YEAR).contains(&days) {
        return Err(bad("expected a time from 0 days to 30 years after the first session"));
    }
    let shown = if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value}") };
    let label = match noun {
        "day" => format!("day {shown}"),
        _ if value == 1.0 => format!("1 {noun}"),
        _ => format!("{shown} {noun}s"),
    };
    Ok(Moment { days, tag: format!("{shown}{unit}"), label })
}

/// Renders every (moment, camera) pair: rows are moments, columns cameras.
/// `each` sees every image as it is made (to write it, show progress).
pub fn render_timeline(
    renderer: &mut crate::Renderer,
    moments: &[Moment],
    cameras: &[crate::Camera],
    width: u32,
    height: u32,
    mut each: impl FnMut(usize, usize, &image::RgbaImage) -> Result<()>,
) -> Result<Vec<Vec<image::RgbaImage>>> {
    let mut rows = Vec::with_capacity(moments.len());
    for (t, moment) in moments.iter().enumerate() {
        let mut row = Vec::with_capacity(cameras.len());
        for (c, camera) in cameras.iter().enumerate() {
            let image = renderer.render_at(camera, width, height, moment.days)?;
            each(t, c, &image)?;
            row.push(image);
        }
        rows.push(row);
    }
    Ok(rows)
}

/// The contact sheet of a timeline: cells at most `cell_px` wide, titled
/// with the plan's name, the head's, skin tone and sessions.
pub fn timeline_sheet(
    plan: &crate::Plan,
    head: &str,
    moments: &[Moment],
    view_names: &[String],
    rows: &[Vec<image::RgbaImage>],
    cell_px: u32,
) -> image::RgbaImage {
    let (w, h) = rows.first().and_then(|r| r.first()).map_or((1, 1), |i| i.dimensions());
    let k = (cell_px as f32 / w as f32).min(1.0);
    let (cw, ch) = (((w as f32 * k) as u32).max(1), ((h as f32 * k) as u32).max(1));
    let cells: Vec<Vec<_>> = rows
        .iter()
        .map(|r| r.iter().map(|i| image::imageops::resize(i, cw, ch, image::imageops::FilterType::Triangle)).collect())
        .collect();
    let title =
        format!("{} - {head} - skin {} - {} sessions", plan.name, plan.client.skin_tone.label(), plan.sessions.len());
    let labels: Vec<String> = moments.iter().map(|m| m.label.clone()).collect();
    crate::output::sheet::contact_sheet(&title, &labels, view_names, &cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_parse_with_units_and_labels() {
        let m = parse_moment("5y").unwrap();
        assert_eq!((m.days, m.tag.as_str(), m.label.as_str()), (5.0 * 365.25, "5y", "5 years"));
        assert_eq!(parse_moment("1d").unwrap().label, "day 1");
        assert_eq!(parse_moment("4w").unwrap().days, 28.0);
        assert_eq!(parse_moment("12").unwrap().days, 12.0);
        assert_eq!(parse_moment("1m").unwrap().label, "1 month");
        for bad in ["", "x", "5q", "-1d", "40y", "nand"] {
            assert!(parse_moment(bad).is_err(), "{bad} parsed");
        }
    }
}
