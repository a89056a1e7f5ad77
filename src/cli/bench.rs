//! `smp bench`: per-stage times of the pipeline at given dot counts.
//! Each stage is submitted alone and waited for, so times include the
//! driver's submission cost; medians over several frames. Also times
//! importing a mesh, generating the built-in heads, and soaks the renderer.

use crate::core::camera::{Camera, View};
use crate::core::error::Result;
use crate::gpu::GpuContext;
use crate::gpu::scatter::blue_noise::BlueNoiseTile;
use crate::gpu::scatter::cells::{BASE_TILE_DENSITY, ScatterCells};
use crate::output::render::Renderer;
use crate::output::soak::{EDIT_EVERY, SAMPLE_EVERY, SoakSample, edited_plan, verdict};
use crate::output::stats::expected_dots;
use crate::plan::Plan;
use crate::plan::scene::HeadScene;
use clap::Args;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct BenchArgs {
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

pub fn run(args: BenchArgs) -> Result<()> {
    if args.heads {
        return run_heads(args.frames);
    }
    if let Some(path) = &args.import {
        return run_import(path, args.frames);
    }
    let (width, height) = super::parse_size(&args.size)?;
    match args.soak {
        Some(frames) => soak(frames, width, height),
        None => run_stages(width, height, args.frames, &args.dots),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

pub fn run_stages(width: u32, height: u32, frames: u32, dot_counts: &[u32]) -> Result<()> {
    let frames = frames.max(1);
    let ctx = GpuContext::new()?;
    println!("adapter: {}", ctx.describe());
    println!("image: {width}×{height}, {frames} frames per case, medians in ms");
    let start = Instant::now();
    let mut scene = HeadScene::builtin(Plan::default())?;
    println!(
        "built-in head ({} triangles), scalp chart, skin map and density map: {:.0} ms (CPU)",
        scene.mesh.triangle_count(),
        ms(start.elapsed())
    );
    // Dots per unit of plan density on this head, to hit each count.
    let per_cm2 = expected_dots(&scene.mesh, &scene.chart, &scene.density, |_| true) / scene.plan.zones.max() as f64;
    let mut renderer = Renderer::new(ctx, &scene)?;
    println!(
        "{:>9} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>12}",
        "dots", "scatter", "(cells)", "raster", "splat", "compose", "readback", "stages", "frame", "dots/s"
    );
    for &target in dot_counts {
        let mut plan = Plan::default();
        plan.set_peak_density((target as f64 / per_cm2) as f32);
        scene.set_plan(plan)?;
        renderer.set_plan(&scene)?;
        let alive = renderer.dots().read(&renderer.ctx)?.iter().filter(|d| d.alive()).count();

        // The whole scatter: laying out the cells on the CPU, then the GPU pass.
        // "(cells)" is the CPU part alone.
        let (mut scatter_times, mut cell_times) = (Vec::new(), Vec::new());
        for _ in 0..frames {
            let start = Instant::now();
            renderer.scatter_dots(&scene)?;
            scatter_times.push(start.elapsed());
            let start = Instant::now();
            ScatterCells::plan(
                &scene.chart,
                &scene.density,
                BlueNoiseTile::builtin(),
                scene.plan.seed,
                BASE_TILE_DENSITY,
            )?;
            cell_times.push(start.elapsed());
        }

        let camera = Camera::for_view(View::Front);
        renderer.render(&camera, width, height)?; // warm-up: shader compilation
        let (mut raster, mut splat, mut compose, mut readback, mut whole) = (vec![], vec![], vec![], vec![], vec![]);
        for _ in 0..frames {
            let (_, t) = renderer.render_timed(&camera, width, height)?;
            raster.push(t.raster);
            splat.push(t.splat);
            compose.push(t.compose);
            readback.push(t.readback);
            let start = Instant::now();
            renderer.render(&camera, width, height)?;
            whole.push(start.elapsed());
        }
        let stages =
            median(raster.clone()) + median(splat.clone()) + median(compose.clone()) + median(readback.clone());
        let splat_median = median(splat);
        println!(
            "{:>9} {:>9.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>9.1} {:>8.1} {:>12.3e}",
            alive,
            ms(median(scatter_times)),
            ms(median(cell_times)),
            ms(median(raster)),
            ms(splat_median),
            ms(median(compose)),
            ms(median(readback)),
            ms(stages),
            ms(median(whole)),
            alive as f64 / splat_median.as_secs_f64()
        );
    }
    plan_changes(&mut scene, &mut renderer, width, height, frames)?;
    Ok(())
}

/// Plan change to new frame, for the default plan: a density change
/// (density map, scatter, frame) and a change of look only (one frame).
fn plan_changes(scene: &mut HeadScene, renderer: &mut Renderer, width: u32, height: u32, frames: u32) -> Result<()> {
    let camera = Camera::for_view(View::Front);
    let mut plan = Plan::default();
    scene.set_plan(plan.clone())?;
    renderer.set_plan(scene)?;
    let (mut density, mut look) = (Vec::new(), Vec::new());
    for k in 0..frames {
        plan.zones.top = 100.0 - (k % 2) as f32;
        let start = Instant::now();
        scene.set_plan(plan.clone())?;
        renderer.set_plan(scene)?;
        renderer.render(&camera, width, height)?;
        density.push(start.elapsed());
        plan.sessions[1].dilution = 12.0 - (k % 2) as f32;
        let start = Instant::now();
        scene.set_plan(plan.clone())?;
        renderer.set_plan(scene)?;
        renderer.render(&camera, width, height)?;
        look.push(start.elapsed());
    }
    println!(
        "default plan, change to new frame: a zone's density {:.1} ms, a session's dilution {:.1} ms",
        ms(median(density)),
        ms(median(look))
    );
    Ok(())
}

/// `smp bench --import FILE`: reading and cleaning a mesh file, fitting it,
/// and building its scalp chart, each timed over `runs` runs (medians).
pub fn run_import(path: &std::path::Path, runs: u32) -> Result<()> {
    let source = crate::mesh::source::HeadSource::file(path.to_path_buf(), Default::default());
    let (mut import, mut fit, mut chart, mut both) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut skin = Vec::new();
    let mut triangles = 0;
    for _ in 0..runs.max(1) {
        let head = source.load()?;
        let start = Instant::now();
        let scalp_chart = crate::chart::ScalpChart::build(&head.mesh, head.landmarks.cranium_centre);
        chart.push(start.elapsed());
        let start = Instant::now();
        let _ = crate::chart::skin_map::SkinMap::build(&head.mesh, &head.landmarks, &scalp_chart);
        skin.push(start.elapsed());
        import.push(head.import_time);
        fit.push(head.fit_time);
        both.push(head.import_time + head.fit_time);
        triangles = head.mesh.triangle_count();
    }
    println!("{}: {triangles} triangles after fitting, {} runs, medians in ms", path.display(), import.len());
    println!(
        "read and clean {:.0}, fit {:.0}, import + fit {:.0}, scalp chart {:.0}, skin map {:.0}",
        ms(median(import)),
        ms(median(fit)),
        ms(median(both)),
        ms(median(chart)),
        ms(median(skin))
    );
    Ok(())
}

/// `smp bench --heads`: generating each built-in head's mesh (the field
/// meshed, coarsened and refined; no cache), over `runs` runs (medians).
pub fn run_heads(runs: u32) -> Result<()> {
    use crate::mesh::procedural::BuiltinHead;
    println!("built-in heads, {} runs each, medians in ms", runs.max(1));
    for head in BuiltinHead::ALL {
        let mut times = Vec::new();
        let mut triangles = 0;
        for _ in 0..runs.max(1) {
            let start = Instant::now();
            triangles = head.generate().triangle_count();
            times.push(start.elapsed());
        }
        println!("{:>18}: {:>6.0} ms, {triangles} triangles", head.name(), ms(median(times)));
    }
    Ok(())
}

/// `frames` offscreen renders of the default head at `width`×`height`,
/// the plan edited every `EDIT_EVERY` frames; prints each sample and a verdict.
fn soak(frames: u32, width: u32, height: u32) -> Result<()> {
    let ctx = GpuContext::new()?;
    println!("soak: {frames} renders at {width}×{height} on {}, plan edited every {EDIT_EVERY}", ctx.describe());
    let base = Plan::default();
    let mut scene = HeadScene::builtin(base.clone())?;
    let mut renderer = Renderer::new(ctx.clone(), &scene)?;
    let cameras: Vec<Camera> = View::ALL.iter().map(|v| Camera::for_view(*v)).collect();
    let day = base.healed_day();
    let mut samples = Vec::new();
    for frame in 1..=frames {
        if frame % EDIT_EVERY == 0 {
            scene.set_plan(edited_plan(&base, frame / EDIT_EVERY))?;
            renderer.set_plan(&scene)?;
        }
        let camera = &cameras[frame as usize % cameras.len()];
        std::hint::black_box(renderer.render_at(camera, width, height, day)?);
        if frame % SAMPLE_EVERY == 0 {
            let sample = SoakSample::take(frame, &ctx);
            println!("{}", sample.line());
            samples.push(sample);
        }
    }
    if !samples.is_empty() {
        println!("{}", verdict(&samples, 16.0));
    }
    Ok(())
}
