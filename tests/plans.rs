//! Treatment plans on the GPU against CPU references: density per zone and
//! per session, the hairline ramp, areas left alone, scars, the aging curve,
//! every preset, and a reference contact sheet.

mod common;

use glam::Vec2;
use smp_studio::chart::outline::ScalpOutline;
use smp_studio::gpu::scatter::GpuDot;
use smp_studio::output::stats::expected_dots;
use smp_studio::output::timeline::{parse_moment, render_timeline, timeline_sheet};
use smp_studio::plan::aging::{SessionParams, dot_look};
use smp_studio::plan::presets::{PRESETS, preset};
use smp_studio::plan::zones::{ZONE_NAMES, core_zone};
use smp_studio::plan::{Area, Plan, Session};
use smp_studio::{Camera, HeadScene, Renderer, View};

fn dots(renderer: &Renderer) -> Vec<GpuDot> {
    renderer.dots().read(&renderer.ctx).expect("read dots")
}

fn chart_of(scene: &HeadScene, d: &GpuDot) -> Vec2 {
    scene.chart.chart_of_point(d.position())
}

#[test]
fn density_per_zone_and_per_session_is_within_five_percent() {
    // Norwood IV: zones from 30 to 100 /cm², hair kept on the sides and back.
    let (scene, renderer) = common::renderer(preset("norwood-4").unwrap());
    let all = dots(&renderer);
    let pigment: Vec<(Vec2, u32)> =
        all.iter().filter(|d| d.is_pigment()).map(|d| (chart_of(&scene, d), d.session())).collect();
    let shares: Vec<f32> = scene.plan.sessions.iter().map(|s| s.share).collect();
    for (z, name) in ZONE_NAMES.iter().enumerate() {
        let inside = |c: Vec2| core_zone(&scene.outline, c) == Some(z);
        let expected = expected_dots(&scene.mesh, &scene.chart, &scene.density, inside);
        if expected < 1500.0 {
            eprintln!("{name}: {expected:.0} dots expected, too few to test at 5 %");
            continue;
        }
        let here: Vec<u32> = pigment.iter().filter(|(c, _)| inside(*c)).map(|(_, s)| *s).collect();
        let err = (here.len() as f64 - expected) / expected;
        eprintln!("{name}: {} dots, expected {expected:.0} ({:+.2} %)", here.len(), 100.0 * err);
        assert!(err.abs() < 0.05, "{name}: {} dots, expected {expected:.0}", here.len());
        for (k, share) in shares.iter().enumerate() {
            let want = expected * *share as f64;
            let got = here.iter().filter(|s| **s == k as u32).count() as f64;
            assert!(
                (got - want).abs() < 0.05 * want + 3.0 * want.sqrt(),
                "{name}, session {}: {got} dots, expected {want:.0}",
                k + 1
            );
        }
    }
    // Hair stays where the plan keeps it: none on the bald front.
    let front_hair = all
        .iter()
        .filter(|d| d.is_scalp_hair())
        .filter(|d| core_zone(&scene.outline, chart_of(&scene, d)) == Some(0))
        .count();
    assert_eq!(front_hair, 0, "hairs drawn on the treated front");
}

#[test]
fn the_hairline_ramps_up_from_front_to_back() {
    let (scene, renderer) = common::renderer(Plan::default());
    let band = scene.plan.hairline.band_mm;
    let front = |c: Vec2| c.x.atan2(c.y).abs().to_degrees() < 40.0;
    let depth = |c: Vec2| scene.outline.depth_inside(c);
    let charts: Vec<Vec2> = dots(&renderer).iter().filter(|d| d.is_pigment()).map(|d| chart_of(&scene, d)).collect();
    let mut last = 0.0;
    for k in 0..4 {
        let (lo, hi) = (k as f32 * band / 4.0, (k + 1) as f32 * band / 4.0);
        let inside = |c: Vec2| front(c) && (lo..hi).contains(&depth(c));
        // Skin area of the bin: the integral of a density of 1 / mm².
        let area = smp_studio::output::stats::area_where(&scene.mesh, &scene.chart, inside);
        let got = charts.iter().filter(|c| inside(**c)).count() as f64 / area * 100.0;
        eprintln!("{lo:.0}–{hi:.0} mm behind the line: {got:.0} dots/cm²");
        assert!(got > last * 1.1, "density {got:.0} /cm² at {lo}–{hi} mm is not above {last:.0} in front of it");
        last = got;
    }
    assert!(last < scene.plan.zones.front as f64 * 1.05);
}

