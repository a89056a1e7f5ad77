//! The look, measured as DOMAIN's photograph pairs were (`smp look`): the
//! treated scalp against the bare one, and the shaved hair it must match.

mod common;

use smp_studio::output::look::{PHOTO_TRANSMITTANCE, ViewLook, measure_view};
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
            // The band round the photographs' 14–18 %.
            assert!(
                (0.10..=0.20).contains(&smp.red_share_drop),
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
    let dots = renderer.dots().read(&renderer.ctx).expect("dots");
    let picked: Vec<_> = dots.into_iter().filter(|d| which(d)).collect();
    projected_with_distance(&picked, camera, size).into_iter().map(|(at, _)| at).collect()
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
    layers: smp_studio::output::render::Layers,
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
    use smp_studio::output::render::Layers;
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
    use smp_studio::output::render::Layers;
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

/// Linear luminance of an sRGB pixel.
fn luminance(p: &image::Rgba<u8>) -> f32 {
    let lin = |c: u8| smp_studio::core::colour::srgb_to_linear(c as f32 / 255.0);
    0.2126 * lin(p[0]) + 0.7152 * lin(p[1]) + 0.0722 * lin(p[2])
}

#[test]
fn healed_dots_seen_close_up_measure_a_healed_diameter() {
    use smp_studio::output::render::Layers;
    const SIZE: u32 = 1024;
    let plan = Plan::default();
    let planned_mm = plan.sessions[0].healed_diameter_mm();
    assert!(plan.sessions.iter().all(|s| s.healed_diameter_mm() == planned_mm));
    let (_scene, mut renderer) = common::renderer(plan);
    // 25 cm above the crown through a 5° lens (a macro photograph): about
    // 13 µm a pixel, so a healed dot is ≈ 10 px across.
    let mut camera = Camera::at_distance(View::Top, 250.0);
    camera.fov_y_deg = 5.0;
    renderer.set_layers(Layers { pigment: false, hair: false });
    let bare = renderer.render(&camera, SIZE, SIZE).expect("render");
    renderer.set_layers(Layers { pigment: true, hair: false });
    let dotted = renderer.render(&camera, SIZE, SIZE).expect("render");
    // Optical density the dots add: compose multiplies the skin by exp(-OD).
    let od: Vec<f32> = bare
        .pixels()
        .zip(dotted.pixels())
        .map(|(b, d)| (luminance(b).max(1e-4) / luminance(d).max(1e-4)).ln())
        .collect();
    let at = |x: i32, y: i32| od[(y as u32 * SIZE + x as u32) as usize];
    // Millimetres per pixel where the dots lie (the crown faces the lens).
    let dots = renderer.dots().read(&renderer.ctx).expect("dots");
    let pigment: Vec<_> = dots.into_iter().filter(|d| d.is_pigment()).collect();
    let mut distances: Vec<f32> = projected_with_distance(&pigment, &camera, SIZE)
        .into_iter()
        .filter(|(p, _)| p.x > 0.0 && p.y > 0.0 && p.x < SIZE as f32 && p.y < SIZE as f32)
        .map(|(_, d)| d)
        .collect();
    assert!(distances.len() > 20, "too few dots in view: {}", distances.len());
    distances.sort_by(f32::total_cmp);
    let mm_per_px = distances[distances.len() / 2] / camera.focal_px(SIZE);
    // Each dot: its peak, the local floor (the veil), and the area above
    // half the peak's height over that floor, as a disc's diameter.
    let mut diameters = Vec::new();
    let mut peaks = Vec::new();
    const R: i32 = 16;
    for y in R..SIZE as i32 - R {
        for x in R..SIZE as i32 - R {
            let v = at(x, y);
            // The highest pixel within 3 px; of a flat top (a dot's opaque
            // core), the first in reading order; one per dot.
            let beaten = |dx: i32, dy: i32| {
                let n = at(x + dx, y + dy);
                n > v || (n == v && (dy, dx) < (0, 0))
            };
            if v < 0.2 || (-3..=3).any(|dy| (-3..=3).any(|dx| beaten(dx, dy))) {
                continue;
            }
            if peaks.iter().any(|&(px, py): &(i32, i32)| (px - x).pow(2) + (py - y).pow(2) < 36) {
                continue;
            }
            let mut ring: Vec<f32> = (0..64)
                .map(|k| {
                    let a = k as f32 / 64.0 * std::f32::consts::TAU;
                    at(x + (R as f32 * a.cos()) as i32, y + (R as f32 * a.sin()) as i32)
                })
                .collect();
            ring.sort_by(f32::total_cmp);
            let floor = ring[32];
            // A dot stands well above the veil round it; pixel noise does not.
            if v - floor < 0.2 {
                continue;
            }
            let half = floor + 0.5 * (v - floor);
            let area = (-R + 1..R)
                .flat_map(|dy| (-R + 1..R).map(move |dx| (dx, dy)))
                .filter(|&(dx, dy)| dx * dx + dy * dy < R * R && at(x + dx, y + dy) >= half)
                .count();
            peaks.push((x, y));
            diameters.push(2.0 * (area as f32 / std::f32::consts::PI).sqrt() * mm_per_px);
        }
    }
    assert!(diameters.len() > 20, "too few dots measured: {}", diameters.len());
    diameters.sort_by(f32::total_cmp);
    let median = diameters[diameters.len() / 2];
    eprintln!(
        "{} dots measured at {:.1} µm a pixel: median diameter {:.0} µm (quartiles {:.0}–{:.0}), planned {:.0} µm",
        diameters.len(),
        mm_per_px * 1000.0,
        median * 1000.0,
        diameters[diameters.len() / 4] * 1000.0,
        diameters[3 * diameters.len() / 4] * 1000.0,
        planned_mm * 1000.0
    );
    // DOMAIN: healed dots are 90–170 µm; and the plan's own size.
    assert!((0.09..=0.17).contains(&median), "median apparent diameter {:.0} µm", median * 1000.0);
    assert!((median / planned_mm - 1.0).abs() < 0.15, "median {median:.3} mm, planned {planned_mm:.3} mm");
}

/// Where the live, front-facing dots land in the image, with their
/// distance from the eye (mm).
fn projected_with_distance(
    dots: &[smp_studio::gpu::scatter::GpuDot],
    camera: &Camera,
    size: u32,
) -> Vec<(glam::Vec2, f32)> {
    let view_proj = camera.view_proj(1.0);
    dots.iter()
        .filter(|d| d.alive())
        .filter_map(|d| {
            let p = d.position();
            let n = smp_studio::chart::surface::decode_normal(d.normal_oct);
            if n.dot(camera.eye - p) <= 0.0 {
                return None;
            }
            let clip = view_proj * p.extend(1.0);
            let ndc = clip.truncate().truncate() / clip.w;
            let at = glam::Vec2::new((ndc.x * 0.5 + 0.5) * size as f32, (0.5 - 0.5 * ndc.y) * size as f32);
            Some((at, (camera.eye - p).length()))
        })
        .collect()
}

/// Linear RGB of the pixel where skin point `p` (mm) lands.
fn pixel_at(image: &image::RgbaImage, camera: &Camera, p: glam::Vec3) -> [f32; 3] {
    let clip = camera.view_proj(1.0) * p.extend(1.0);
    let ndc = clip.truncate().truncate() / clip.w;
    let (x, y) = ((ndc.x * 0.5 + 0.5) * image.width() as f32, (0.5 - 0.5 * ndc.y) * image.height() as f32);
    let px = image.get_pixel(x as u32, y as u32);
    [0, 1, 2].map(|c| smp_studio::core::colour::srgb_to_linear(px[c] as f32 / 255.0))
}

#[test]
fn lips_cheeks_and_ears_are_redder_than_the_forehead_and_a_scalp_without_tan_is_paler() {
    use smp_studio::output::render::Layers;
    let render = |scalp_tan: f32| {
        let mut plan = Plan::default();
        plan.client.scalp_tan = scalp_tan;
        let (scene, mut renderer) = common::renderer(plan);
        renderer.set_layers(Layers { pigment: false, hair: false });
        let camera = Camera::for_view(View::Front);
        (scene, camera, renderer.render(&camera, 512, 512).expect("render"))
    };
    let (scene, camera, pale) = render(0.0);
    let (_, _, tanned) = render(1.0);
    // The skin point nearest each place, seen from the front.
    let on_skin = |p: glam::Vec3| {
        scene.mesh.positions.iter().copied().min_by(|a, b| (*a - p).length().total_cmp(&(*b - p).length())).unwrap()
    };
    let red_to_green = |p: glam::Vec3| {
        let c = pixel_at(&pale, &camera, on_skin(p));
        c[0] / c[1]
    };
    let forehead = red_to_green(glam::vec3(0.0, 40.0, 95.0));
    let lips = red_to_green(glam::vec3(0.0, -62.0, 100.0));
    let cheek = red_to_green(glam::vec3(44.0, -22.0, 80.0));
    let ear = red_to_green(glam::vec3(80.0, -10.0, -8.0));
    eprintln!("red / green: forehead {forehead:.2}, lips {lips:.2}, cheek {cheek:.2}, ear {ear:.2}");
    assert!(lips > forehead * 1.15 && cheek > forehead * 1.03 && ear > forehead * 1.03);
    // The scalp above the hairline lightens without the face's tan; the
    // forehead does not change.
    let luminance = |c: [f32; 3]| 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    let scalp = on_skin(glam::vec3(0.0, 105.0, 60.0));
    let brow = on_skin(glam::vec3(0.0, 40.0, 95.0));
    let lift = luminance(pixel_at(&pale, &camera, scalp)) / luminance(pixel_at(&tanned, &camera, scalp));
    let same = luminance(pixel_at(&pale, &camera, brow)) / luminance(pixel_at(&tanned, &camera, brow));
    assert!(lift > 1.06 && (same - 1.0).abs() < 0.01, "scalp × {lift:.3}, forehead × {same:.3}");
}
