//! Helpers shared by the integration tests.
#![allow(dead_code)]

use smp_studio::core::output_file::write_png_atomic;
use smp_studio::gpu::GpuContext;
use smp_studio::output::compare::{Tolerance, compare};
use smp_studio::{HeadScene, Plan, Renderer};
use std::path::{Path, PathBuf};

/// A device, or a failure that says what to install. Render tests never
/// skip for want of a GPU: the CPU drivers are enough.
pub fn gpu() -> GpuContext {
    GpuContext::new().unwrap_or_else(|e| panic!("render tests need a graphics adapter: {e}"))
}

pub fn renderer(plan: Plan) -> (HeadScene, Renderer) {
    let scene = HeadScene::builtin(plan).expect("valid plan");
    let renderer = Renderer::new(gpu(), &scene).expect("renderer");
    (scene, renderer)
}

pub fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference")
}

pub const TOLERANCE: Tolerance = smp_studio::output::compare::IMAGE_TEST_TOLERANCE;

/// Compares `actual` with tests/reference/NAME.png; on failure writes
/// NAME.actual.png and NAME.diff.png beside it. `SMP_UPDATE_REFERENCES=1`
/// rewrites the reference instead.
pub fn assert_matches_reference(actual: &image::RgbaImage, name: &str) {
    let dir = reference_dir();
    let reference_path = dir.join(format!("{name}.png"));
    if std::env::var_os("SMP_UPDATE_REFERENCES").is_some() {
        write_png_atomic(actual, &reference_path).expect("write reference");
        return;
    }
    let reference = image::open(&reference_path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with SMP_UPDATE_REFERENCES=1 to create it", reference_path.display()))
        .to_rgba8();
    let Some(diff) = compare(actual, &reference) else {
        let actual_path = dir.join(format!("{name}.actual.png"));
        write_png_atomic(actual, &actual_path).expect("write actual");
        panic!(
            "{name}: the image is {:?}, its reference {:?}; see {}",
            actual.dimensions(),
            reference.dimensions(),
            actual_path.display()
        );
    };
    eprintln!(
        "{name}: mean ΔE {:.3}, 99.5 % ΔE {:.2}, max {:.1}",
        diff.mean_delta_e, diff.p995_delta_e, diff.max_delta_e
    );
    if !diff.within(TOLERANCE) {
        let actual_path = dir.join(format!("{name}.actual.png"));
        let diff_path = dir.join(format!("{name}.diff.png"));
        write_png_atomic(actual, &actual_path).expect("write actual");
        write_png_atomic(&diff.heat, &diff_path).expect("write difference");
        panic!(
            "{name}: mean ΔE {:.3}, 99.5 % ΔE {:.2} (max {:.1}) exceed {TOLERANCE:?}; see {} and {}",
            diff.mean_delta_e,
            diff.p995_delta_e,
            diff.max_delta_e,
            actual_path.display(),
            diff_path.display()
        );
    }
}
