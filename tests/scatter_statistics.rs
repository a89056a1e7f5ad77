//! The GPU scatter against CPU references: counts, density per region,
//! spacing statistics, and the scalp region's boundary.

mod common;

use glam::{Vec2, Vec3};
use smp_studio::Plan;
use smp_studio::chart::outline::ScalpOutline;
use smp_studio::gpu::scatter::GpuDot;
use smp_studio::mesh::procedural::{cranium_distance, ear_distance};
use smp_studio::output::stats::{clark_evans, count_spread, expected_dots, mean_nearest_neighbour, treated_area};

struct Scattered {
    scene: smp_studio::HeadScene,
    dots: Vec<GpuDot>,
}

fn scatter(plan: Plan) -> Scattered {
    let (scene, renderer) = common::renderer(plan);
    let dots = renderer.dots().read(&renderer.ctx).expect("read dots");
    Scattered { scene, dots }
}

fn chart_of(s: &Scattered, d: &GpuDot) -> Vec2 {
    s.scene.chart.chart_of_point(d.position())
}

#[test]
fn dot_count_matches_the_integral_of_density_within_three_sigma() {
    let s = scatter(Plan::default());
    let alive = s.dots.iter().filter(|d| d.is_pigment()).count() as f64;
    let expected = expected_dots(&s.scene.mesh, &s.scene.chart, &s.scene.density, |_| true);
    let sigma = expected.sqrt();
    let area = treated_area(&s.scene.mesh, &s.scene.chart, &s.scene.density) / 100.0;
    eprintln!("dots {alive}, expected {expected:.0} ± {sigma:.0} over {area:.0} cm² of scalp");
    // DOMAIN: a full head is roughly 400–650 cm² of scalp.
    assert!((400.0..650.0).contains(&area), "scalp region of {area:.0} cm²");
    assert!(expected > 30_000.0, "a full top at 100 /cm² has tens of thousands of dots, got {expected}");
    assert!((alive - expected).abs() < 3.0 * sigma, "{alive} dots, expected {expected:.0} ± {:.0}", 3.0 * sigma);
}

#[test]
fn density_per_region_is_within_five_percent_of_target() {
    let s = scatter(Plan::default());
    // Front, crown, the two sides, the back: sectors of the chart.
    type Region = Box<dyn Fn(Vec2) -> bool>;
    let regions: [(&str, Region); 5] = [
        ("front", Box::new(|c: Vec2| c.y > 40.0 && c.x.abs() < 40.0)),
        ("crown", Box::new(|c: Vec2| c.length() < 40.0)),
        ("client's right side", Box::new(|c: Vec2| c.x > 60.0)),
        ("client's left side", Box::new(|c: Vec2| c.x < -60.0)),
        ("back", Box::new(|c: Vec2| c.y < -60.0 && c.x.abs() < 50.0)),
    ];
    let charts: Vec<Vec2> = s.dots.iter().filter(|d| d.is_pigment()).map(|d| chart_of(&s, d)).collect();
    for (name, inside) in regions {
        let expected = expected_dots(&s.scene.mesh, &s.scene.chart, &s.scene.density, &inside);
        let got = charts.iter().filter(|c| inside(**c)).count() as f64;
        let err = (got - expected) / expected;
        eprintln!("{name}: {got} dots, expected {expected:.0} ({:+.2} %)", 100.0 * err);
        assert!(expected > 1000.0, "{name} is too small a region to test");
        assert!(err.abs() < 0.05, "{name}: {got} dots, expected {expected:.0} ({:+.1} %)", 100.0 * err);
    }
}

#[test]
fn placement_is_irregular_but_not_clumped() {
    let s = scatter(Plan::default());
    let alive: Vec<&GpuDot> = s.dots.iter().filter(|d| d.is_pigment()).collect();
    let positions: Vec<Vec3> = alive.iter().map(|d| d.position()).collect();
    // Measure where density is uniform and away from the boundary, so edge
    // effects and the hairline ramp do not bias R.
    let full = s.scene.plan.zones.top / 100.0;
    let interior: Vec<usize> = (0..alive.len())
        .filter(|&i| {
            let c = chart_of(&s, alive[i]);
            s.scene.outline.depth_inside(c) > 15.0 && (s.scene.density.sample(c) - full).abs() < 1e-4
        })
        .collect();
    assert!(interior.len() > 10_000, "only {} interior dots", interior.len());
    let nn = mean_nearest_neighbour(&positions, &interior, 1.5);
    let r = clark_evans(nn, full as f64);
    eprintln!("Clark–Evans R = {r:.3} (mean nearest neighbour {nn:.3} mm)");
    assert!((1.3..=1.9).contains(&r), "Clark–Evans R = {r:.3}, want 1.3–1.9");

    // Even at the scale a viewer at 1 m sees (3 mm): dots within 3 mm of
    // skin points spread far less than a Poisson process's ≈ 19 %.
    let centres: Vec<Vec3> = interior.iter().step_by(40).map(|&i| positions[i]).collect();
    let spread = count_spread(&positions, &centres, 3.0);
    let poisson = 1.0 / (full as f64 * std::f64::consts::PI * 9.0).sqrt();
    eprintln!("count spread within 3 mm: {:.1} % (Poisson {:.1} %)", 100.0 * spread, 100.0 * poisson);
    assert!(spread < 0.5 * poisson, "patchy: counts within 3 mm spread {:.1} %", 100.0 * spread);
}

