//! Renders compared with reference images under a perceptual tolerance.
//! On failure the actual image and a difference image are written next to
//! the reference. `SMP_UPDATE_REFERENCES=1 cargo test --test reference_images`
//! rewrites the references (look at them before committing).

mod common;

use smp_studio::output::compare::compare;
use smp_studio::{Camera, Plan, Renderer, View};

use common::TOLERANCE;

fn check(renderer: &mut Renderer, view: View, size: u32) {
    check_camera(renderer, Camera::for_view(view), &format!("{}-{size}", view.name()), size);
}

fn check_camera(renderer: &mut Renderer, camera: Camera, name: &str, size: u32) {
    let actual = renderer.render(&camera, size, size).expect("render");
    common::assert_matches_reference(&actual, name);
}

#[test]
fn default_plan_matches_the_reference_images() {
    let (_, mut renderer) = common::renderer(Plan::default());
    check(&mut renderer, View::Front, 256);
    check(&mut renderer, View::Top, 256);
    check(&mut renderer, View::ThreeQuarter, 512);
    // A close-up, where single dots show and the dermal blur applies.
    check_camera(&mut renderer, Camera::at_distance(View::Top, 250.0), "top-250mm-512", 512);
}

/// The tolerance must not hide a real change to the plan.
#[test]
fn a_changed_plan_fails_the_comparison() {
    let reference = common::reference_dir().join("three-quarter-512.png");
    let reference = image::open(&reference).expect("reference exists").to_rgba8();
    let camera = Camera::for_view(View::ThreeQuarter);
    for (what, plan) in [
        ("hairline 5 mm lower", {
            let mut p = Plan::default();
            p.hairline.height_above_brow_mm = 65.0;
            p
        }),
        ("density −20 %", {
            let mut p = Plan::default();
            p.set_peak_density(80.0);
            p
        }),
    ] {
        let (_, mut renderer) = common::renderer(plan);
        let actual = renderer.render(&camera, 512, 512).expect("render");
        let diff = compare(&actual, &reference).expect("same size");
        eprintln!("{what}: mean ΔE {:.3}, 99.5 % ΔE {:.2}", diff.mean_delta_e, diff.p995_delta_e);
        assert!(!diff.within(TOLERANCE), "{what} passes as the default plan");
    }
}
