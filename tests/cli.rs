//! The `smp` binary: the README's render command works, and bad input ends
//! in a clear error and a non-zero exit, never a panic.

use std::path::{Path, PathBuf};
use std::process::Command;

fn smp(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_smp")).args(args).output().expect("run smp");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("smp-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn render_writes_one_png_per_view() {
    let dir = temp_dir("views");
    let (ok, stdout, stderr) =
        smp(&["render", "--views", "front,left", "--size", "128", "--out", dir.to_str().unwrap()]);
    assert!(ok, "smp render failed: {stderr}");
    for view in ["front", "left"] {
        let path = dir.join(format!("{view}.png"));
        let img = image::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).to_rgba8();
        assert_eq!(img.dimensions(), (128, 128));
        assert!(stdout.contains(&path.display().to_string()));
    }
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "stray files: {names:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = temp_dir("bad");
    let out = dir.to_str().unwrap().to_string();
    let not_a_folder = std::env::temp_dir().join(format!("smp-cli-file-{}", std::process::id()));
    std::fs::write(&not_a_folder, b"a file").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["render", "--views", "sideways"], "unknown view 'sideways': expected one of front, back"),
        (vec!["render", "--size", "0"], "each side must be 1 to"),
        (vec!["render", "--size", "100000"], "each side must be 1 to"),
        (vec!["render", "--size", "big"], "expected N or WxH"),
        (vec!["render", "--density", "-5"], "--density -5: expected 0 to 20000 dots/cm²"),
        (vec!["render", "--density", "NaN"], "--density NaN: expected 0 to 20000 dots/cm²"),
        (vec!["render", "--dilution", "0"], "--dilution 0: expected 1 to 100 parts water per part pigment"),
        (vec!["render", "--skin-tone", "11"], "--skin-tone 11: expected a Monk skin tone 1 to 10"),
        (vec!["render", "--days-since-shave", "40"], "--days-since-shave 40: expected 0 to 30 days"),
        (vec!["render", "--grey-share", "1.5"], "--grey-share 1.5: expected 0 to 1"),
        (vec!["render", "--scalp-tan", "1.2"], "--scalp-tan 1.2: expected 0 to 1"),
        (vec!["render", "--hair-colour", "green"], "--hair-colour green: expected black, dark-brown"),
        (vec!["render", "--preset", "norwood-9"], "unknown preset 'norwood-9': expected one of norwood-2"),
        (vec!["render", "--plan", "/nonexistent/plan.toml"], "/nonexistent/plan.toml: no such file"),
        (vec!["render", "--at", "5q"], "--at 5q: the unit must be d, w, m or y"),
        (vec!["render", "--distance", "10"], "--distance 10: expected 150–3000 mm"),
        (vec!["render", "--head", "builtin:alien"], "unknown built-in head 'alien': expected one of man, woman"),
        (
            vec!["render", "--head", "builtin:man", "--units", "cm"],
            "--units, --up, --front and --texture are for a mesh file",
        ),
        (vec!["render", "--head", "builtin:woman", "--texture", "skin.png"], "are for a mesh file"),
        (vec!["render", "--out", not_a_folder.to_str().unwrap()], "choose another folder with --out"),
    ];
    for (mut args, expected) in cases {
        if !args.contains(&"--out") {
            args.extend(["--out", &out]);
        }
        let (ok, _, stderr) = smp(&args);
        assert!(!ok, "{args:?} succeeded");
        assert!(stderr.contains(expected), "{args:?}: expected «{expected}» in:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
    }
    // Nothing half-written was left behind.
    if dir.exists() {
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(left.is_empty(), "files left after failed runs: {left:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::remove_file(&not_a_folder).unwrap();
}

#[test]
fn adapter_choice_errors_say_what_to_do() {
    let run = |key: &str, value: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_smp")).arg("info").env(key, value).output().expect("run smp");
        (out.status.success(), String::from_utf8_lossy(&out.stderr).to_string())
    };
    let (ok, stderr) = run("WGPU_ADAPTER_NAME", "no-such-gpu");
    assert!(!ok && stderr.contains("WGPU_ADAPTER_NAME=no-such-gpu matches none of:"), "{stderr}");
    // No Metal on Linux: no adapter at all, and the message names the packages.
    let (ok, stderr) = run("WGPU_BACKEND", "metal");
    assert!(!ok && stderr.contains("apt-get install -y mesa-vulkan-drivers libvulkan1"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn too_many_dots_for_the_gpu_is_a_clear_error() {
    // 20 000 /cm² over ~550 cm² is ~11 M dots: past lavapipe's 128 MiB binding.
    let dir = temp_dir("many");
    let (ok, _, stderr) = smp(&["render", "--density", "20000", "--size", "64", "--out", dir.to_str().unwrap()]);
    assert!(!ok, "11 M dots rendered on a device that binds 128 MiB");
    assert!(stderr.contains("too many for this GPU") && stderr.contains("lower the density"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_plan_file_goes_from_preset_to_timeline_and_stats() {
    let dir = temp_dir("plan");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("client.toml");
    let file_s = file.to_str().unwrap();
    let (ok, _, stderr) = smp(&["plan", "new", "--preset", "ludwig-2", "-o", file_s]);
    assert!(ok, "plan new: {stderr}");
    let (ok, stdout, stderr) = smp(&["plan", "check", file_s]);
    assert!(ok && stdout.contains("ok: ludwig-2"), "plan check: {stdout}{stderr}");
    let out = dir.join("renders");
    let (ok, stdout, stderr) = smp(&[
        "render",
        "--plan",
        file_s,
        "--at",
        "1d,5y",
        "--views",
        "top",
        "--size",
        "64",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "render --plan: {stderr}");
    for name in ["top-1d.png", "top-5y.png", "sheet.png"] {
        assert!(out.join(name).is_file() && stdout.contains(name), "{name} missing: {stdout}");
    }
    let (ok, stdout, stderr) = smp(&["stats", "--plan", file_s, "--json"]);
    assert!(ok, "stats: {stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("stats --json prints JSON");
    assert_eq!(json["plan"], "ludwig-2");
    assert!(json["dots"].as_u64().unwrap() > 1000 && json["hairs"].as_u64().unwrap() > 1000, "{json}");
    assert_eq!(json["sessions"].as_array().unwrap().len(), 3);
    assert_eq!(json["zones"].as_array().unwrap().len(), 6);

    let heat = dir.join("heat");
    let (ok, _, stderr) =
        smp(&["heatmap", "--plan", file_s, "--views", "top", "--size", "64", "--out", heat.to_str().unwrap()]);
    assert!(ok, "heatmap: {stderr}");
    for name in ["heatmap-chart.png", "heatmap-top.png"] {
        assert!(heat.join(name).is_file(), "{name} missing");
    }

    // A broken edit is refused with the file, line, key and problem.
    let text = std::fs::read_to_string(&file).unwrap().replace("dilution = 12.0", "dilution = -1.0");
    std::fs::write(&file, text).unwrap();
    let (ok, _, stderr) = smp(&["plan", "check", file_s]);
    assert!(!ok, "a negative dilution passed the check");
    assert!(stderr.contains("client.toml: sessions[1].dilution: expected water:pigment of at least 1"), "{stderr}");
    std::fs::write(&file, "[zones]\ntopp = 5\n").unwrap();
    let (ok, _, stderr) = smp(&["render", "--plan", file_s, "--out", out.to_str().unwrap()]);
    assert!(!ok && stderr.contains("client.toml:2: zones.topp: unknown key; did you mean `top`?"), "{stderr}");
    assert!(!stderr.contains("panicked"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_head_file_is_exported_inspected_and_rendered() {
    let dir = temp_dir("head");
    let mesh = dir.join("ours.glb");
    let (ok, _, stderr) = smp(&["head", "export", "--cell", "6", "-o", mesh.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let (ok, stdout, stderr) = smp(&["head", "inspect", mesh.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    for expected in [
        "units: millimetres",
        "up: +y of the file (sure",
        "front (the face): +z (sure",
        "brow",
        "nape",
        "cm²",
        "time: import",
    ] {
        assert!(stdout.contains(expected), "no `{expected}` in:\n{stdout}");
    }
    let out = dir.join("renders");
    let (ok, stdout, stderr) = smp(&[
        "render",
        "--head",
        mesh.to_str().unwrap(),
        "--views",
        "front",
        "--size",
        "128",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("front.png") && out.join("front.png").is_file(), "{stdout}");

    // Statistics and heat maps are of the head given: a head 10 % larger
    // has a fifth more scalp (areas go with the square).
    let stats = |head: Option<&Path>| {
        let mut args = vec!["stats", "--json"];
        if let Some(head) = head {
            args.extend(["--head", head.to_str().unwrap()]);
        }
        let (ok, stdout, stderr) = smp(&args);
        assert!(ok, "stats: {stderr}");
        serde_json::from_str::<serde_json::Value>(&stdout).expect("stats --json prints JSON")
    };
    let larger = dir.join("larger.glb");
    let mut head = smp_studio::mesh::procedural::mesh_head(6.0);
    head.positions.iter_mut().for_each(|p| *p *= 1.1);
    smp_studio::mesh::export::write_glb(&head, &larger).unwrap();
    let area = |json: &serde_json::Value| json["scalp_area_cm2"].as_f64().unwrap();
    let (ours, built_in, larger) = (stats(Some(&mesh)), stats(None), stats(Some(&larger)));
    assert!((area(&larger) / area(&ours) - 1.21).abs() < 0.04, "{} vs {} cm²", area(&larger), area(&ours));
    assert!((area(&ours) / area(&built_in) - 1.0).abs() < 0.06, "{} vs {} cm²", area(&ours), area(&built_in));
    let heat = dir.join("heat");
    let (ok, _, stderr) = smp(&[
        "heatmap",
        "--head",
        mesh.to_str().unwrap(),
        "--views",
        "front",
        "--size",
        "64",
        "--out",
        heat.to_str().unwrap(),
    ]);
    assert!(ok, "heatmap --head: {stderr}");
    assert!(heat.join("heatmap-chart.png").is_file() && heat.join("heatmap-front.png").is_file());
    let broken = dir.join("broken.obj");
    std::fs::write(&broken, "v 0 0 nan\n").unwrap();
    let (ok, _, stderr) = smp(&["stats", "--head", broken.to_str().unwrap()]);
    assert!(!ok && stderr.contains("broken.obj") && !stderr.contains("panicked"), "{stderr}");

    let (ok, _, stderr) = smp(&["head", "inspect", mesh.to_str().unwrap(), "--units", "furlongs"]);
    assert!(!ok && stderr.contains("--units furlongs: expected mm, cm, m, in or auto"), "{stderr}");
    let (ok, _, stderr) = smp(&["head", "inspect", mesh.to_str().unwrap(), "--up", "sideways"]);
    assert!(!ok && stderr.contains("axis `sideways`: expected +x, -x, +y, -y, +z or -z"), "{stderr}");
    let missing = dir.join("missing.obj");
    let (ok, _, stderr) = smp(&["render", "--head", missing.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(!ok && stderr.contains("missing.obj: cannot read it"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `smp presets | head -1`: the reader goes away before smp is done
/// writing; smp ends quietly (killed by SIGPIPE, as Unix tools are), not
/// with a panic about a broken pipe.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smp"))
        .arg("presets")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run smp");
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
}

#[test]
fn look_prints_the_photographs_measurement_beside_the_render() {
    let (ok, stdout, stderr) = smp(&["look", "--size", "256", "--views", "three-quarter", "--days-since-shave", "3"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("photographs: transmittance 0.69–0.86"), "{stdout}");
    assert!(stdout.contains("shaved 3 days ago"), "{stdout}");
    let row = stdout.lines().find(|l| l.starts_with("three-quarter")).unwrap_or_else(|| panic!("{stdout}"));
    let t: f32 = row.split_whitespace().nth(1).unwrap().parse().unwrap_or_else(|e| panic!("{row}: {e}"));
    assert!((0.5..1.0).contains(&t), "{row}");
    let (ok, json, stderr) = smp(&["look", "--size", "256", "--views", "top", "--json"]);
    assert!(ok, "{stderr}");
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(rows[0]["view"], "top");
    assert!(rows[0]["smp"]["transmittance"].as_f64().is_some(), "{json}");
}

#[test]
fn inspect_draws_the_fit_when_asked() {
    let dir = std::env::temp_dir().join(format!("smp-cli-check-{}", std::process::id()));
    let path = dir.join("check.png");
    let (ok, stdout, stderr) = smp(&["head", "inspect", "builtin:woman", "--image", path.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("check.png"), "{stdout}");
    let image = image::open(&path).unwrap().to_rgba8();
    // Three 384-pixel views side by side, under a title.
    assert!(image.width() >= 3 * 384 && image.height() > 384, "{:?}", image.dimensions());
    // The landmarks' yellow markers are drawn.
    let yellow = image.pixels().filter(|p| p[0] > 240 && p[1] > 215 && p[2] < 30).count();
    assert!(yellow > 50, "{yellow} marker pixels");
    std::fs::remove_dir_all(&dir).unwrap();
}