#[test]
fn no_dot_lies_outside_the_scalp_region() {
    let s = scatter(Plan::default());
    let lm = &s.scene.landmarks;
    for d in s.dots.iter().filter(|d| d.is_pigment()) {
        // The chart of a 3-D point is found independently of the scatter's
        // interpolated one, so allow 1 mm of disagreement at the boundary;
        // a soft hairline scatters a few dots up to `scatter_mm` in front.
        let c = chart_of(&s, d);
        let depth = s.scene.outline.depth_inside(c);
        let allowed = 1.0 + s.scene.plan.hairline.scatter_mm * ScalpOutline::front_weight(c);
        assert!(depth > -allowed, "dot at {} (chart {c}) is {:.2} mm outside the region", d.position(), -depth);
        // Nothing on the face or ears: dots sit above the brow line at the
        // front, and above the ear tops at the sides.
        let p = d.position();
        assert!(!(p.z > 60.0 && p.y < lm.brow.y + 40.0), "dot on the forehead or face at {p}");
        // On an ear: on the ear's shell and standing off the skull.
        assert!(!(ear_distance(p) < 1.0 && cranium_distance(p) > 1.0), "dot on an ear at {p}");
    }
    // A dead dot (thinned) keeps its slot but never shows: the live count is
    // a strict subset.
    assert!(s.dots.iter().any(|d| d.alive()));
}

#[test]
fn same_seed_gives_the_same_dots_and_another_seed_other_dots() {
    let a = scatter(Plan::default());
    let b = scatter(Plan::default());
    assert!(a.dots == b.dots, "two scatters with seed 1 differ");
    let c = scatter(Plan { seed: 2, ..Plan::default() });
    let same = a.dots.iter().zip(&c.dots).filter(|(x, y)| x.position == y.position).count();
    assert!(same < a.dots.len() / 100, "seed 2 repeats {same} dots of seed 1");
}

#[test]
fn a_lower_density_keeps_a_subset_of_the_dots_still_evenly_spread() {
    // DOMAIN: sessions add 40 % / 35 % / 25 % of the final density, "light
    // map first, fill gaps later": a prefix of the dots must itself be even.
    let full = scatter(Plan::default());
    let light = scatter({
        let mut p = Plan::default();
        p.set_peak_density(40.0);
        p
    });
    let key = |d: &GpuDot| d.position.map(|v| (v * 1000.0).round() as i64);
    let kept: std::collections::HashSet<_> = full.dots.iter().filter(|d| d.is_pigment()).map(key).collect();
    let light_alive: Vec<&GpuDot> = light.dots.iter().filter(|d| d.is_pigment()).collect();
    let outside = light_alive.iter().filter(|d| !kept.contains(&key(d))).count();
    eprintln!("{} dots at 40 /cm², {} of them not among the {} at 100 /cm²", light_alive.len(), outside, kept.len());
    assert_eq!(outside, 0, "lowering the density moved or added dots");
    // The same dots are those of rank below 0.4 at full density.
    let by_rank = full.dots.iter().filter(|d| d.is_pigment() && d.rank < 0.4).count() as f64;
    assert!((by_rank - light_alive.len() as f64).abs() < 0.002 * by_rank, "{by_rank} of rank < 0.4");

    let positions: Vec<Vec3> = light_alive.iter().map(|d| d.position()).collect();
    let interior: Vec<usize> = (0..light_alive.len())
        .filter(|&i| light.scene.outline.depth_inside(chart_of(&light, light_alive[i])) > 15.0)
        .collect();
    let r = clark_evans(mean_nearest_neighbour(&positions, &interior, 2.5), 0.4);
    eprintln!("Clark–Evans R at 40 /cm² = {r:.3}");
    assert!((1.3..=1.9).contains(&r), "the lighter map is clumped or a lattice: R = {r:.3}");
}
