//! `smp head …` and the `--head FILE` options shared by render and view
//! (part of the `smp` binary, not the library).

use clap::{Args, Subcommand};
use smp_studio::SmpError;
use smp_studio::head::{HeadSource, inspect};
use smp_studio::mesh::fit::{FitOptions, Units, parse_axis};
use smp_studio::mesh::procedural::BuiltinHead;
use std::path::PathBuf;

/// Which head: a built-in one, or a mesh file fitted to our frame.
#[derive(Args, Clone, Debug)]
pub struct HeadArgs {
    /// `builtin:NAME` for a built-in head (`smp head list`; the default is
    /// builtin:man), or a head mesh (.obj, .gltf, .glb, .ply, .stl): scaled to
    /// millimetres, turned upright and facing front, cropped to head and
    /// neck (`smp head inspect FILE` shows what was found).
    #[arg(long)]
    pub head: Option<String>,
    /// The mesh's units: mm, cm, m, in, or auto (judged from the head's breadth).
    #[arg(long, default_value = "auto", requires = "head")]
    pub units: String,
    /// The mesh's up axis (+y, -z…), if finding it goes wrong.
    #[arg(long, allow_hyphen_values = true, requires = "head")]
    pub up: Option<String>,
    /// The axis the face looks along (+z, -x…), if finding it goes wrong.
    #[arg(long, allow_hyphen_values = true, requires = "head")]
    pub front: Option<String>,
    /// The mesh's colour map (.png, .jpg or .tga), placed by its texture
    /// coordinates: for a scan whose map lies beside it unnamed, or in
    /// place of the one it names.
    #[arg(long, requires = "head")]
    pub texture: Option<PathBuf>,
}

impl HeadArgs {
    pub fn source(&self) -> Result<HeadSource, SmpError> {
        let Some(head) = &self.head else { return Ok(HeadSource::default()) };
        let options = FitOptions {
            units: Units::parse(&self.units)?,
            up: self.up.as_deref().map(parse_axis).transpose()?,
            front: self.front.as_deref().map(parse_axis).transpose()?,
        };
        let mut source = HeadSource::parse(head, options)?;
        let fitting = self.units != "auto" || self.up.is_some() || self.front.is_some() || self.texture.is_some();
        if let HeadSource::File { texture, .. } = &mut source {
            texture.clone_from(&self.texture);
        } else if fitting {
            return Err(SmpError::Limit {
                what: format!("--head {head}"),
                problem: "--units, --up, --front and --texture are for a mesh file; a built-in head needs none".into(),
            });
        }
        Ok(source)
    }
}

#[derive(Subcommand)]
pub enum HeadCommand {
    /// The built-in heads, for `--head builtin:NAME`.
    List,
    /// Import and fit a head mesh and print what was found: size, units,
    /// orientation, landmarks, scalp area, warnings, timings.
    Inspect {
        #[command(flatten)]
        head: InspectArgs,
    },
    /// Write a built-in head (or a fitted --head) as .obj, .glb, .ply or .stl.
    Export {
        /// Output file; the format follows the extension (.obj, .glb, .ply or
        /// .stl).
        #[arg(long, short)]
        output: PathBuf,
        /// Mesh the built-in head at this cell size (mm) instead of its
        /// default, on a uniform grid (0.7 gives ≈ 2 M triangles with the
        /// bust, for import benchmarks).
        #[arg(long)]
        cell: Option<f32>,
        #[command(flatten)]
        head: HeadArgs,
    },
}

#[derive(Args)]
pub struct InspectArgs {
    /// The mesh file (.obj, .gltf, .glb, .ply, .stl), or builtin:NAME.
    file: String,
    #[arg(long, default_value = "auto")]
    units: String,
    #[arg(long, allow_hyphen_values = true)]
    up: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    front: Option<String>,
    /// The mesh's colour map, if it does not name it (see `--texture`).
    #[arg(long)]
    texture: Option<PathBuf>,
    /// Also draw the fit (front, left and top, with the axes, landmarks and
    /// the default plan's density map on the scalp) into this PNG.
    #[arg(long)]
    image: Option<PathBuf>,
}

pub fn run(command: HeadCommand) -> Result<(), SmpError> {
    match command {
        HeadCommand::List => {
            for head in BuiltinHead::ALL {
                println!("builtin:{:<20} {}", head.name(), head.description());
            }
        }
        HeadCommand::Inspect { head } => {
            let args = HeadArgs {
                head: Some(head.file),
                units: head.units,
                up: head.up,
                front: head.front,
                texture: head.texture,
            };
            let source = args.source()?;
            print!("{}", inspect(&source)?);
            if let Some(path) = head.image {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    smp_studio::output::prepare_folder(dir)?;
                }
                smp_studio::output::write_png_atomic(&smp_studio::fit_check::fit_check_image(&source)?, &path)?;
                println!("{}", path.display());
            }
        }
        HeadCommand::Export { output, cell, head } => {
            let source = head.source()?;
            let mut loaded = source.load()?;
            if let Some(cell) = cell {
                let HeadSource::Builtin(builtin) = source else {
                    return Err(SmpError::Limit {
                        what: format!("--cell {cell}"),
                        problem: "a mesh file keeps its own triangles; --cell meshes a built-in head".into(),
                    });
                };
                if !(0.3..=10.0).contains(&cell) {
                    return Err(SmpError::Limit {
                        what: format!("--cell {cell}"),
                        problem: "expected 0.3 to 10 mm".into(),
                    });
                }
                loaded.mesh = builtin.mesh_at(cell);
            }
            if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
                smp_studio::output::prepare_folder(dir)?;
            }
            match output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
                Some("obj") => smp_studio::mesh::export::write_obj(&loaded.mesh, &output)?,
                Some("glb") => smp_studio::mesh::export::write_glb(&loaded.mesh, &output)?,
                Some("ply") => smp_studio::mesh::export::write_ply(&loaded.mesh, &output)?,
                Some("stl") => smp_studio::mesh::export::write_stl(&loaded.mesh, &output)?,
                _ => {
                    return Err(SmpError::Limit {
                        what: output.display().to_string(),
                        problem: "expected a .obj, .glb, .ply or .stl file name".into(),
                    });
                }
            }
            println!("{}", output.display());
        }
    }
    Ok(())
}
