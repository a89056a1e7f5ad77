//! Transplant scars as marks on the chart: the paler skin the dots must
//! hide. A FUT strip is a chain of overlapping marks along its line; an FUE
//! field is `count` round spots spread over the donor area, never touching.

use super::{Plan, Scar};
use crate::chart::ScalpChart;
use crate::core::landmarks::HeadLandmarks;
use glam::Vec2;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScarMark {
    pub chart: Vec2,
    pub diameter_mm: f32,
}

pub fn scar_marks(plan: &Plan, chart: &ScalpChart, landmarks: &HeadLandmarks) -> Vec<ScarMark> {
    let mut marks = Vec::new();
    let mut rng = crate::core::random::SplitMix::new(plan.seed ^ 0x7363_6172);
    for scar in &plan.scars {
        match scar {
            Scar::FutStrip { height_above_nape_mm, width_mm, span_deg } => {
                let y = landmarks.nape.y + height_above_nape_mm;
                // Marks half the width apart along the line.
                let mut deg = 180.0 - 0.5 * span_deg;
                while deg <= 180.0 + 0.5 * span_deg {
                    let theta = deg.to_radians();
                    let rho = chart.arc_length_at_height(theta, y);
                    marks.push(ScarMark { chart: Vec2::new(theta.sin(), theta.cos()) * rho, diameter_mm: *width_mm });
                    // The strip runs level round the head: a degree of
                    // azimuth is the skin's distance from the vertical axis.
                    let phi = chart.colatitude_at(rho, theta);
                    let across = chart
                        .skin_at(crate::chart::direction(phi, theta))
                        .map_or(60.0, |s| {
                            let d = s.position - chart.centre();
                            Vec2::new(d.x, d.z).length()
                        })
                        .max(10.0);
                    deg += (0.5 * width_mm / across).to_degrees();
                }
            }
            Scar::FueField { centre_mm, radii_mm, angle_deg, count, spot_mm } => {
                let e = super::Ellipse { centre_mm: *centre_mm, radii_mm: *radii_mm, angle_deg: *angle_deg };
                let area = std::f32::consts::PI * radii_mm[0] * radii_mm[1];
                // Dart throwing: spots at least 1.5 diameters apart, or as
                // far apart as the count allows.
                let spacing = (1.5 * spot_mm).min(0.8 * (area / *count.max(&1) as f32).sqrt());
                let first = marks.len();
                let mut grid: std::collections::HashMap<(i32, i32), Vec<Vec2>> = Default::default();
                let cell = |p: Vec2| ((p.x / spacing).floor() as i32, (p.y / spacing).floor() as i32);
                let mut tries = 0;
                while ((marks.len() - first) as u32) < *count && tries < 60 * *count {
                    tries += 1;
                    let u = Vec2::new(rng.unit() as f32, rng.unit() as f32) * 2.0 - 1.0;
                    let (s, c) = angle_deg.to_radians().sin_cos();
                    let local = u * Vec2::from(*radii_mm);
                    let p = Vec2::from(*centre_mm) + Vec2::new(c * local.x - s * local.y, s * local.x + c * local.y);
                    let (cx, cy) = cell(p);
                    let near = (-1..=1).any(|dy| {
                        (-1..=1).any(|dx| {
                            grid.get(&(cx + dx, cy + dy))
                                .is_some_and(|list| list.iter().any(|q| q.distance(p) < spacing))
                        })
                    });
                    if e.reach(p) > 1.0 || near {
                        continue;
                    }
                    grid.entry((cx, cy)).or_default().push(p);
                    marks.push(ScarMark { chart: p, diameter_mm: *spot_mm });
                }
            }
        }
    }
    marks
}
