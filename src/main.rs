//! `smp`: render SMP previews headlessly, inspect the GPU, benchmark.
//! Parses the command line and hands each command to its file in `cli/`.

use clap::{Parser, Subcommand};
use smp_studio::cli;
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
    Render(cli::render::RenderArgs),
    /// Open the live view: orbit the head, tune the plan, scrub the timeline.
    View(cli::view::ViewArgs),
    /// Write or check treatment plan files (TOML).
    #[command(subcommand)]
    Plan(cli::plan::PlanCommand),
    /// List the presets, clinical and training, with a line each.
    Presets,
    /// Measure what a plan places: dots per session, scalp area, achieved
    /// against target density per zone, Clark–Evans R, mean dot diameter.
    Stats(cli::stats::StatsArgs),
    /// Density heat map on the scalp chart: dots/cm² achieved beside the target.
    Heatmap(cli::heatmap::HeatmapArgs),
    /// Import, fit, inspect and export head meshes.
    #[command(subcommand)]
    Head(cli::head::HeadCommand),
    /// Print the graphics adapter, backend and limits that would be used.
    Info,
    /// Time each stage of the pipeline (scatter, raster, splat, compose, readback).
    Bench(cli::bench::BenchArgs),
    /// Measure the look as on real before/after photographs: transmittance
    /// and greying of the treated scalp and of the remaining hair against
    /// the bare scalp (DOMAIN: 0.69–0.86, red share −14–18 %).
    Look(cli::look::LookArgs),
    /// Compare two renders (e.g. from two machines or drivers): CIE ΔE per
    /// pixel, mean, 99.5th percentile and maximum; exit 1 past the tolerance
    /// the image tests use.
    Compare(cli::compare::CompareArgs),
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
    let result = match Cli::parse().command {
        Command::Render(args) => cli::render::run(args),
        Command::View(args) => cli::view::run(args),
        Command::Plan(command) => cli::plan::run(command),
        Command::Presets => cli::presets::run(),
        Command::Stats(args) => cli::stats::run(args),
        Command::Look(args) => cli::look::run(args),
        Command::Heatmap(args) => cli::heatmap::run(args),
        Command::Info => cli::info::run(),
        Command::Compare(args) => cli::compare::run(&args),
        Command::Head(command) => cli::head::run(command),
        Command::Bench(args) => cli::bench::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
