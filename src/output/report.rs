//! `smp stats`: what a plan places on the head, measured from the GPU's own
//! dots: dots per session, scalp area, achieved against target density per
//! zone, the Clark–Evans index, and the mean dot diameter at a given day.

use crate::gpu::scatter::GpuDot;
use crate::output::stats::{area_where, clark_evans, expected_dots, mean_nearest_neighbour, treated_area};
use crate::plan::aging::{SessionParams, dot_look};
use crate::plan::scene::HeadScene;
use crate::plan::zones::{ZONE_NAMES, core_zone};
use glam::{Vec2, Vec3};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct PlanReport {
    pub plan: String,
    pub scalp_area_cm2: f64,
    pub dots: usize,
    pub hairs: usize,
    pub sessions: Vec<SessionReport>,
    pub zones: Vec<ZoneReport>,
    /// Clark–Evans R where the density is even (Poisson 1, a hexagonal
    /// grid 2.15); `None` where too few dots sit in such skin.
    pub clark_evans: Option<f64>,
    pub day: f32,
    /// Mean diameter of the dots that exist at `day` (mm).
    pub mean_dot_diameter_mm: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct SessionReport {
    pub day: f32,
    pub share: f32,
    pub dots: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct ZoneReport {
    pub zone: &'static str,
    /// Skin wholly in this zone (cm²); blends between zones are left out.
    pub area_cm2: f64,
    /// The plan's number for the zone, × the sessions' total share.
    pub target_per_cm2: f64,
    /// The density map's mean there (hairline ramp, areas and scars applied).
    pub expected_per_cm2: f64,
    pub achieved_per_cm2: f64,
}

/// Measures `dots` (read back from the renderer) against `scene`'s plan.
pub fn report(scene: &HeadScene, dots: &[GpuDot], day: f32) -> PlanReport {
    let plan = &scene.plan;
    let pigment: Vec<&GpuDot> = dots.iter().filter(|d| d.is_pigment()).collect();
    let charts: Vec<Vec2> = pigment.iter().map(|d| scene.chart.chart_of_point(d.position())).collect();
    let sessions = plan
        .sessions
        .iter()
        .enumerate()
        .map(|(k, s)| SessionReport {
            day: s.day,
            share: s.share,
            dots: pigment.iter().filter(|d| d.session() == k as u32).count(),
        })
        .collect();
    let targets = plan.zones.named();
    let zones = (0..ZONE_NAMES.len())
        .map(|z| {
            let inside = |c: Vec2| core_zone(&scene.outline, c) == Some(z);
            let area = area_where(&scene.mesh, &scene.chart, inside).max(1e-9);
            let expected = expected_dots(&scene.mesh, &scene.chart, &scene.density, inside);
            let achieved = charts.iter().filter(|c| inside(**c)).count() as f64;
            ZoneReport {
                zone: ZONE_NAMES[z],
                area_cm2: area / 100.0,
                target_per_cm2: (targets[z].1 * plan.total_share()) as f64,
                expected_per_cm2: expected * plan.total_share() as f64 / area * 100.0,
                achieved_per_cm2: achieved / area * 100.0,
            }
        })
        .collect();
    // Clark–Evans over dots in even skin: well inside the region, no hair,
    // the density map flat round them.
    let positions: Vec<Vec3> = pigment.iter().map(|d| d.position()).collect();
    let even: Vec<usize> = (0..charts.len())
        .filter(|&i| {
            let c = charts[i];
            let t = scene.density.sample_all(c);
            let flat = [Vec2::X, Vec2::Y, -Vec2::X, -Vec2::Y]
                .iter()
                .all(|o| (scene.density.sample(c + *o * 3.0) - t[0]).abs() < 1e-4);
            scene.outline.depth_inside(c) > 15.0 && t[1] == 0.0 && t[0] > 0.0 && flat
        })
        .collect();
    let clark_evans = (even.len() > 2000).then(|| {
        let density = scene.density.sample(charts[even[0]]) as f64 * plan.total_share() as f64;
        clark_evans(mean_nearest_neighbour(&positions, &even, (1.5 / density.sqrt()) as f32), density)
    });
    let looks: Vec<Option<f32>> =
        plan.sessions.iter().map(|s| dot_look(&SessionParams::pigment(plan, s), day).map(|l| l.diameter_mm)).collect();
    let (sum, n) = pigment.iter().fold((0.0f64, 0usize), |(sum, n), d| match looks.get(d.session() as usize) {
        Some(Some(diameter)) => (sum + (*diameter * d.size_jitter) as f64, n + 1),
        _ => (sum, n),
    });
    PlanReport {
        plan: plan.name.clone(),
        scalp_area_cm2: treated_area(&scene.mesh, &scene.chart, &scene.density) / 100.0,
        dots: pigment.len(),
        hairs: dots.iter().filter(|d| d.is_scalp_hair()).count(),
        sessions,
        zones,
        clark_evans,
        day,
        mean_dot_diameter_mm: if n > 0 { sum / n as f64 } else { 0.0 },
    }
}

impl PlanReport {
    /// For people: a line per number.
    pub fn text(&self) -> String {
        let mut out = format!(
            "{}: {} dots over {:.0} cm² of scalp, {} hairs kept\n",
            self.plan, self.dots, self.scalp_area_cm2, self.hairs
        );
        for (k, s) in self.sessions.iter().enumerate() {
            out += &format!("  session {} (day {}): {} dots, {:.0} % share\n", k + 1, s.day, s.dots, 100.0 * s.share);
        }
        out += "  zone        area cm²  target /cm²  expected  achieved\n";
        for z in &self.zones {
            out += &format!(
                "  {:<10} {:>9.0} {:>12.0} {:>9.1} {:>9.1}\n",
                z.zone, z.area_cm2, z.target_per_cm2, z.expected_per_cm2, z.achieved_per_cm2
            );
        }
        match self.clark_evans {
            Some(r) => out += &format!("  Clark–Evans R {r:.2} (Poisson 1.0, hexagonal grid 2.15)\n"),
            None => out += "  Clark–Evans R: too few dots in even skin to measure\n",
        }
        out += &format!("  mean dot diameter at day {}: {:.3} mm\n", self.day, self.mean_dot_diameter_mm);
        out
    }
}
