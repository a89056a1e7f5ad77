//! `smp look`: the look measured as on real before/after photographs.

use super::head::HeadArgs;
use super::plan_args::PlanArgs;
use super::{parse_size, parse_views_or_none, print_warnings, to_json};
use crate::core::camera::Camera;
use crate::core::error::SmpError;
use crate::gpu::GpuContext;
use crate::output::render::Renderer;
use crate::plan::scene::HeadScene;
use clap::Args;

#[derive(Args)]
pub struct LookArgs {
    /// Views measured, comma separated (as --views of render).
    #[arg(long, default_value = "left,three-quarter,front", value_delimiter = ',')]
    views: Vec<String>,
    /// Image size in pixels: N for N×N, or WxH.
    #[arg(long, default_value = "1024")]
    size: String,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    plan: PlanArgs,
    #[command(flatten)]
    head: HeadArgs,
}

pub fn run(args: LookArgs) -> Result<(), SmpError> {
    let views = parse_views_or_none(&args.views)?;
    let (width, height) = parse_size(&args.size)?;
    let scene = HeadScene::load(&args.head.source()?, args.plan.plan()?)?;
    print_warnings(&scene);
    let mut renderer = Renderer::new(GpuContext::new()?, &scene)?;
    let mut measured = Vec::new();
    for view in views {
        measured
            .push((view, crate::output::look::measure_view(&mut renderer, &Camera::for_view(view), width, height)?));
    }
    if args.json {
        let rows: Vec<_> = measured
            .iter()
            .map(|(v, l)| serde_json::json!({ "view": v.name(), "smp": l.smp, "hair": l.hair }))
            .collect();
        println!("{}", to_json(&rows)?);
    } else {
        print!("{}", crate::output::look::table(&scene.plan, &measured));
    }
    Ok(())
}
