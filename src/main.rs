//! `smp`: render SMP previews headlessly, inspect the GPU, benchmark.

mod cli_head;

use clap::{Args, Parser, Subcommand};
use smp_studio::gpu::GpuContext;
use smp_studio::output::{prepare_folder, write_png_atomic};
use smp_studio::plan::SkinTone;
use smp_studio::plan::hair::HairColour;
use smp_studio::timeline::{Moment, parse_moment, render_timeline, timeline_sheet};
use smp_studio::{Camera, Plan, Renderer, SmpError, View};
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
    /// Render the built-in head with a plan to PNG files: one per view, or
    /// per time and view with a contact sheet (--at).
    Render(RenderArgs),
    /// Open the live view: orbit the head, tune the plan, scrub the timeline.
    View(ViewArgs),
    /// Write or check treatment plan files (TOML).
    #[command(subcommand)]
    Plan(PlanCommand),
    /// List the presets, clinical and training, with a line each.
    Presets,
    /// Measure what a plan places: dots per session, scalp area, achieved
    /// against target density per zone, Clark–Evans R, mean dot diameter.
    Stats(StatsArgs),
    /// Density heat map on the scalp chart: dots/cm² achieved beside the target.
    Heatmap(HeatmapArgs),
    /// Import, fit, inspect and export head meshes.
    #[command(subcommand)]
    Head(cli_head::HeadCommand),
    /// Print the graphics adapter, backend and limits that would be used.
    Info,
    /// Time each stage of the pipeline (scatter, raster, splat, compose, readback).
    Bench(BenchArgs),
    /// Measure the look as on real before/after photographs: transmittance
    /// and greying of the treated scalp and of the remaining hair against
    /// the bare scalp (DOMAIN: 0.69–0.86, red share −14–18 %).
    Look(LookArgs),
    /// Compare two renders (e.g. from two machines or drivers): CIE ΔE per
    /// pixel, mean, 99.5th percentile and maximum; exit 1 past the tolerance
    /// the image tests use.
    Compare(CompareArgs),
}

#[derive(Args)]
struct CompareArgs {
    actual: PathBuf,
    reference: PathBuf,
    /// Write the per-pixel difference (grey, ΔE × 10) here.
    #[arg(long)]
    diff: Option<PathBuf>,
}

