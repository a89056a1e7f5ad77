//! `smp render`: PNGs of the head with a plan, one per view, or per time
//! and view with a contact sheet (`--at`).

use super::head::HeadArgs;
use super::plan_args::PlanArgs;
use super::{parse_size, parse_views, print_warnings};
use crate::core::camera::{Camera, DISTANCE_RANGE_MM};
use crate::core::error::SmpError;
use crate::core::output_file::{prepare_folder, write_png_atomic};
use crate::gpu::GpuContext;
use crate::output::render::Renderer;
use crate::output::timeline::{Moment, parse_moment, render_timeline, timeline_sheet};
use crate::plan::scene::HeadScene;
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Args)]
pub struct RenderArgs {
    /// Views to render, comma separated: portrait, front, back, left, right, top, three-quarter,
    /// or all.
    #[arg(long, default_value = "portrait,front,three-quarter,top,back", value_delimiter = ',')]
    views: Vec<String>,
    /// Times after the first session, comma separated: 1d, 7d, 4w, 6m, 1y, 5y (days, weeks,
    /// months, years). Writes VIEW-TIME.png for each and sheet.png (times × views).
    /// Default: the healed result, four weeks after the last session.
    #[arg(long, value_delimiter = ',')]
    at: Vec<String>,
    /// Image size in pixels: N for N×N, or WxH.
    #[arg(long, default_value = "1024")]
    size: String,
    /// Folder the PNGs are written to (made if missing).
    #[arg(long, short, default_value = "out")]
    out: PathBuf,
    /// Camera distance from the head centre in mm (150–3000): ≈ 1000 is
    /// conversation distance, ≈ 250 a close-up. Default: frame the whole head.
    #[arg(long, allow_negative_numbers = true)]
    distance: Option<f32>,
    #[command(flatten)]
    plan: PlanArgs,
    #[command(flatten)]
    head: HeadArgs,
}

pub fn run(args: RenderArgs) -> Result<(), SmpError> {
    let views = parse_views(&args.views)?;
    let (width, height) = parse_size(&args.size)?;
    let (near, far) = DISTANCE_RANGE_MM;
    if let Some(d) = args.distance
        && !(d >= near && d <= far)
    {
        return Err(SmpError::Limit {
            what: format!("--distance {d}"),
            problem: format!("expected {near}–{far} mm from the head centre"),
        });
    }
    let moments = args.at.iter().map(|t| parse_moment(t)).collect::<Result<Vec<_>, _>>()?;
    let plan = args.plan.plan()?;
    prepare_folder(&args.out)?;
    let ctx = GpuContext::new()?;
    let source = args.head.source()?;
    let scene = HeadScene::load(&source, plan)?;
    print_warnings(&scene);
    let mut renderer = Renderer::new(ctx, &scene)?;
    let cameras: Vec<Camera> = views
        .iter()
        .map(|v| match args.distance {
            Some(d) => Camera::at_distance(*v, d),
            None => Camera::for_view(*v),
        })
        .collect();
    // Without --at: the healed result, four weeks after the last session.
    let healed = vec![Moment { days: scene.plan.healed_day(), tag: String::new(), label: "healed".into() }];
    let timeline = !moments.is_empty();
    let moments = if timeline { moments } else { healed };
    let total = moments.len() * views.len();
    let progress = std::io::stderr().is_terminal() && total > 1;
    let mut done = 0;
    let rows = render_timeline(&mut renderer, &moments, &cameras, width, height, |t, c, image| {
        done += 1;
        let name = match timeline {
            true => format!("{}-{}.png", views[c].name(), moments[t].tag),
            false => format!("{}.png", views[c].name()),
        };
        let path = args.out.join(name);
        write_png_atomic(image, &path)?;
        if progress {
            eprint!("\r\x1b[K{done}/{total}");
        }
        println!("{}{}", if progress { "\r\x1b[K" } else { "" }, path.display());
        Ok(())
    })?;
    if timeline {
        let columns: Vec<String> = views.iter().map(|v| v.name().to_string()).collect();
        // Cells at most 384 px wide so a sheet of five times stays readable.
        let sheet = timeline_sheet(&scene.plan, &source.name(), &moments, &columns, &rows, 384);
        let path = args.out.join("sheet.png");
        write_png_atomic(&sheet, &path)?;
        println!("{}", path.display());
    }
    Ok(())
}
