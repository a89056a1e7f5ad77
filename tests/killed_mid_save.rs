//! A process killed (SIGKILL) while it saves never costs the user a file:
//! every file it was writing is afterwards the old version or the new one,
//! whole and readable, and the temporaries a killed writer leaves are gone
//! after the next save of the same file. The writer is this test binary
//! run again as a child that saves in a loop, through the product's own
//! functions: plan save (and the live view's autosave, the same call on
//! `<plan>.autosave.toml`), landmarks save, a render's PNG and a timeline's
//! contact sheet; and `smp plan new -o` through the real command.
//!
//! Where the kills land is random; what is asserted holds wherever they
//! land, so the test does not depend on the machine's speed.

use smp_studio::Plan;
use smp_studio::core::landmarks::HeadLandmarks;
use smp_studio::core::output_file::write_png_atomic;
use smp_studio::mesh::landmarks_file;
use smp_studio::mesh::procedural::builtin_landmarks;
use smp_studio::output::timeline;
use smp_studio::plan::file as plan_file;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const DIR_VAR: &str = "SMP_KILLED_MID_SAVE_DIR";
const FIRST_VAR: &str = "SMP_KILLED_MID_SAVE_FIRST";

/// The two versions of everything the writer saves.
struct Versions {
    plans: [Plan; 2],
    landmarks: [HeadLandmarks; 2],
    renders: [image::RgbaImage; 2],
    sheets: [image::RgbaImage; 2],
}

fn versions() -> Versions {
    let mut b = Plan::default();
    b.zones.top += 17.0;
    b.name = "the new version".into();
    let mut moved = builtin_landmarks();
    moved.brow.y -= 6.0;
    // Large enough that encoding and writing take a while (more kills land mid-write).
    let render = |k: u32| {
        image::RgbaImage::from_fn(768, 768, |x, y| {
            image::Rgba([(x * 7 + y * k) as u8, (y * 3 + k) as u8, (x ^ y) as u8, 255])
        })
    };
    let sheet = |k: u32| {
        let plan = Plan::default();
        let moments: Vec<_> = ["1d", "4w"].iter().map(|m| timeline::parse_moment(m).expect("moment")).collect();
        let rows = vec![vec![render(k)]; moments.len()];
        timeline::timeline_sheet(&plan, "man", &moments, &["front".to_string()], &rows, 384)
    };
    Versions {
        plans: [Plan::default(), b],
        landmarks: [builtin_landmarks(), moved],
        renders: [render(1), render(2)],
        sheets: [sheet(1), sheet(2)],
    }
}

struct Files {
    plan: PathBuf,
    autosave: PathBuf,
    landmarks: PathBuf,
    render: PathBuf,
    sheet: PathBuf,
}

fn files(dir: &Path) -> Files {
    Files {
        plan: dir.join("client.toml"),
        autosave: dir.join("client.autosave.toml"),
        landmarks: landmarks_file::path_for(&dir.join("scan.obj")),
        render: dir.join("front.png"),
        sheet: dir.join("sheet.png"),
    }
}

/// Saves version `k` of every file, starting with file `first` (each
/// killed writer starts with another, so kills land in every kind).
fn save_all(files: &Files, v: &Versions, k: usize, first: usize) {
    for kind in (0..5).map(|n| (n + first) % 5) {
        match kind {
            0 => plan_file::save(&v.plans[k], &files.plan).unwrap(),
            1 => plan_file::save(&v.plans[k], &files.autosave).unwrap(),
            2 => landmarks_file::save(&files.landmarks, &v.landmarks[k]).unwrap(),
            3 => write_png_atomic(&v.renders[k], &files.render).unwrap(),
            _ => write_png_atomic(&v.sheets[k], &files.sheet).unwrap(),
        }
    }
}

/// Not a test on its own: the writer the test below runs and kills. Run
/// without its variable it returns at once.
#[test]
fn writer_child_saves_until_killed() {
    let Some(dir) = std::env::var_os(DIR_VAR) else { return };
    let first = std::env::var(FIRST_VAR).ok().and_then(|f| f.parse().ok()).unwrap_or(0);
    let (files, v) = (files(Path::new(&dir)), versions());
    for k in (0..).map(|n| (n + 1) % 2) {
        save_all(&files, &v, k, first);
    }
}

