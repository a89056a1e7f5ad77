//! Which head a command works on: the built-in one, or a mesh file fitted
//! into our frame (`mesh::import`, `mesh::fit`), with what fitting found.

use crate::core::error::Result;
use crate::core::landmarks::HeadLandmarks;
use crate::mesh::HeadMesh;
use crate::mesh::fit::{FitOptions, FitReport, fit};
use crate::mesh::procedural::BuiltinHead;
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
}
