//! `smp head …` and the `--head FILE` options shared by render and view
//! (part of the `smp` binary, not the library).

use clap::{Args, Subcommand};
use smp_studio::SmpError;
use smp_studio::head::{HeadSource, inspect};
use smp_studio::mesh::fit::{FitOptions, Units, parse_axis};
use std::path::PathBuf;

/// Which head: the built-in one, or a mesh file fitted to our frame.
#[derive(Args, Clone, Debug)]
pub struct HeadArgs {
    /// A head mesh (.obj, .gltf, .glb) instead of the built-in head: scaled
    /// to millimetres, turned upright and facing front, cropped to head and
    /// neck (`smp head inspect FILE` shows what was found).
    #[arg(long)]
    pub head: Option<PathBuf>,
    /// The mesh's units: mm, cm, m, in, or auto (judged from the head's breadth).
    #[arg(long, default_value = "auto", requires = "head")]
    pub units: String,
    /// The mesh's up axis (+y, -z…), if finding it goes wrong.
    #[arg(long, allow_hyphen_values = true, requires = "head")]
    pub up: Option<String>,
    /// The axis the face looks along (+z, -x…), if finding it goes wrong.
    #[arg(long, allow_hyphen_values = true, requires = "head")]
    pub front: Option<String>,
}

impl HeadArgs {
    pub fn source(&self) -> Result<HeadSource, SmpError> {
        let Some(path) = &self.head else { return Ok(HeadSource::Builtin) };
        let options = FitOptions {
            units: Units::parse(&self.units)?,
            up: self.up.as_deref().map(parse_axis).transpose()?,
            front: self.front.as_deref().map(parse_axis).transpose()?,
        };
        Ok(HeadSource::File { path: path.clone(), options })
    }
}

#[derive(Subcommand)]
pub enum HeadCommand {
    /// Import and fit a head mesh and print what was found: size, units,
    /// orientation, landmarks, scalp area, warnings, timings.
    Inspect {
        #[command(flatten)]
        head: InspectArgs,
    },
    /// Write the built-in head (or a fitted --head) as .obj or .glb.
    Export {
        /// Output file; the format follows the extension (.obj or .glb).
        #[arg(long, short)]
        output: PathBuf,
        /// Mesh the built-in head at this cell size (mm) instead of 2.5 mm
        /// (0.7 gives ≈ 1 M triangles, for import benchmarks).
        #[arg(long, conflicts_with = "head")]
        cell: Option<f32>,
        #[command(flatten)]
        head: HeadArgs,
    },
}

#[derive(Args)]
pub struct InspectArgs {
    /// The mesh file (.obj, .gltf, .glb).
    file: PathBuf,
    #[arg(long, default_value = "auto")]
    units: String,
    #[arg(long, allow_hyphen_values = true)]
    up: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    front: Option<String>,
}

pub fn run(command: HeadCommand) -> Result<(), SmpError> {
    match command {
        HeadCommand::Inspect { head } => {
            let args = HeadArgs { head: Some(head.file), units: head.units, up: head.up, front: head.front };
            print!("{}", inspect(&args.source()?)?);
        }
        HeadCommand::Export { output, cell, head } => {
            let mut loaded = head.source()?.load()?;
            if let Some(cell) = cell {
                if !(0.3..=10.0).contains(&cell) {
                    return Err(SmpError::Limit {
                        what: format!("--cell {cell}"),
                        problem: "expected 0.3 to 10 mm".into(),
                    });
                }
                loaded.mesh = smp_studio::mesh::procedural::mesh_head(cell);
            }
            if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
                smp_studio::output::prepare_folder(dir)?;
            }
            match output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
                Some("obj") => smp_studio::mesh::export::write_obj(&loaded.mesh, &output)?,
                Some("glb") => smp_studio::mesh::export::write_glb(&loaded.mesh, &output)?,
                _ => {
                    return Err(SmpError::Limit {
                        what: output.display().to_string(),
                        problem: "expected a .obj or .glb file name".into(),
                    });
                }
            }
            println!("{}", output.display());
        }
    }
    Ok(())
}