#[derive(Subcommand)]
enum PlanCommand {
    /// Write a plan file from a preset (edit it, then render it with --plan).
    New {
        /// Preset to start from (`smp presets` lists them).
        #[arg(long, default_value = "norwood-6")]
        preset: String,
        /// File to write; an existing file is replaced atomically.
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Parse and validate a plan file; print a summary, or what is wrong and where.
    Check { file: PathBuf },
}

/// Where the plan comes from, and values the command line overrides.
#[derive(Args, Clone)]
struct PlanArgs {
    /// Plan file (TOML; `smp plan new` writes one).
    #[arg(long, conflicts_with = "preset")]
    plan: Option<PathBuf>,
    /// Preset plan (`smp presets` lists them). Default: DOMAIN's full top in three sessions.
    #[arg(long)]
    preset: Option<String>,
    /// Density of the densest zone, dots per cm² (others scale with it; ≈ 100 on a healed top).
    #[arg(long, allow_negative_numbers = true)]
    density: Option<f32>,
    /// Healed dot diameter in mm for every session (a single-needle 1RL dot heals to 0.10–0.15 mm).
    #[arg(long, allow_negative_numbers = true)]
    dot_diameter: Option<f32>,
    /// Pigment dilution for every session, water parts per pigment part (12 = 12:1; 20:1 light to 6:1 dark).
    #[arg(long, allow_negative_numbers = true)]
    dilution: Option<f32>,
    /// Skin tone: Monk scale 1 (lightest) to 10 (darkest), or an sRGB hex colour like "#d7bd96".
    #[arg(long)]
    skin_tone: Option<String>,
    /// Hairline height above the brow line, mm over the skin.
    #[arg(long, allow_negative_numbers = true)]
    hairline_height: Option<f32>,
    /// Random seed: the same seed gives the same dots.
    #[arg(long)]
    seed: Option<u64>,
    /// Colour of the remaining hair: black, dark-brown, brown, light-brown, blond, red.
    #[arg(long)]
    hair_colour: Option<String>,
    /// Share of grey hairs, 0 to 1.
    #[arg(long, allow_negative_numbers = true)]
    grey_share: Option<f32>,
    /// Days since the head was shaved (0 = razor-fresh, up to 30): the stubble grows 0.35 mm a day.
    #[arg(long, allow_negative_numbers = true)]
    days_since_shave: Option<f32>,
    /// How much of the face's sun tan the scalp has, 0 (under hair until the shave) to 1 (as tanned as the face).
    #[arg(long, allow_negative_numbers = true)]
    scalp_tan: Option<f32>,
}

impl PlanArgs {
    fn plan(&self) -> Result<Plan, SmpError> {
        let mut plan = match (&self.plan, &self.preset) {
            (Some(path), _) => smp_studio::plan::file::load(path)?,
            (None, Some(name)) => smp_studio::plan::presets::preset(name)?,
            (None, None) => Plan::default(),
        };
        let flag = |name: &str, value: f32, lo: f32, hi: f32, unit: &str| -> Result<(), SmpError> {
            if value.is_finite() && (lo..=hi).contains(&value) {
                Ok(())
            } else {
                Err(SmpError::Limit {
                    what: format!("--{name} {value}"),
                    problem: format!("expected {lo} to {hi} {unit}"),
                })
            }
        };
        if let Some(d) = self.density {
            flag("density", d, 0.0, smp_studio::plan::MAX_DENSITY_PER_CM2, "dots/cm²")?;
            plan.set_peak_density(d);
        }
        if let Some(d) = self.dot_diameter {
            flag("dot-diameter", d, 0.02, 5.0, "mm")?;
            plan.sessions.iter_mut().for_each(|s| s.dot_diameter_mm = Some(d));
        }
        if let Some(d) = self.dilution {
            flag("dilution", d, 1.0, 100.0, "parts water per part pigment (12 means 12:1)")?;
            plan.sessions.iter_mut().for_each(|s| s.dilution = d);
        }
        if let Some(tone) = &self.skin_tone {
            plan.client.skin_tone = SkinTone::parse(tone).ok_or_else(|| SmpError::Limit {
                what: format!("--skin-tone {tone}"),
                problem: "expected a Monk skin tone 1 to 10, or an sRGB hex colour like #d7bd96".into(),
            })?;
        }
        if let Some(h) = self.hairline_height {
            flag("hairline-height", h, 30.0, 120.0, "mm above the brow")?;
            plan.hairline.height_above_brow_mm = h;
        }
        if let Some(seed) = self.seed {
            plan.seed = seed;
        }
        if let Some(name) = &self.hair_colour {
            plan.client.hair.colour = HairColour::parse(name).ok_or_else(|| SmpError::Limit {
                what: format!("--hair-colour {name}"),
                problem: "expected black, dark-brown, brown, light-brown, blond or red".into(),
            })?;
        }
        if let Some(g) = self.grey_share {
            flag("grey-share", g, 0.0, 1.0, "(a share of the hairs)")?;
            plan.client.hair.grey_share = g;
        }
        if let Some(d) = self.days_since_shave {
            flag("days-since-shave", d, 0.0, smp_studio::plan::hair::MAX_DAYS_SINCE_SHAVE, "days")?;
            plan.client.hair.days_since_shave = d;
        }
        if let Some(t) = self.scalp_tan {
            flag("scalp-tan", t, 0.0, 1.0, "(a share of the face's tan)")?;
            plan.client.scalp_tan = t;
        }
        plan.validate()?;
        Ok(plan)
    }
}

#[derive(Args)]
struct RenderArgs {
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
    head: cli_head::HeadArgs,
}

#[derive(Args)]
struct ViewArgs {
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
    head: cli_head::HeadArgs,
}

#[derive(Args)]
struct LookArgs {
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
    head: cli_head::HeadArgs,
}

#[derive(Args)]
struct StatsArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// The day the mean dot diameter is measured at (1d, 4w, 1y…). Default: healed.
    #[arg(long)]
    at: Option<String>,
    #[command(flatten)]
    plan: PlanArgs,
    #[command(flatten)]
    head: cli_head::HeadArgs,
}

