//! `smp`: render SMP previews headlessly, inspect the GPU, benchmark.

use clap::{Args, Parser, Subcommand};
use smp_studio::gpu::GpuContext;
use smp_studio::output::{prepare_folder, write_png_atomic};
use smp_studio::{Camera, HeadScene, Plan, Renderer, SmpError, View};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "smp", version, about = "Scalp micropigmentation previews on a 3-D head, rendered on the GPU")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render the built-in head with a plan to PNG files, one per view.
    Render(RenderArgs),
    /// Print the graphics adapter, backend and limits that would be used.
    Info,
    /// Time each stage of the pipeline (scatter, raster, splat, compose, readback).
    Bench(BenchArgs),
}

/// Plan values settable from the command line. Defaults: DOMAIN.md's healed
/// full-top treatment.
#[derive(Args, Clone)]
struct PlanArgs {
    /// Target density inside the scalp region, dots per cm² (≈ 100 for a healed top and crown).
    #[arg(long, default_value_t = 100.0, allow_negative_numbers = true)]
    density: f32,
    /// Healed dot diameter in mm (a single-needle 1RL dot heals to 0.10–0.15 mm).
    #[arg(long, default_value_t = 0.13, allow_negative_numbers = true)]
    dot_diameter: f32,
    /// Pigment dilution, water parts per pigment part (12 = 12:1; course scale 20:1 light to 6:1 dark).
    #[arg(long, default_value_t = 12.0, allow_negative_numbers = true)]
    dilution: f32,
    /// Skin tone on the Monk scale, 1 (lightest) to 10 (darkest).
    #[arg(long, default_value_t = 4)]
    skin_tone: u8,
    /// Hairline height above the brow line, mm over the skin.
    #[arg(long, default_value_t = 70.0, allow_negative_numbers = true)]
    hairline_height: f32,
    /// Random seed: the same seed gives the same dots.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

impl PlanArgs {
    fn plan(&self) -> Plan {
        let mut plan =
            Plan { density_per_cm2: self.density, skin_tone: self.skin_tone, seed: self.seed, ..Plan::default() };
        plan.hairline.height_above_brow_mm = self.hairline_height;
        plan.hairline_start_per_cm2 = plan.hairline_start_per_cm2.min(self.density.max(0.0));
        plan.sessions[0].dot_diameter_mm = self.dot_diameter;
        plan.sessions[0].dilution = self.dilution;
        plan
    }
}

#[derive(Args)]
struct RenderArgs {
    /// Views to render, comma separated: front, back, left, right, top, three-quarter, or all.
    #[arg(long, default_value = "front,three-quarter,top,back", value_delimiter = ',')]
    views: Vec<String>,
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
}

#[derive(Args)]
struct BenchArgs {
    /// Image size (N or WxH).
    #[arg(long, default_value = "1024")]
    size: String,
    /// Frames timed per case; medians are reported.
    #[arg(long, default_value_t = 7)]
    frames: u32,
    /// Dot counts to time, comma separated.
    #[arg(long, default_value = "100000,1000000", value_delimiter = ',')]
    dots: Vec<u32>,
}

fn parse_size(text: &str) -> Result<(u32, u32), SmpError> {
    let bad = || SmpError::Limit {
        what: format!("--size {text}"),
        problem: "expected N or WxH in pixels, e.g. 1024 or 1280x720".into(),
    };
    let parse = |s: &str| s.trim().parse::<u32>().map_err(|_| bad());
    match text.split_once(['x', 'X', '×']) {
        Some((w, h)) => Ok((parse(w)?, parse(h)?)),
        None => {
            let n = parse(text)?;
            Ok((n, n))
        }
    }
}

fn parse_views(names: &[String]) -> Result<Vec<View>, SmpError> {
    let mut views = Vec::new();
    for name in names {
        if name.trim() == "all" {
            views.extend(View::ALL);
        } else {
            views.push(View::parse(name)?);
        }
    }
    views.dedup();
    Ok(views)
}

fn render(args: RenderArgs) -> Result<(), SmpError> {
    let views = parse_views(&args.views)?;
    let (width, height) = parse_size(&args.size)?;
    let (near, far) = smp_studio::camera::DISTANCE_RANGE_MM;
    if let Some(d) = args.distance
        && !(d >= near && d <= far)
    {
        return Err(SmpError::Limit {
            what: format!("--distance {d}"),
            problem: format!("expected {near}–{far} mm from the head centre"),
        });
    }
    let plan = args.plan.plan();
    plan.validate()?;
    prepare_folder(&args.out)?;
    let ctx = GpuContext::new()?;
    let scene = HeadScene::builtin(plan)?;
    let mut renderer = Renderer::new(ctx, &scene)?;
    let progress = std::io::stderr().is_terminal() && views.len() > 1;
    for (k, view) in views.iter().enumerate() {
        if progress {
            eprint!("\rrendering {} ({}/{})…   ", view.name(), k + 1, views.len());
        }
        let camera = match args.distance {
            Some(d) => Camera::at_distance(*view, d),
            None => Camera::for_view(*view),
        };
        let image = renderer.render(&camera, width, height)?;
        let path = args.out.join(format!("{}.png", view.name()));
        write_png_atomic(&image, &path)?;
        if progress {
            eprint!("\r\x1b[K");
        }
        println!("{}", path.display());
    }
    Ok(())
}

fn info() -> Result<(), SmpError> {
    let ctx = GpuContext::new()?;
    let l = ctx.limits();
    println!("adapter: {}", ctx.info.name);
    println!("backend: {:?}", ctx.info.backend);
    println!("device type: {:?}", ctx.info.device_type);
    println!("driver: {} {}", ctx.info.driver, ctx.info.driver_info);
    println!("max texture size: {}", l.max_texture_dimension_2d);
    println!("max storage buffer binding: {} MiB", l.max_storage_buffer_binding_size >> 20);
    println!("max buffer size: {} MiB", l.max_buffer_size >> 20);
    println!("max storage buffers per stage: {}", l.max_storage_buffers_per_shader_stage);
    println!("max workgroups per dimension: {}", l.max_compute_workgroups_per_dimension);
    println!("max dots: {}", l.max_storage_buffer_binding_size.min(l.max_buffer_size) / 32);
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => render(args),
        Command::Info => info(),
        Command::Bench(args) => {
            parse_size(&args.size).and_then(|(w, h)| smp_studio::bench::run(w, h, args.frames, &args.dots))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
