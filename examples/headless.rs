//! Render the built-in head with the default plan, in a few lines.
//! `cargo run --release --example headless` writes `headless.png`.

use smp_studio::core::output_file::write_png_atomic;
use smp_studio::gpu::GpuContext;
use smp_studio::{Camera, HeadScene, Plan, Renderer, View};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scene = HeadScene::builtin(Plan::default())?;
    let mut renderer = Renderer::new(GpuContext::new()?, &scene)?;
    let image = renderer.render(&Camera::for_view(View::ThreeQuarter), 768, 768)?;
    write_png_atomic(&image, "headless.png".as_ref())?;
    println!("wrote headless.png ({} dot slots scattered)", renderer.dots().count);
    Ok(())
}
