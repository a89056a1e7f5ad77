//! Errors a user can meet, each naming the problem and what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SmpError {
    #[error("plan: {field}: {problem}")]
    Plan { field: String, problem: String },

    /// A plan file that cannot be read, parsed or validated; `at` is
    /// "path" or "path:line".
    #[error("{at}: {field}{problem}")]
    PlanFile { at: String, field: String, problem: String },

    #[error("unknown preset '{name}': expected one of {known} (`smp presets` lists them)")]
    UnknownPreset { name: String, known: String },

    #[error(
        "no graphics adapter found ({detail}).\n\
         Install a GPU driver, or the CPU drivers: `apt-get install -y mesa-vulkan-drivers libvulkan1` \
         (Vulkan lavapipe) or `libegl-mesa0 libgl1-mesa-dri` (GL llvmpipe).\n\
         WGPU_BACKEND (vulkan, gl, …) and WGPU_ADAPTER_NAME choose among adapters."
    )]
    NoAdapter { detail: String },

    #[error("could not open the graphics device on {adapter}: {detail}")]
    Device { adapter: String, detail: String },

    #[error("{what}: {problem}")]
    Limit { what: String, problem: String },

    #[error("unknown view '{name}': expected one of {known}")]
    UnknownView { name: String, known: String },

    #[error("unknown built-in head '{name}': expected one of {known} (smp head list describes them)")]
    UnknownHead { name: String, known: String },

    #[error("cannot write {path}: {detail}")]
    Output { path: PathBuf, detail: String },

    /// A mesh file that cannot be imported, and why.
    #[error("{file}: {problem}")]
    Mesh { file: String, problem: String },

    /// A line of a `smp view --script` file; `at` is "path:line".
    #[error("{at}: {problem}")]
    Script { at: String, problem: String },

    #[error("GPU error: {0}")]
    Gpu(String),
}

pub type Result<T> = std::result::Result<T, SmpError>;
