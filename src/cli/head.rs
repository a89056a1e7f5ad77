//! `smp head …` (list, inspect, export) and the `--head FILE` options
//! shared by every command that draws a head.

use crate::chart::ScalpChart;
use crate::core::error::{Result, SmpError};
use crate::core::units::Units;
use crate::mesh::fit::{FitOptions, parse_axis};
use crate::mesh::procedural::BuiltinHead;
use crate::mesh::source::HeadSource;
use crate::plan::Plan;
use crate::plan::scene::HeadScene;
use clap::{Args, Subcommand};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

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
    pub fn source(&self) -> Result<HeadSource> {
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

pub fn run(command: HeadCommand) -> Result<()> {
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
                    crate::core::output_file::prepare_folder(dir)?;
                }
                crate::core::output_file::write_png_atomic(
                    &crate::output::fit_check::fit_check_image(&source)?,
                    &path,
                )?;
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
                crate::core::output_file::prepare_folder(dir)?;
            }
            match output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
                Some("obj") => crate::mesh::export::write_obj(&loaded.mesh, &output)?,
                Some("glb") => crate::mesh::export::write_glb(&loaded.mesh, &output)?,
                Some("ply") => crate::mesh::export::write_ply(&loaded.mesh, &output)?,
                Some("stl") => crate::mesh::export::write_stl(&loaded.mesh, &output)?,
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

/// The text `smp head inspect` prints: size, orientation, landmarks, scalp
/// area under the default plan, warnings, and the time each step took.
fn inspect(source: &HeadSource) -> Result<String> {
    let head = source.load()?;
    let start = Instant::now();
    let chart = ScalpChart::build(&head.mesh, head.landmarks.cranium_centre);
    let chart_time = start.elapsed();
    let scene = HeadScene::from_parts(head.mesh, head.landmarks, chart, Plan::default())?;
    let scalp_cm2 = crate::output::stats::treated_area(&scene.mesh, &scene.chart, &scene.density) / 100.0;
    let mut out = String::new();
    let _ = writeln!(out, "{}", source.label());
    let _ = writeln!(out, "  mesh: {} triangles, {} vertices", scene.mesh.triangle_count(), scene.mesh.positions.len());
    if let Some(r) = &head.report {
        let _ = writeln!(
            out,
            "  units: {} ({} mm per unit; its skull's breadth, length and girth make it {:.4})",
            r.units, r.mm_per_unit, r.judged_mm_per_unit
        );
        let sure = |c: f32| if c >= 0.5 { format!("sure, {c:.2}") } else { format!("UNSURE, {c:.2}") };
        let _ = writeln!(
            out,
            "  up: {} of the file ({}), front (the face): {} ({})",
            r.up,
            sure(r.up_confidence),
            r.front,
            sure(r.front_confidence)
        );
        if r.cropped_triangles > 0 {
            let _ =
                writeln!(out, "  cropped to head and neck: {} triangles below the neck removed", r.cropped_triangles);
        }
    }
    let (lo, hi) = scene.mesh.bounds();
    let size = hi - lo;
    let _ = writeln!(
        out,
        "  size: {:.0} mm wide, {:.0} mm deep, {:.0} mm high (mm, +Y up, +Z to the face)",
        size.x, size.z, size.y
    );
    let m = crate::mesh::anthropometry::measure(&scene.mesh, &scene.landmarks);
    let _ = writeln!(
        out,
        "  head: {:.0} mm broad (eu–eu), {:.0} mm long (g–op), {:.0} mm round (through g and op), top {:.0} mm above the ear tops",
        m.breadth_mm, m.length_mm, m.circumference_mm, m.height_above_ears_mm
    );
    if let HeadSource::Builtin(builtin) = source {
        // A built-in head against the norms it is sculpted to.
        let _ = writeln!(out, "  against young adult norms (Farkas 1994; docs/heads.md):");
        let measured = crate::mesh::procedural::face_measures::measure_all(*builtin, &scene.mesh);
        for (norm, value) in crate::mesh::procedural::face_measures::NORMS.iter().zip(measured) {
            let (mean, sd) = norm.for_head(*builtin);
            let _ = writeln!(
                out,
                "    {:<14} {value:6.1}   norm {mean:5.1} ± {sd:3.1}   ({:+.1} SD)   {}",
                norm.key,
                (value - mean) / sd,
                norm.what
            );
        }
    }
    let l = &scene.landmarks;
    for (label, p) in [
        ("cranium centre", l.cranium_centre),
        ("brow", l.brow),
        ("ear top, left", l.ear_top_left),
        ("ear top, right", l.ear_top_right),
        ("nape", l.nape),
    ] {
        let _ = writeln!(out, "  {label:<15} ({:7.1}, {:7.1}, {:7.1}) mm", p.x, p.y, p.z);
    }
    if let Some(file) = &head.corrected_by {
        let _ = writeln!(out, "  landmarks corrected by hand: {}", file.display());
    }
    let _ = writeln!(out, "  scalp treated by the default plan: {scalp_cm2:.0} cm²");
    for (k, texture) in head.textures.iter().enumerate() {
        let used = match (&head.albedo, k) {
            (Some(image), 0) => format!("the skin's colour, {}×{}", image.width(), image.height()),
            _ => "not used".into(),
        };
        let _ = writeln!(out, "  texture: {} ({used})", texture.display());
    }
    if !scene.mesh.colours.is_empty() && head.albedo.is_none() {
        let _ = writeln!(out, "  vertex colours: the skin's colour");
    }
    for w in head.report.iter().flat_map(|r| &r.warnings) {
        let _ = writeln!(out, "  warning: {w}");
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let _ = writeln!(
        out,
        "  time: import {:.0} ms, fit {:.0} ms, chart {:.0} ms",
        ms(head.import_time),
        ms(head.fit_time),
        ms(chart_time)
    );
    Ok(out)
}
