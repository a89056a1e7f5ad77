//! `smp view`: the live window.

use super::head::HeadArgs;
use super::parse_size;
use super::plan_args::PlanArgs;
use crate::core::error::SmpError;
use crate::core::output_file::prepare_folder;
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct ViewArgs {
    /// Window size in pixels (N or WxH).
    #[arg(long, default_value = "1280x720")]
    size: String,
    /// Close after this many frames (for tests and CI).
    #[arg(long)]
    frames: Option<u32>,
    /// Write the head view to this PNG when the window closes.
    #[arg(long)]
    screenshot: Option<PathBuf>,
    /// Turn the head every frame and print frame times on closing (with --frames).
    #[arg(long)]
    spin: bool,
    /// Edit the plan every 100 frames (a re-scatter) and print resident
    /// memory and live GPU objects every 1000 (with --frames, e.g.
    /// `--frames 10000 --spin --soak`): a leak shows as a climbing series.
    #[arg(long)]
    soak: bool,
    /// Run these actions first, one per frame (a text file, one action a
    /// line: view front, orbit 30 0, set zones.top 120, day 28,
    /// brush add 60 8 0,40 10,40, hairline 4 0 62, compare day 1826,
    /// heat on, mirror on, undo, resize 900 600, lose-device, frames 5,
    /// screenshot FILE [W H], save FILE, open FILE…). `--frames` counts after it.
    #[arg(long)]
    script: Option<PathBuf>,
    #[command(flatten)]
    plan: PlanArgs,
    #[command(flatten)]
    head: HeadArgs,
}

pub fn run(args: ViewArgs) -> Result<(), SmpError> {
    let size = parse_size(&args.size)?;
    let plan = args.plan.plan()?;
    if let Some(dir) = args.screenshot.as_ref().and_then(|p| p.parent()).filter(|d| !d.as_os_str().is_empty()) {
        prepare_folder(dir)?;
    }
    let options = crate::view::app::ViewOptions {
        frames: args.frames,
        screenshot: args.screenshot,
        size,
        plan_path: args.plan.plan.clone(),
        spin: args.spin,
        soak: args.soak,
        head: args.head.source()?,
        script: match &args.script {
            Some(path) => crate::view::action::load_script(path)?,
            None => Vec::new(),
        },
    };
    crate::view::app::run(plan, options)
}