#[derive(Args)]
struct HeatmapArgs {
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
    head: cli_head::HeadArgs,
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
    /// Time importing and fitting this mesh file instead (e.g. one written
    /// by `smp head export --cell 0.7 -o big.obj`, ≈ 2 M triangles).
    #[arg(long)]
    import: Option<PathBuf>,
    /// Soak instead: this many offscreen renders (e.g. 10000) at --size,
    /// the plan edited every 100, resident memory and live GPU objects
    /// printed every 1000, and whether they stayed flat.
    #[arg(long, conflicts_with = "import")]
    soak: Option<u32>,
    /// Time generating each built-in head's mesh instead (--frames runs
    /// each).
    #[arg(long, conflicts_with_all = ["import", "soak"])]
    heads: bool,
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
    let moments = args.at.iter().map(|t| parse_moment(t)).collect::<Result<Vec<_>, _>>()?;
    let plan = args.plan.plan()?;
    prepare_folder(&args.out)?;
    let ctx = GpuContext::new()?;
    let source = args.head.source()?;
    let scene = source.scene(plan)?;
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

fn view(args: ViewArgs) -> Result<(), SmpError> {
    let size = parse_size(&args.size)?;
    let plan = args.plan.plan()?;
    if let Some(dir) = args.screenshot.as_ref().and_then(|p| p.parent()).filter(|d| !d.as_os_str().is_empty()) {
        prepare_folder(dir)?;
    }
    let options = smp_studio::view::app::ViewOptions {
        frames: args.frames,
        screenshot: args.screenshot,
        size,
        plan_path: args.plan.plan.clone(),
        spin: args.spin,
        soak: args.soak,
        head: args.head.source()?,
        script: match &args.script {
            Some(path) => smp_studio::view::action::load_script(path)?,
            None => Vec::new(),
        },
    };
    smp_studio::view::app::run(plan, options)
}

fn compare_images(args: &CompareArgs) -> Result<(), SmpError> {
    let open = |path: &PathBuf| {
        smp_studio::input_file::read_image(path).map_err(|e| SmpError::Limit {
            what: path.display().to_string(),
            problem: format!("not a readable image: {e}"),
        })
    };
    let (actual, reference) = (open(&args.actual)?, open(&args.reference)?);
    let diff = smp_studio::compare::compare(&actual, &reference).ok_or_else(|| SmpError::Limit {
        what: format!("{} and {}", args.actual.display(), args.reference.display()),
        problem: format!("sizes differ: {:?} and {:?}", actual.dimensions(), reference.dimensions()),
    })?;
    println!("mean ΔE {:.3}, 99.5 % ΔE {:.2}, max ΔE {:.1}", diff.mean_delta_e, diff.p995_delta_e, diff.max_delta_e);
    if let Some(path) = &args.diff {
        write_png_atomic(&diff.heat, path)?;
    }
    let tolerance = smp_studio::compare::IMAGE_TEST_TOLERANCE;
    if !diff.within(tolerance) {
        eprintln!("outside the image tests' tolerance {tolerance:?}");
        std::process::exit(1);
    }
    Ok(())
}

fn plan_command(command: PlanCommand) -> Result<(), SmpError> {
    match command {
        PlanCommand::New { preset, output } => {
            let plan = smp_studio::plan::presets::preset(&preset)?;
            smp_studio::plan::file::save(&plan, &output)?;
            println!("{}", output.display());
        }
        PlanCommand::Check { file } => {
            let plan = smp_studio::plan::file::load(&file)?;
            println!("{}: ok: {}", file.display(), plan.name);
            let zones: Vec<String> = plan.zones.named().iter().map(|(n, v)| format!("{n} {v:.0}")).collect();
            println!("  zones (dots/cm²): {}", zones.join(", "));
            for (k, s) in plan.sessions.iter().enumerate() {
                println!(
                    "  session {}: day {}, {:.0} % of the density, {:.2} mm dots, {}:1, {:.2} mm deep",
                    k + 1,
                    s.day,
                    100.0 * s.share,
                    s.healed_diameter_mm(),
                    s.dilution,
                    s.depth_mm
                );
            }
        }
    }
    Ok(())
}

fn stats(args: StatsArgs) -> Result<(), SmpError> {
    let moment = args.at.as_deref().map(parse_moment).transpose()?;
    let plan = args.plan.plan()?;
    let scene = args.head.source()?.scene(plan)?;
    let renderer = Renderer::new(GpuContext::new()?, &scene)?;
    let dots = renderer.dots().read(&renderer.ctx)?;
    let day = moment.map_or(scene.plan.healed_day(), |m| m.days);
    let report = smp_studio::report::report(&scene, &dots, day);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| SmpError::Gpu(e.to_string()))?);
    } else {
        print!("{}", report.text());
    }
    Ok(())
}

