//! `smp heatmap`: dots/cm² achieved on the scalp chart beside the target,
//! and on the head in false colour.

use super::head::HeadArgs;
use super::plan_args::PlanArgs;
use super::{parse_size, parse_views_or_none, print_warnings};
use crate::core::camera::Camera;
use crate::core::error::SmpError;
use crate::core::output_file::{prepare_folder, write_png_atomic};
use crate::gpu::GpuContext;
use crate::output::heatmap::{DensityGrid, with_legend};
use crate::output::render::Renderer;
use crate::plan::scene::HeadScene;
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct HeatmapArgs {
    /// Folder for heatmap-chart.png (the scalp chart) and heatmap-VIEW.png (on the head).
    #[arg(long, short, default_value = "out")]
    out: PathBuf,
    /// Views of the head in false colour, comma separated (none: "").
    #[arg(long, default_value = "top,three-quarter,back", value_delimiter = ',')]
    views: Vec<String>,
    /// Image size of the head views (N or WxH).
    #[arg(long, default_value = "768")]
    size: String,
    #[command(flatten)]
    plan: PlanArgs,
    #[command(flatten)]
    head: HeadArgs,
}

pub fn run(args: HeatmapArgs) -> Result<(), SmpError> {
    let views = parse_views_or_none(&args.views)?;
    let (width, height) = parse_size(&args.size)?;
    let plan = args.plan.plan()?;
    let scene = HeadScene::load(&args.head.source()?, plan)?;
    print_warnings(&scene);
    prepare_folder(&args.out)?;
    let mut renderer = Renderer::new(GpuContext::new()?, &scene)?;
    let dots = renderer.dots().read(&renderer.ctx)?;
    let grid = DensityGrid::measure(&scene, &dots);
    let title = format!("{} - dots/cm2 on the scalp chart, front at the top", scene.plan.name);
    let path = args.out.join("heatmap-chart.png");
    write_png_atomic(&grid.image(&title), &path)?;
    println!("{}", path.display());
    for view in views {
        let render = renderer.render_heat(&Camera::for_view(view), width, height, grid.scale())?;
        let title = format!("{} - {} - dots/cm2", scene.plan.name, view.name());
        let path = args.out.join(format!("heatmap-{}.png", view.name()));
        write_png_atomic(&with_legend(&render, &title, grid.scale()), &path)?;
        println!("{}", path.display());
    }
    Ok(())
}
