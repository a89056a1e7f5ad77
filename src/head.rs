//! Which head a command works on: the built-in one, or a mesh file fitted
//! into our frame (`mesh::import`, `mesh::fit`), and `smp head inspect`'s
//! report of what fitting found.

use crate::chart::ScalpChart;
use crate::error::Result;
use crate::mesh::HeadMesh;
use crate::mesh::fit::{FitOptions, FitReport, fit};
use crate::mesh::procedural::{BuiltinHead, HeadLandmarks};
use crate::plan::Plan;
use crate::scene::HeadScene;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub enum HeadSource {
    Builtin(BuiltinHead),
    /// A mesh file; `texture`: its colour map when the file does not name
    /// it (`--texture`).
    File {
        path: PathBuf,
        options: FitOptions,
        texture: Option<PathBuf>,
    },
}

/// A head ready for a scene.
pub struct LoadedHead {
    pub mesh: HeadMesh,
    pub landmarks: HeadLandmarks,
    /// What fitting found (imported heads only).
    pub report: Option<FitReport>,
    pub textures: Vec<PathBuf>,
    /// The scan's own skin colour (its texture), drawn instead of the plan's tone.
    pub albedo: Option<std::sync::Arc<image::RgbaImage>>,
    /// The file of hand-corrected landmarks used instead of the ones found.
    pub corrected_by: Option<PathBuf>,
    /// Reading and cleaning the file, then fitting it.
    pub import_time: Duration,
    pub fit_time: Duration,
}

impl Default for HeadSource {
    fn default() -> Self {
        HeadSource::Builtin(BuiltinHead::default())
    }
}

impl HeadSource {
    /// `builtin:NAME` names a built-in head; anything else is a mesh file.
    pub fn parse(text: &str, options: FitOptions) -> Result<HeadSource> {
        match text.strip_prefix("builtin:") {
            Some(name) => Ok(HeadSource::Builtin(BuiltinHead::parse(name)?)),
            None => Ok(HeadSource::file(PathBuf::from(text), options)),
        }
    }

    /// A mesh file with the colour map it names, if any.
    pub fn file(path: PathBuf, options: FitOptions) -> HeadSource {
        HeadSource::File { path, options, texture: None }
    }

    /// What `smp head inspect` and the live view call this head.
    pub fn label(&self) -> String {
        match self {
            HeadSource::Builtin(head) => format!("builtin:{}", head.name()),
            HeadSource::File { path, .. } => path.display().to_string(),
        }
    }

    /// The head's short name for titles: the built-in head's, or the
    /// file's without its folder.
    pub fn name(&self) -> String {
        match self {
            HeadSource::Builtin(head) => head.name().to_string(),
            HeadSource::File { path, .. } => {
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
            }
        }
    }

    pub fn load(&self) -> Result<LoadedHead> {
        match self {
            HeadSource::Builtin(head) => Ok(LoadedHead {
                mesh: head.mesh(),
                landmarks: head.landmarks(),
                report: None,
                textures: Vec::new(),
                albedo: None,
                corrected_by: None,
                import_time: Duration::ZERO,
                fit_time: Duration::ZERO,
            }),
            HeadSource::File { path, options, texture } => {
                let start = Instant::now();
                let imported = crate::mesh::import::load_with_texture(path, texture.as_deref())?;
                let textures = imported.textures.clone();
                let import_time = start.elapsed();
                let start = Instant::now();
                let fitted = fit(imported, *options)?;
                let corrections = crate::mesh::landmarks_file::path_for(path);
                let corrected = crate::mesh::landmarks_file::load(&corrections, &fitted.landmarks)?;
                Ok(LoadedHead {
                    albedo: fitted.albedo.map(std::sync::Arc::new),
                    mesh: fitted.mesh,
                    landmarks: corrected.unwrap_or(fitted.landmarks),
                    corrected_by: corrected.map(|_| corrections),
                    report: Some(fitted.report),
                    textures,
                    import_time,
                    fit_time: start.elapsed(),
                })
            }
        }
    }

    /// The head with `plan` laid on it.
    pub fn scene(&self, plan: Plan) -> Result<HeadScene> {
        match self {
            HeadSource::Builtin(head) => HeadScene::of_builtin(*head, plan),
            HeadSource::File { .. } => {
                let head = self.load()?;
                for w in head.report.iter().flat_map(|r| &r.warnings) {
                    eprintln!("warning: {w}");
                }
                let chart = ScalpChart::build(&head.mesh, head.landmarks.cranium_centre);
                let mut scene = HeadScene::from_parts(head.mesh, head.landmarks, chart, plan)?;
                scene.albedo = head.albedo;
                Ok(scene)
            }
        }
    }
}

/// The text `smp head inspect` prints: size, orientation, landmarks, scalp
/// area under the default plan, warnings, and the time each step took.
pub fn inspect(source: &HeadSource) -> Result<String> {
    let head = source.load()?;
    let start = Instant::now();
    let chart = ScalpChart::build(&head.mesh, head.landmarks.cranium_centre);
    let chart_time = start.elapsed();
    let scene = HeadScene::from_parts(head.mesh, head.landmarks, chart, Plan::default())?;
    let scalp_cm2 = crate::stats::treated_area(&scene.mesh, &scene.chart, &scene.density) / 100.0;
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
