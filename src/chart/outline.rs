//! The hair-bearing scalp region in chart space: the front hairline with its
//! temple points, the fringe above the ears and the nape. Written as the
//! boundary's distance from the vertex per azimuth, interpolated smoothly.

use super::ScalpChart;
use crate::core::landmarks::HeadLandmarks;
use glam::Vec2;
use std::f32::consts::PI;

/// The front hairline's shape as the outline draws it; the plan's
/// `Hairline` gives it (`Hairline::front_line`), with how dense the line
/// is, which the outline does not need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrontLine<'a> {
    /// Midline height above the brow line, mm over the skin.
    pub height_above_brow_mm: f32,
    /// How far the corners above the temples sit behind the midline.
    pub temple_recession_mm: f32,
    /// How far a widow's peak comes forward at the midline (0: none).
    pub widows_peak_mm: f32,
    /// Explicit points (azimuth °, mm above the brow) instead of the three
    /// numbers above, when not empty.
    pub points: &'a [[f32; 2]],
}

impl FrontLine<'static> {
    /// An adult male hairline: 70 mm above the brow, corners receding
    /// 12 mm (a mature hairline recedes there by 1–2 cm). Where the skin
    /// grew hair before any loss (`SkinMap`), and the plan's default.
    pub const TYPICAL: FrontLine<'static> =
        FrontLine { height_above_brow_mm: 70.0, temple_recession_mm: 12.0, widows_peak_mm: 0.0, points: &[] };
}

/// The heights above the brow (mm) a hairline may sit at, and the
/// azimuths (°, + to the client's right) its explicit points may span.
pub const HAIRLINE_HEIGHT_MM: std::ops::RangeInclusive<f32> = 30.0..=120.0;
pub const HAIRLINE_AZIMUTH_DEG: std::ops::RangeInclusive<f32> = -60.0..=60.0;

/// The boundary of the scalp region: distance from the vertex (mm) at
/// control azimuths, periodic Catmull–Rom between them.
#[derive(Clone, Debug)]
pub struct ScalpOutline {
    /// (azimuth in radians, boundary distance in mm), sorted, covering (-π, π].
    control: Vec<(f32, f32)>,
}

impl ScalpOutline {
    pub fn new(chart: &ScalpChart, landmarks: &HeadLandmarks, hairline: FrontLine) -> Self {
        let rho = |p| chart.chart_of_point(p).length();
        let brow = rho(landmarks.brow);
        let nape = rho(landmarks.nape);
        let front = brow - hairline.height_above_brow_mm;
        let rec = hairline.temple_recession_mm;
        // Behind the ears the hair ends on a neckline: steep behind the ear,
        // nearly level across the nape, placed by height on the skin rather
        // than by distance from the vertex.
        let ear_mid_y = 0.5 * (landmarks.ear_top_left.y + landmarks.ear_top_right.y) - 25.0;
        let neckline = |deg: f32| {
            let t = ((180.0 - deg.abs()) / 65.0).clamp(0.0, 1.0);
            let y = landmarks.nape.y + (ear_mid_y - landmarks.nape.y) * t.powi(3);
            chart.arc_length_at_height(deg.to_radians(), y)
        };
        let side = |ear: f32, sign: f32| {
            // (azimuth in degrees, distance): hairline corner, temple point,
            // fringe above the ear, then the neckline behind the ear.
            let mut points = vec![
                (20.0, front + 0.15 * rec),
                (40.0, front + 0.7 * rec),
                (52.0, front + rec),
                (66.0, ear - 4.0),
                (90.0, ear - 10.0),
            ];
            for deg in [115.0f32, 135.0, 155.0] {
                points.push((deg, neckline(sign * deg)));
            }
            points
        };
        let mut control: Vec<(f32, f32)> = vec![(0.0, front), (180.0, nape)];
        // Positive azimuth is the client's right.
        for (deg, r) in side(rho(landmarks.ear_top_right), 1.0) {
            control.push((deg, r));
        }
        for (deg, r) in side(rho(landmarks.ear_top_left), -1.0) {
            control.push((-deg, r));
        }
        if hairline.widows_peak_mm > 0.0 {
            // A narrow V at the midline.
            control[0].1 = front - hairline.widows_peak_mm;
            control.push((8.0, front + 0.02 * rec));
            control.push((-8.0, front + 0.02 * rec));
        }
        if !hairline.points.is_empty() {
            // The practitioner's own front line replaces the one above.
            control.retain(|(deg, _)| deg.abs() >= 60.0);
            control.extend(hairline.points.iter().map(|[deg, height]| (*deg, brow - height)));
        }
        let mut control: Vec<(f32, f32)> = control.into_iter().map(|(d, r)| (d.to_radians(), r)).collect();
        control.sort_by(|a, b| a.0.total_cmp(&b.0));
        Self { control }
    }

