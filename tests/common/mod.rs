//! Helpers shared by the integration tests.
#![allow(dead_code)]

use smp_studio::gpu::GpuContext;
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
