//! The look, measured as DOMAIN's photograph pairs were (`smp look`): the
//! treated scalp against the bare one, and the shaved hair it must match.

mod common;

use smp_studio::look::{PHOTO_TRANSMITTANCE, ViewLook, measure_view};
use smp_studio::plan::presets::preset;
use smp_studio::plan::{Plan, SkinTone};
use smp_studio::{Camera, View};

/// Size of the measured renders: the photographs' 1 % blur is 5 px.
const SIZE: u32 = 512;

fn measure(plan: Plan, views: &[View]) -> Vec<(View, ViewLook)> {
    let (_scene, mut renderer) = common::renderer(plan);
    views
        .iter()
        .map(|&v| (v, measure_view(&mut renderer, &Camera::for_view(v), SIZE, SIZE).expect("measured")))
        .collect()
}

#[test]
fn the_default_treatment_dims_and_greys_the_scalp_as_the_photographs_do_on_monk_1_to_6() {
    let (lo, hi) = PHOTO_TRANSMITTANCE;
    for monk in 1..=6 {
        let mut plan = Plan::default();
        plan.client.skin_tone = SkinTone::Monk(monk);
        for (view, look) in measure(plan, &[View::Left, View::ThreeQuarter]) {
            let smp = look.smp.unwrap_or_else(|| panic!("Monk {monk}, {}: no treated pixels", view.name()));
            assert!(
                (lo..=hi).contains(&smp.transmittance),
                "Monk {monk}, {}: transmittance {:.3}, photographs {lo}–{hi}",
                view.name(),
                smp.transmittance
            );
            // The photographs' 14–18 % is on redder skin than the Monk
            // swatches; here the colour must at least move clearly towards
            // grey (see docs/plan.md, "How pigment and hair are seen").
            assert!(
                (0.05..=0.20).contains(&smp.red_share_drop),
                "Monk {monk}, {}: red share falls {:.1} %",
                view.name(),
                smp.red_share_drop * 100.0
            );
        }
    }
}

#[test]
fn shaved_hair_on_the_norwood_presets_is_as_dark_as_the_smp_beside_it() {
    for name in ["norwood-3", "norwood-5", "norwood-6"] {
        let looks = measure(preset(name).expect("preset"), &[View::Left, View::ThreeQuarter, View::Back]);
        let gaps: Vec<f32> =
            looks.iter().filter_map(|(_, l)| Some(l.hair?.transmittance - l.smp?.transmittance)).collect();
        assert!(!gaps.is_empty(), "{name}: no view shows both hair and SMP");
        let mean = gaps.iter().sum::<f32>() / gaps.len() as f32;
        assert!(mean.abs() <= 0.05, "{name}: hair minus SMP transmittance {gaps:?}, mean {mean:+.3}");
    }
}

#[test]
fn stubble_grows_between_shaves_and_darkens_the_fringe_while_the_smp_stays() {
    let look_after = |days: f32| {
        let mut plan = Plan::default();
        plan.client.hair.days_since_shave = days;
        measure(plan, &[View::Back]).remove(0).1
    };
    let (fresh, grown) = (look_after(0.0), look_after(7.0));
    let (hair_fresh, hair_grown) = (fresh.hair.expect("fringe"), grown.hair.expect("fringe"));
    assert!(
        hair_grown.transmittance < hair_fresh.transmittance - 0.03,
        "a week of stubble should darken the fringe: {:.3} → {:.3}",
        hair_fresh.transmittance,
        hair_grown.transmittance
    );
    let (smp_fresh, smp_grown) = (fresh.smp.expect("top"), grown.smp.expect("top"));
    assert!((smp_fresh.transmittance - smp_grown.transmittance).abs() < 0.005, "the SMP does not grow");
}

#[test]
fn on_dark_skin_the_treatment_still_shows_at_conversation_distance() {
    for monk in 7..=10 {
        let mut plan = Plan::default();
        plan.client.skin_tone = SkinTone::Monk(monk);
        let (_scene, mut renderer) = common::renderer(plan);
        let look = measure_view(&mut renderer, &Camera::at_distance(View::ThreeQuarter, 1000.0), SIZE, SIZE)
            .expect("measured");
        let smp = look.smp.expect("treated pixels");
        eprintln!(
            "Monk {monk} at 1 m: transmittance {:.3}, red share falls {:.1} %",
            smp.transmittance,
            smp.red_share_drop * 100.0
        );
        // The same pigment takes the same share of the light on any skin:
        // on dark skin the change is as large in ratio, smaller in absolute.
        assert!(smp.transmittance < 0.9, "Monk {monk} at 1 m: transmittance {:.3}", smp.transmittance);
    }
}

/// Where each live dot of `which` lands in a `size`² image of `camera`,
/// for those facing it.
fn projected(
    renderer: &smp_studio::Renderer,
    camera: &Camera,
    size: u32,
    which: impl Fn(&smp_studio::gpu::scatter::GpuDot) -> bool,
) -> Vec<glam::Vec2> {
    let view_proj = camera.view_proj(1.0);
    let dots = renderer.dots().read(&renderer.ctx).expect("dots");
    dots.iter()
        .filter(|d| d.alive() && which(d))
        .filter_map(|d| {
            let p = d.position();
            let n = smp_studio::chart::surface::decode_normal(d.normal_oct);
            if n.dot(camera.eye - p) <= 0.0 {
                return None;
            }
            let clip = view_proj * p.extend(1.0);
            let ndc = clip.truncate().truncate() / clip.w;
            Some(glam::Vec2::new((ndc.x * 0.5 + 0.5) * size as f32, (0.5 - 0.5 * ndc.y) * size as f32))
        })
        .collect()
}

