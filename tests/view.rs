//! The live view's real window, under Xvfb where there is no display: it
//! opens, draws for a number of frames, and shows the same picture as the
//! offscreen renderer for the same camera, plan and day; driven by a
//! script, its edits, undo, split views, resizes and a lost device end in
//! the plan and picture they should.

mod common;

use smp_studio::output::compare::compare;
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

    // Closed after its first frame, before the head's first image has come:
    // the screenshot is still the head's place in the window, not the window.
    let early = dir.join("first-frame.png");
    let out = smp_view(&["--frames", "1", "--size", "1280x720", "--screenshot", early.to_str().unwrap()]);
    assert!(out.status.success(), "smp view failed: {}", String::from_utf8_lossy(&out.stderr));
    let early = image::open(&early).expect("first-frame screenshot").to_rgba8();
    let diff =
        compare(&early, &shown).unwrap_or_else(|| panic!("first frame {:?}, twelfth {:?}", early.dimensions(), (w, h)));
    assert!(diff.within(common::TOLERANCE), "the first frame's screenshot shows another picture");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_scripted_session_edits_the_plan_survives_a_lost_device_and_shows_the_result() {
    let dir = std::env::temp_dir().join(format!("smp-view-script-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (saved, shot) = (dir.join("edited.toml"), dir.join("scripted.png"));
    let script = format!(
        "view front\norbit 20 10\nset zones.top 130\nbrush add 60 10 -30,40 0,45 30,40\nhairline 4 0 62\n\
         heat on\nframes 2\nheat off\ncompare day 1826\nframes 3\ncompare saved\nframes 3\ncompare off\n\
         lose-device\nframes 5\nresize 1000 640\nframes 5\nminimise\nframes 2\nrestore\n\
         add-touch-up\nundo\nmirror on\nsave {}\nscreenshot {} 480 360\n",
        saved.display(),
        shot.display()
    );
    let script_path = dir.join("script.txt");
    std::fs::write(&script_path, script).unwrap();
    let out = smp_view(&["--script", script_path.to_str().unwrap(), "--frames", "5"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "smp view failed: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("the GPU device was lost; opening it again"), "no recovery reported: {stderr}");

    let plan = smp_studio::plan::file::load(&saved).expect("the window saved the edited plan");
    assert_eq!(plan.zones.top, 130.0);
    assert_eq!(plan.strokes.len(), 1);
    assert_eq!(plan.hairline.points.len(), 9, "the dragged hairline is saved as points");
    assert!((plan.hairline.points[4][1] - 62.0).abs() < 0.5, "{:?}", plan.hairline.points);
    assert_eq!(plan.sessions.len(), 3, "the touch-up was undone");

    // The same picture offscreen: the saved plan, the scripted camera, mirrored.
    let shown = image::open(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}): {stderr}")).to_rgba8();
    assert_eq!(shown.dimensions(), (480, 360));
    let (scene, mut renderer) = common::renderer(plan);
    let mut orbit = Orbit::from_view(View::Front);
    orbit.drag(-20.0 / 0.4, 10.0 / 0.4);
    let day = Plan::default().healed_day();
    let offscreen = renderer.render_at(&orbit.camera(), 480, 360, day).expect("render");
    let offscreen = image::imageops::flip_horizontal(&offscreen);
    let diff = compare(&shown, &offscreen).expect("same size");
    eprintln!("scripted view vs render: mean ΔE {:.3}, 99.5 % ΔE {:.2}", diff.mean_delta_e, diff.p995_delta_e);
    assert!(diff.within(common::TOLERANCE), "the window's picture is not the saved plan's");
    assert_eq!(scene.plan.healed_day(), day);
    common::assert_matches_reference(&shown, "view-scripted");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn landmarks_corrected_in_the_window_are_kept_beside_the_mesh_and_used_by_smp_render() {
    let dir = std::env::temp_dir().join(format!("smp-view-landmarks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mesh = dir.join("client.glb");
    smp_studio::mesh::export::write_glb(&smp_studio::mesh::procedural::mesh_head(4.0), &mesh).unwrap();
    let shot = dir.join("corrected.png");
    // The brow 12 mm lower: the hairline (measured from it) comes down too;
    // the nape moved as well, and that move undone.
    let source = smp_studio::mesh::source::HeadSource::file(mesh.clone(), Default::default());
    let found = source.load().unwrap().landmarks;
    let brow = found.brow - glam::Vec3::Y * 12.0;
    let script = format!(
        "view front\nlandmark brow {} {} {}\nframes 3\nlandmark nape 0 {} {}\nframes 2\nundo\nredo\nundo\nframes 2\n\
         save-landmarks\nscreenshot {} 320 320\n",
        brow.x,
        brow.y,
        brow.z,
        found.nape.y - 30.0,
        found.nape.z,
        shot.display()
    );
    let script_path = dir.join("script.txt");
    std::fs::write(&script_path, script).unwrap();
    let out = smp_view(&["--head", mesh.to_str().unwrap(), "--script", script_path.to_str().unwrap(), "--frames", "3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("panicked"), "smp view failed: {stderr}");

    let kept = smp_studio::mesh::landmarks_file::path_for(&mesh);
    assert!(kept.is_file(), "no {}: {stderr}", kept.display());
    let loaded = source.load().unwrap();
    assert_eq!(loaded.corrected_by.as_deref(), Some(kept.as_path()));
    assert!((loaded.landmarks.brow - brow).length() < 1e-3, "{} vs {brow}", loaded.landmarks.brow);
    assert!((loaded.landmarks.nape - found.nape).length() < 1e-3, "the nape's move was not undone");

    // What the window showed is what rendering the mesh shows now.
    let shown = image::open(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}): {stderr}")).to_rgba8();
    let scene = smp_studio::HeadScene::load(&source, Plan::default()).unwrap();
    let mut renderer = smp_studio::Renderer::new(common::gpu(), &scene).unwrap();
    let offscreen =
        renderer.render_at(&Orbit::from_view(View::Front).camera(), 320, 320, scene.plan.healed_day()).unwrap();
    let diff = compare(&shown, &offscreen).expect("same size");
    assert!(diff.within(common::TOLERANCE), "mean ΔE {:.3}: the window used other landmarks", diff.mean_delta_e);
    // And differs from the head with the landmarks it found.
    std::fs::remove_file(&kept).unwrap();
    let scene = smp_studio::HeadScene::load(&source, Plan::default()).unwrap();
    let mut renderer = smp_studio::Renderer::new(common::gpu(), &scene).unwrap();
    let uncorrected =
        renderer.render_at(&Orbit::from_view(View::Front).camera(), 320, 320, scene.plan.healed_day()).unwrap();
    let diff = compare(&shown, &uncorrected).expect("same size");
    assert!(!diff.within(common::TOLERANCE), "moving the brow 12 mm changed nothing");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// wgpu fails a surface configure while another thread submits: resizing
/// while the head's thread re-scatters must neither fail nor drop a frame's
/// work. Every submission and configure passes one gate
/// (`GpuContext::submit`); the same scenario 200 times under load is
/// `scripts/stress-resize.sh`, a shorter loop runs here.
#[test]
fn resizing_while_the_head_is_laid_out_again_keeps_working() {
    for run in 0..3 {
        resize_while_laying_out(run);
    }
}

fn resize_while_laying_out(run: u32) {
    let dir = std::env::temp_dir().join(format!("smp-view-resize-{}-{run}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let shot = dir.join("after-resizes.png");
    let mut script = String::new();
    for k in 1..=15 {
        script += &format!(
            "set zones.top {}\nresize {} 600\nset zones.crown {}\nresize 1100 {}\n",
            80 + k,
            800 + 10 * k,
            70 + k,
            600 + 5 * k
        );
    }
    script += &format!("screenshot {} 200 200\n", shot.display());
    let script_path = dir.join("script.txt");
    std::fs::write(&script_path, script).unwrap();
    let out = smp_view(&["--script", script_path.to_str().unwrap(), "--frames", "3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("panicked"), "smp view failed: {stderr}");
    assert!(!stderr.contains("GPU work failed"), "run {run}: a resize broke the head's work: {stderr}");
    let shown = image::open(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}): {stderr}")).to_rgba8();
    assert_eq!(shown.dimensions(), (200, 200));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_head_picked_in_the_window_carries_the_plan_and_its_undo() {
    let dir = std::env::temp_dir().join(format!("smp-view-head-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let shot = dir.join("woman.png");
    let saved = dir.join("plan.toml");
    // An edit on the man, the woman picked, the edit undone on her: the plan
    // and its history go with the head.
    let script = format!(
        "view front\nset zones.top 130\nframes 2\nhead woman\nframes 2\nundo\nframes 2\nscreenshot {} 320 320\nsave {}\n",
        shot.display(),
        saved.display()
    );
    let script_path = dir.join("script.txt");
    std::fs::write(&script_path, script).unwrap();
    let out = smp_view(&["--script", script_path.to_str().unwrap(), "--frames", "3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("panicked"), "smp view failed: {stderr}");
    let plan = smp_studio::plan::file::load(&saved).unwrap();
    assert_eq!(plan.zones.top, Plan::default().zones.top, "the undo after the head change was lost");

    let shown = image::open(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}): {stderr}")).to_rgba8();
    let camera = Orbit::from_view(View::Front).camera();
    let draw = |head: smp_studio::mesh::procedural::BuiltinHead| {
        let scene = smp_studio::HeadScene::of_builtin(head, Plan::default()).unwrap();
        let mut renderer = smp_studio::Renderer::new(common::gpu(), &scene).unwrap();
        renderer.render_at(&camera, 320, 320, scene.plan.healed_day()).unwrap()
    };
    use smp_studio::mesh::procedural::BuiltinHead;
    let diff = compare(&shown, &draw(BuiltinHead::Woman)).expect("same size");
    assert!(diff.within(common::TOLERANCE), "mean ΔE {:.3} against the woman rendered offscreen", diff.mean_delta_e);
    let diff = compare(&shown, &draw(BuiltinHead::Man)).expect("same size");
    assert!(!diff.within(common::TOLERANCE), "the window still shows the man");
    std::fs::remove_dir_all(&dir).unwrap();
}