#[test]
fn areas_left_alone_get_no_dots_and_scars_get_dots() {
    let mut plan = Plan::default();
    plan.areas.push(Area::Leave { centre_mm: [0.0, 10.0], radii_mm: [20.0, 15.0], angle_deg: 0.0 });
    let (scene, renderer) = common::renderer(plan.clone());
    let shape = plan.areas[0].shape();
    let inside = dots(&renderer).iter().filter(|d| d.is_pigment() && shape.reach(chart_of(&scene, d)) < 0.9).count();
    assert_eq!(inside, 0, "{inside} dots where the hair remains");

    let (scene, renderer) = common::renderer(preset("fut-scar").unwrap());
    let y = scene.landmarks.nape.y + 65.0;
    let on_strip: Vec<GpuDot> = dots(&renderer)
        .into_iter()
        .filter(|d| d.is_pigment())
        .filter(|d| {
            let c = chart_of(&scene, d);
            let theta = c.x.atan2(c.y);
            theta.abs() > 120f32.to_radians() && (c.length() - scene.chart.arc_length_at_height(theta, y)).abs() < 1.0
        })
        .collect();
    eprintln!("{} dots on the FUT strip", on_strip.len());
    assert!(on_strip.len() > 100, "the scar got {} dots", on_strip.len());
    // Scar tissue takes less pigment: those dots are lighter.
    let shade = on_strip.iter().map(|d| d.shade_jitter).sum::<f32>() / on_strip.len() as f32;
    assert!(shade < 0.8, "mean shade on the scar {shade}");
}

#[test]
fn lowering_a_session_share_hides_dots_and_moves_none() {
    let full = Plan::default();
    let mut lighter = full.clone();
    lighter.sessions[2].share = 0.10;
    let key = |d: &GpuDot| d.position.map(|v| (v * 1000.0).round() as i64);
    let (_, a) = common::renderer(full);
    let (_, b) = common::renderer(lighter);
    let kept: std::collections::HashSet<_> = dots(&a).iter().filter(|d| d.is_pigment()).map(key).collect();
    let fewer: Vec<_> = dots(&b).iter().filter(|d| d.is_pigment()).map(key).collect();
    assert!(fewer.len() < kept.len() * 93 / 100, "{} of {}", fewer.len(), kept.len());
    assert!(fewer.iter().all(|k| kept.contains(k)), "a lower share moved or added dots");
}

#[test]
fn the_gpu_aging_curve_is_the_cpu_one() {
    let mut plan = Plan::default();
    plan.sessions.push(Session { depth_mm: 0.5, ..Session::new(5.0 * 365.0, 0.2, 10.0) });
    plan.client.sun = smp_studio::plan::Sun::High;
    let (scene, renderer) = common::renderer(plan);
    let days = [0.0, 0.5, 1.0, 3.0, 7.0, 14.0, 28.0, 60.0, 365.0, 1825.0, 1900.0, 3650.0];
    let mut probes = Vec::new();
    for s in 0..scene.plan.sessions.len() as u32 {
        probes.extend(days.iter().map(|d| (s, *d)));
    }
    let gpu = renderer.looks_on_gpu(&probes).expect("probe");
    for (probe, (session, day)) in gpu.iter().zip(&probes) {
        let params = SessionParams::pigment(&scene.plan, &scene.plan.sessions[*session as usize]);
        let cpu = dot_look(&params, *day);
        assert_eq!(probe.exists == 1, cpu.is_some(), "session {session} at day {day}: exists");
        if let Some(cpu) = cpu {
            let close = |a: f32, b: f32| (a - b).abs() <= 1e-4 * b.abs().max(1.0);
            assert!(
                close(probe.diameter_mm, cpu.diameter_mm)
                    && close(probe.od, cpu.od)
                    && close(probe.halo_scale, cpu.halo_scale)
                    && (0..3).all(|k| close(probe.tint[k], cpu.tint[k])),
                "session {session} at day {day}: GPU {probe:?}, CPU {cpu:?}"
            );
        }
    }
}

/// Mean darkening of the crown's skin (green channel, linear) at `days`.
fn crown_darkening(renderer: &mut Renderer, bare: &mut Renderer, days: f32) -> f64 {
    let camera = Camera::at_distance(View::Top, 400.0);
    let a = renderer.render_at(&camera, 128, 128, days).unwrap();
    let b = bare.render_at(&camera, 128, 128, days).unwrap();
    let g = |p: &image::Rgba<u8>| smp_studio::core::colour::srgb_to_linear(p[1] as f32 / 255.0) as f64;
    // The middle of the view: crown skin, evenly lit.
    let (mut with, mut without) = (0.0, 0.0);
    for y in 48..80 {
        for x in 48..80 {
            with += g(a.get_pixel(x, y));
            without += g(b.get_pixel(x, y));
        }
    }
    1.0 - with / without
}

