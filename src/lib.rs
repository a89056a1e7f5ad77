//! smp-studio: a GPU renderer for scalp micropigmentation previews.
//!
//! The data flows one way, and the folders follow it (`docs/architecture.md`):
//!
//! ```text
//! core ─► mesh ─► chart ─► plan ─► gpu ─► output ─► view ─► cli
//! (words)  (head)  (scalp   (plan,   (scatter, raster,   (render, sheets,
//!                   chart)   density  splat, compose,     heat maps, stats)
//!                            map)     present)
//! ```
//!
//! A module may use those to its left and never one to its right
//! (`tests/architecture.rs` checks).

pub mod chart;
pub mod cli;
pub mod core;
pub mod gpu;
pub mod mesh;
pub mod output;
pub mod plan;
pub mod view;

pub use crate::core::camera::{Camera, View};
pub use crate::core::error::{Result, SmpError};
pub use output::render::Renderer;
pub use plan::Plan;
pub use plan::scene::HeadScene;
