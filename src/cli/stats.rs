//! `smp stats`: what a plan places, measured.

use super::head::HeadArgs;
use super::plan_args::PlanArgs;
use super::{print_warnings, to_json};
use crate::core::error::SmpError;
use crate::gpu::GpuContext;
use crate::output::render::Renderer;
use crate::output::timeline::parse_moment;
use crate::plan::scene::HeadScene;
use clap::Args;

#[derive(Args)]
pub struct StatsArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// The day the mean dot diameter is measured at (1d, 4w, 1y…). Default: healed.
    #[arg(long)]
    at: Option<String>,
    #[command(flatten)]
    plan: PlanArgs,
    #[command(flatten)]
    head: HeadArgs,
}

pub fn run(args: StatsArgs) -> Result<(), SmpError> {
    let moment = args.at.as_deref().map(parse_moment).transpose()?;
    let plan = args.plan.plan()?;
    let scene = HeadScene::load(&args.head.source()?, plan)?;
    print_warnings(&scene);
    let renderer = Renderer::new(GpuContext::new()?, &scene)?;
    let dots = renderer.dots().read(&renderer.ctx)?;
    let day = moment.map_or(scene.plan.healed_day(), |m| m.days);
    let report = crate::output::report::report(&scene, &dots, day);
    if args.json {
        println!("{}", to_json(&report)?);
    } else {
        print!("{}", report.text());
    }
    Ok(())
}