/// Dark spots: pixels darker than their 8 neighbours and than the mean of
/// the 9 × 9 round them by `contrast`, inside `window` ([x0, y0, x1, y1)),
/// the darkest kept where two lie within `merge_px` (one spot, two minima).
fn dark_spots(image: &image::RgbaImage, window: [u32; 4], contrast: f32, merge_px: f32) -> usize {
    let luma = |x: u32, y: u32| {
        let p = image.get_pixel(x, y);
        0.2126 * p[0] as f32 + 0.7152 * p[1] as f32 + 0.0722 * p[2] as f32
    };
    let mut candidates = Vec::new();
    for y in window[1]..window[3] {
        for x in window[0]..window[2] {
            let v = luma(x, y);
            let mut mean = 0.0;
            let mut lowest = true;
            for dy in -4i32..=4 {
                for dx in -4i32..=4 {
                    let n = luma((x as i32 + dx) as u32, (y as i32 + dy) as u32);
                    mean += n;
                    if dx.abs() <= 1 && dy.abs() <= 1 && (dx, dy) != (0, 0) && n <= v {
                        lowest = false;
                    }
                }
            }
            if lowest && v < mean / 81.0 * (1.0 - contrast) {
                candidates.push((v, x as f32, y as f32));
            }
        }
    }
    candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut kept: Vec<(f32, f32)> = Vec::new();
    for (_, x, y) in candidates {
        if kept.iter().all(|&(kx, ky)| (kx - x).powi(2) + (ky - y).powi(2) > merge_px * merge_px) {
            kept.push((x, y));
        }
    }
    kept.len()
}

#[test]
fn dots_counted_back_from_a_close_up_match_the_plan_on_light_and_dark_skin() {
    for monk in [4, 8] {
        let mut plan = Plan::default();
        plan.client.skin_tone = SkinTone::Monk(monk);
        count_dots_at_25_cm(plan);
    }
}

/// Renders `layers` from `camera` at 1024² and counts the dark spots in
/// `window` (see `dark_spots`) beside the dots `which` the scatter put there:
/// (planned, counted).
fn count_back(
    renderer: &mut smp_studio::Renderer,
    camera: &Camera,
    layers: smp_studio::render::Layers,
    window: [u32; 4],
    which: impl Fn(&smp_studio::gpu::scatter::GpuDot) -> bool,
    contrast: f32,
    merge_px: f32,
) -> (usize, usize) {
    const SIZE: u32 = 1024;
    renderer.set_layers(layers);
    let image = renderer.render(camera, SIZE, SIZE).expect("render");
    let inside = |p: &glam::Vec2| {
        p.x >= window[0] as f32 && p.y >= window[1] as f32 && p.x < window[2] as f32 && p.y < window[3] as f32
    };
    let planned = projected(renderer, camera, SIZE, which).iter().filter(|p| inside(p)).count();
    (planned, dark_spots(&image, window, contrast, merge_px))
}

fn count_dots_at_25_cm(plan: Plan) {
    use smp_studio::render::Layers;
    let tone = plan.client.skin_tone.label();
    let (_scene, mut renderer) = common::renderer(plan);
    // 25 cm above the crown: single dots show.
    let camera = Camera::at_distance(View::Top, 250.0);
    let only_dots = Layers { pigment: true, hair: false };
    let (planned, counted) =
        count_back(&mut renderer, &camera, only_dots, [312, 312, 712, 712], |d| d.is_pigment(), 0.02, 2.0);
    let ratio = counted as f64 / planned as f64;
    eprintln!("{tone}, dots in the window: planned {planned}, counted from the image {counted} ({ratio:.3})");
    assert!(planned > 500, "too few dots to count: {planned}");
    assert!((0.85..=1.15).contains(&ratio), "{tone}: counted {counted} dots, the plan put {planned} there");
}

#[test]
fn hair_tufts_counted_back_from_a_close_up_match_the_plan() {
    use smp_studio::render::Layers;
    let (_scene, mut renderer) = common::renderer(Plan::default());
    // 25 cm from the left: the fringe above and behind the ear.
    let camera = Camera::at_distance(View::Left, 250.0);
    // Each tuft is one dark spot: its hairs leave the skin within 0.1 mm of
    // one another, and a day's stubble is ≈ 2 px long here (tufts lie 6–7 px
    // apart).
    let only_hair = Layers { pigment: false, hair: true };
    let (planned, counted) =
        count_back(&mut renderer, &camera, only_hair, [112, 112, 912, 912], |d| d.is_scalp_hair(), 0.15, 3.0);
    let ratio = counted as f64 / planned as f64;
    eprintln!("hair tufts in the window: planned {planned}, counted from the image {counted} ({ratio:.3})");
    assert!(planned > 300, "too few tufts to count: {planned}");
    assert!((0.85..=1.15).contains(&ratio), "counted {counted} tufts, the plan put {planned} there");
}