fn look(args: LookArgs) -> Result<(), SmpError> {
    let names: Vec<String> = args.views.iter().filter(|v| !v.trim().is_empty()).cloned().collect();
    let views = parse_views(&names)?;
    let (width, height) = parse_size(&args.size)?;
    let scene = args.head.source()?.scene(args.plan.plan()?)?;
    let mut renderer = Renderer::new(GpuContext::new()?, &scene)?;
    let mut measured = Vec::new();
    for view in views {
        measured.push((view, smp_studio::look::measure_view(&mut renderer, &Camera::for_view(view), width, height)?));
    }
    if args.json {
        let rows: Vec<_> = measured
            .iter()
            .map(|(v, l)| serde_json::json!({ "view": v.name(), "smp": l.smp, "hair": l.hair }))
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows).map_err(|e| SmpError::Gpu(e.to_string()))?);
    } else {
        print!("{}", smp_studio::look::table(&scene.plan, &measured));
    }
    Ok(())
}

fn heatmap(args: HeatmapArgs) -> Result<(), SmpError> {
    let names: Vec<String> = args.views.iter().filter(|v| !v.trim().is_empty()).cloned().collect();
    let views = parse_views(&names)?;
    let (width, height) = parse_size(&args.size)?;
    let plan = args.plan.plan()?;
    let scene = args.head.source()?.scene(plan)?;
    prepare_folder(&args.out)?;
    let mut renderer = Renderer::new(GpuContext::new()?, &scene)?;
    let dots = renderer.dots().read(&renderer.ctx)?;
    let grid = smp_studio::heatmap::DensityGrid::measure(&scene, &dots);
    let title = format!("{} - dots/cm2 on the scalp chart, front at the top", scene.plan.name);
    let path = args.out.join("heatmap-chart.png");
    write_png_atomic(&grid.image(&title), &path)?;
    println!("{}", path.display());
    for view in views {
        let render = renderer.render_heat(&Camera::for_view(view), width, height, grid.scale())?;
        let title = format!("{} - {} - dots/cm2", scene.plan.name, view.name());
        let path = args.out.join(format!("heatmap-{}.png", view.name()));
        write_png_atomic(&smp_studio::heatmap::with_legend(&render, &title, grid.scale()), &path)?;
        println!("{}", path.display());
    }
    Ok(())
}

fn presets() -> Result<(), SmpError> {
    for training in [false, true] {
        println!("{}", if training { "\ntraining (mistakes beside the right way):" } else { "clinical:" });
        for p in smp_studio::plan::presets::PRESETS.iter().filter(|p| p.training == training) {
            println!("  {:<28} {}", p.name, p.description);
        }
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
    // Mesa's Vulkan device-select layer prints "error: XDG_RUNTIME_DIR is
    // invalid" on headless machines, which reads as our failure; we pick
    // the adapter ourselves, so the layer is not needed.
    if std::env::var_os("NODEVICE_SELECT").is_none() {
        // SAFETY: first thing in main, before any thread exists.
        unsafe { std::env::set_var("NODEVICE_SELECT", "1") };
    }
    // `smp presets | head` ends quietly, as Unix tools do, instead of
    // panicking on the closed pipe (Rust ignores SIGPIPE by default).
    // SAFETY: restores the default action before any thread exists.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => render(args),
        Command::View(args) => view(args),
        Command::Plan(command) => plan_command(command),
        Command::Presets => presets(),
        Command::Stats(args) => stats(args),
        Command::Look(args) => look(args),
        Command::Heatmap(args) => heatmap(args),
        Command::Info => info(),
        Command::Compare(args) => compare_images(&args),
        Command::Head(command) => cli_head::run(command),
        Command::Bench(args) if args.heads => smp_studio::bench::run_heads(args.frames),
        Command::Bench(args) => match (&args.import, args.soak) {
            (Some(path), _) => smp_studio::bench::run_import(path, args.frames),
            (None, Some(frames)) => {
                parse_size(&args.size).and_then(|(w, h)| smp_studio::soak::run(frames, w, h)).map(|_| ())
            }
            (None, None) => {
                parse_size(&args.size).and_then(|(w, h)| smp_studio::bench::run(w, h, args.frames, &args.dots))
            }
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
