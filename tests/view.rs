//! The live view's real window, under Xvfb where there is no display: it
//! opens, draws for a number of frames, and shows the same picture as the
//! offscreen renderer for the same camera, plan and day.

mod common;

use smp_studio::compare::compare;
use smp_studio::view::state::Orbit;
use smp_studio::{Plan, View};
use std::process::Command;

/// Runs `smp view` with `args`, under `xvfb-run` when there is no display.
fn smp_view(args: &[&str]) -> std::process::Output {
    let smp = env!("CARGO_BIN_EXE_smp");
    let has_display = std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let mut command = if has_display {
        Command::new(smp)
    } else {
        let found = Command::new("sh").args(["-c", "command -v xvfb-run"]).output().is_ok_and(|o| o.status.success());
        assert!(found, "the window test needs a display or Xvfb: apt-get install -y xvfb");
        let mut c = Command::new("xvfb-run");
        c.args(["-a", "-s", "-screen 0 1280x800x24", smp]);
        c
    };
    command.arg("view").args(args).output().expect("run smp view")
}

#[test]
fn the_window_opens_draws_and_shows_what_smp_render_shows() {
    let dir = std::env::temp_dir().join(format!("smp-view-{}", std::process::id()));
    let shot = dir.join("view.png");
    let out = smp_view(&["--frames", "12", "--size", "1280x720", "--screenshot", shot.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "smp view failed: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let shown = image::open(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}): {stderr}")).to_rgba8();
    let (w, h) = shown.dimensions();
    assert!(w > 600 && h > 400, "the head view is only {w}×{h}");

    // The same camera, plan and day, offscreen.
    let (scene, mut renderer) = common::renderer(Plan::default());
    let camera = Orbit::from_view(View::ThreeQuarter).camera();
    let offscreen = renderer.render_at(&camera, w, h, scene.plan.healed_day()).expect("render");
    let diff = compare(&shown, &offscreen).expect("same size");
    eprintln!("view vs render: mean ΔE {:.3}, 99.5 % ΔE {:.2}", diff.mean_delta_e, diff.p995_delta_e);
    assert!(diff.within(common::TOLERANCE), "the window shows another picture than smp render");
    common::assert_matches_reference(&shown, "view-three-quarter");
    std::fs::remove_dir_all(&dir).unwrap();
}