#[test]
fn rendered_darkness_follows_the_curve_at_day_1_week_4_and_year_5() {
    // One session, so darkness tracks one dot's look.
    let plan = Plan { sessions: vec![Session::new(0.0, 1.0, 12.0)], ..Plan::default() };
    let bare = Plan { zones: smp_studio::plan::Zones::uniform(0.0), ..plan.clone() };
    let (scene, mut renderer) = common::renderer(plan);
    let (_, mut without) = common::renderer(bare);
    let params = SessionParams::pigment(&scene.plan, &scene.plan.sessions[0]);
    // Predicted: on green, each dot's core takes π r² × reach × (1 − e^(−od))
    // of the skin; its halo, π (halo_scale r)² of HALO_OD of the density
    // and HALO_CHANNELS of the channel, pooled in the veil as density.
    let per_mm2 = scene.plan.zones.crown as f64 / 100.0;
    let predicted = |days: f32| {
        use smp_studio::plan::aging::{HALO_CHANNELS, HALO_OD};
        let l = dot_look(&params, days).unwrap();
        let r = 0.5 * l.diameter_mm as f64;
        let (od, reach) = (l.od as f64, l.tint[1] as f64);
        let area = std::f64::consts::PI * r * r;
        let core = per_mm2 * area * reach * (1.0 - (-od).exp());
        let halo_absorb = reach * HALO_CHANNELS[1] as f64 * (1.0 - (-HALO_OD as f64 * od).exp());
        let veil = per_mm2 * area * (l.halo_scale as f64).powi(2) * -(1.0 - halo_absorb).ln();
        1.0 - (1.0 - core) * (-veil).exp()
    };
    let measured: Vec<f64> =
        [1.0, 28.0, 1825.0].iter().map(|d| crown_darkening(&mut renderer, &mut without, *d)).collect();
    let expected: Vec<f64> = [1.0, 28.0, 1825.0].iter().map(|d| predicted(*d)).collect();
    eprintln!(
        "darkening at day 1, 28, 5 years: {measured:.4?} (predicted ratios {:.3?})",
        [expected[0] / expected[1], expected[2] / expected[1]]
    );
    assert!(measured[0] > measured[1] && measured[1] > measured[2], "{measured:?}");
    for (m, e) in
        [(measured[0] / measured[1], expected[0] / expected[1]), (measured[2] / measured[1], expected[2] / expected[1])]
    {
        assert!((m - e).abs() < 0.15 * e, "darkness ratio {m:.3}, the curve says {e:.3}");
    }
}

#[test]
fn every_preset_renders() {
    let mut scene = HeadScene::builtin(Plan::default()).unwrap();
    let mut renderer = Renderer::new(common::gpu(), &scene).unwrap();
    let camera = Camera::for_view(View::ThreeQuarter);
    for p in PRESETS {
        scene.set_plan(p.plan()).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        renderer.set_plan(&scene).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        let image = renderer.render(&camera, 96, 96).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        let alive = dots(&renderer).iter().filter(|d| d.is_pigment()).count();
        assert!(alive > 500, "{}: only {alive} dots", p.name);
        assert!(image.pixels().any(|px| px[0] > 150), "{}: a blank image", p.name);
    }
}

#[test]
fn the_timeline_contact_sheet_matches_its_reference() {
    let (scene, mut renderer) = common::renderer(preset("norwood-5").unwrap());
    let moments: Vec<_> = ["1d", "4w", "5y"].iter().map(|t| parse_moment(t).unwrap()).collect();
    let cameras = [Camera::for_view(View::Front), Camera::for_view(View::Top)];
    let rows = render_timeline(&mut renderer, &moments, &cameras, 160, 160, |_, _, _| Ok(())).unwrap();
    let sheet = timeline_sheet(&scene.plan, "man", &moments, &["front".into(), "top".into()], &rows, 160);
    common::assert_matches_reference(&sheet, "sheet-norwood-5");
}

#[test]
fn the_outline_keeps_scattered_dots_near_the_front() {
    // A soft hairline scatters a few dots in front of the line, a sharp one none.
    for (style, want_some) in
        [(smp_studio::plan::HairlineStyle::Soft, true), (smp_studio::plan::HairlineStyle::Sharp, false)]
    {
        let mut plan = Plan::default();
        plan.hairline.style = style;
        let (scene, renderer) = common::renderer(plan);
        let in_front = dots(&renderer)
            .iter()
            .filter(|d| d.is_pigment())
            .filter(|d| {
                let c = chart_of(&scene, d);
                ScalpOutline::front_weight(c) > 0.99 && scene.outline.depth_inside(c) < -0.5
            })
            .count();
        assert_eq!(in_front > 10, want_some, "{style:?}: {in_front} dots in front of the line");
    }
}

#[test]
fn the_heat_map_shows_the_achieved_density_where_the_plan_asks_for_it() {
    let (scene, renderer) = common::renderer(preset("norwood-4").unwrap());
    let grid = smp_studio::output::heatmap::DensityGrid::measure(&scene, &dots(&renderer));
    // Over cells the plan fills evenly, achieved tracks target.
    let (mut sum, mut n) = (0.0f64, 0);
    for (a, t) in grid.achieved.iter().zip(&grid.target) {
        if let (Some(a), true) = (a, *t > 50.0) {
            sum += (*a / *t) as f64;
            n += 1;
        }
    }
    let mean = sum / n as f64;
    eprintln!("achieved / target over {n} cells: {mean:.3}");
    assert!(n > 5000 && (mean - 1.0).abs() < 0.05, "achieved / target {mean:.3} over {n} cells");
    let image = grid.image("norwood-4");
    assert!(image.width() > 500 && image.height() > 300);
}
