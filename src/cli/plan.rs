//! `smp plan new` and `smp plan check`: plan files.

use crate::core::error::SmpError;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum PlanCommand {
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

pub fn run(command: PlanCommand) -> Result<(), SmpError> {
    match command {
        PlanCommand::New { preset, output } => {
            let plan = crate::plan::presets::preset(&preset)?;
            crate::plan::file::save(&plan, &output)?;
            println!("{}", output.display());
        }
        PlanCommand::Check { file } => {
            let plan = crate::plan::file::load(&file)?;
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