    /// Boundary distance from the vertex at azimuth `theta`.
    pub fn boundary(&self, theta: f32) -> f32 {
        let n = self.control.len();
        let theta = (theta + PI).rem_euclid(2.0 * PI) - PI;
        // Segment k runs from control[k] to control[k+1] (wrapping).
        let k = self.control.iter().rposition(|c| c.0 <= theta).unwrap_or(n - 1);
        let at = |i: isize| {
            let m = i.rem_euclid(n as isize) as usize;
            let wraps = i.div_euclid(n as isize) as f32;
            (self.control[m].0 + wraps * 2.0 * PI, self.control[m].1)
        };
        let k = k as isize;
        let (p0, p1, p2, p3) = (at(k - 1), at(k), at(k + 1), at(k + 2));
        let mut th = theta;
        if th < p1.0 {
            th += 2.0 * PI;
        }
        let t = ((th - p1.0) / (p2.0 - p1.0)).clamp(0.0, 1.0);
        let (t2, t3) = (t * t, t * t * t);
        0.5 * (2.0 * p1.1
            + (-p0.1 + p2.1) * t
            + (2.0 * p0.1 - 5.0 * p1.1 + 4.0 * p2.1 - p3.1) * t2
            + (-p0.1 + 3.0 * p1.1 - 3.0 * p2.1 + p3.1) * t3)
    }

    /// How far (mm) a chart point lies inside the boundary, measured along
    /// its meridian; negative outside.
    pub fn depth_inside(&self, chart: Vec2) -> f32 {
        let theta = chart.x.atan2(chart.y);
        self.boundary(theta) - chart.length()
    }

    /// Weight of the front hairline at a chart point: 1 on the midline front,
    /// fading to 0 past the temple points, where the boundary is the fringe.
    pub fn front_weight(chart: Vec2) -> f32 {
        Self::front_weight_at(chart.x.atan2(chart.y).to_degrees())
    }

    /// `front_weight` at an azimuth in degrees (0 = the face).
    pub fn front_weight_at(azimuth_deg: f32) -> f32 {
        1.0 - smoothstep(50.0, 70.0, azimuth_deg.abs())
    }
}

pub fn smoothstep(e0: f32, e1: f32, x: f32) -> f32 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::procedural::{builtin_head, builtin_landmarks};

    #[test]
    fn hairline_sits_70_mm_above_the_brow_and_the_region_reaches_the_nape() {
        let mesh = builtin_head();
        let l = builtin_landmarks();
        let chart = ScalpChart::build(&mesh, l.cranium_centre);
        let outline = ScalpOutline::new(&chart, &l, FrontLine::TYPICAL);
        let brow = chart.chart_of_point(l.brow).length();
        assert!((brow - outline.boundary(0.0) - 70.0).abs() < 0.01);
        // Temple corners recede, temple points come forward, symmetric.
        let corner = outline.boundary(52f32.to_radians());
        assert!(corner > outline.boundary(0.0) + 10.0);
        assert!((corner - outline.boundary(-52f32.to_radians())).abs() < 2.0);
        let nape = chart.chart_of_point(l.nape).length();
        assert!((outline.boundary(PI) - nape).abs() < 0.01);
        assert!((outline.boundary(-PI + 1e-4) - nape).abs() < 0.5);
        // Continuous all the way round.
        for k in 0..3600 {
            let a = -PI + k as f32 * 2.0 * PI / 3600.0;
            let jump = (outline.boundary(a + 0.001) - outline.boundary(a)).abs();
            assert!(jump < 0.5, "boundary jumps {jump} mm at {}°", a.to_degrees());
        }
    }
}