/// Which version a file holds now; panics naming the file if neither.
fn version_of<T: PartialEq>(path: &Path, found: T, versions: &[T; 2]) -> usize {
    versions.iter().position(|v| *v == found).unwrap_or_else(|| panic!("{} is neither version", path.display()))
}

fn check_all(files: &Files, v: &Versions) -> [usize; 5] {
    let plan = |p: &Path| {
        let found = plan_file::load(p).unwrap_or_else(|e| panic!("{} is not a whole plan: {e}", p.display()));
        version_of(p, found, &v.plans)
    };
    let image = |p: &Path, versions: &[image::RgbaImage; 2]| {
        let found = image::open(p).unwrap_or_else(|e| panic!("{} is not a whole PNG: {e}", p.display())).to_rgba8();
        version_of(p, found, versions)
    };
    let fitted = builtin_landmarks();
    let landmarks = landmarks_file::load(&files.landmarks, &fitted)
        .unwrap_or_else(|e| panic!("landmarks not whole: {e}"))
        .expect("the landmarks file is there");
    [
        plan(&files.plan),
        plan(&files.autosave),
        version_of(&files.landmarks, landmarks, &v.landmarks),
        image(&files.render, &v.renders),
        image(&files.sheet, &v.sheets),
    ]
}

/// A fixed sequence of pseudo-random delays (xorshift), 0–`max_ms` ms.
fn delays(n: usize, max_ms: u64) -> Vec<Duration> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration::from_micros(x % (max_ms * 1000))
        })
        .collect()
}

fn temporaries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_writer_killed_at_any_moment_leaves_each_file_old_or_new_and_whole() {
    let dir = std::env::temp_dir().join(format!("smp-killed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (files, v) = (files(&dir), versions());
    save_all(&files, &v, 0, 0);
    let exe = std::env::current_exe().unwrap();
    let mut seen = [[0usize; 2]; 5];
    let mut strays = 0;
    for (n, delay) in delays(60, 300).into_iter().enumerate() {
        let mut child = Command::new(&exe)
            .args(["--exact", "writer_child_saves_until_killed", "--nocapture", "--test-threads=1"])
            .env(DIR_VAR, &dir)
            .env(FIRST_VAR, (n % 5).to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the writer");
        std::thread::sleep(delay);
        child.kill().expect("SIGKILL the writer");
        let status = child.wait().unwrap();
        assert!(!status.success(), "the writer ended by itself: {status}");
        for (kind, version) in check_all(&files, &v).into_iter().enumerate() {
            seen[kind][version] += 1;
        }
        strays += temporaries(&dir).len();
    }
    eprintln!(
        "60 kills: [old, new] per file (plan, autosave, landmarks, render, sheet): {seen:?}; {strays} temporaries seen"
    );
    // The kills landed while saving: some saves finished, some did not.
    assert!(seen.iter().any(|s| s[1] > 0), "the writer never finished a save: {seen:?}");
    // A later save of each file clears what killed writers left.
    save_all(&files, &v, 1, 0);
    assert_eq!(temporaries(&dir), Vec::<String>::new(), "killed writers' temporaries outlived the next save");
    assert_eq!(check_all(&files, &v), [1; 5]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn smp_plan_new_killed_at_any_moment_leaves_the_plan_whole() {
    let dir = std::env::temp_dir().join(format!("smp-killed-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("client.toml");
    let presets = ["norwood-3", "norwood-6"];
    let expected: Vec<Plan> = presets.iter().map(|p| smp_studio::plan::presets::preset(p).unwrap()).collect();
    let smp = env!("CARGO_BIN_EXE_smp");
    let new = |k: usize| {
        Command::new(smp)
            .args(["plan", "new", "--preset", presets[k], "-o", path.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run smp plan new")
    };
    assert!(new(0).wait().unwrap().success());
    let mut seen = [0; 2];
    for (n, delay) in delays(40, 15).into_iter().enumerate() {
        let mut child = new((n + 1) % 2);
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let found = plan_file::load(&path).unwrap_or_else(|e| panic!("after kill {n}: not a whole plan: {e}"));
        let k = expected.iter().position(|p| *p == found);
        seen[k.unwrap_or_else(|| panic!("after kill {n}: the plan is neither preset"))] += 1;
    }
    eprintln!("40 kills of smp plan new: {seen:?} (norwood-3, norwood-6)");
    assert!(new(0).wait().unwrap().success());
    assert_eq!(temporaries(&dir), Vec::<String>::new());
    std::fs::remove_dir_all(&dir).unwrap();
}
