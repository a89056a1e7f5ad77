//! smp-studio: a GPU renderer for scalp micropigmentation previews.
//!
//! The data flows one way: head mesh → scalp chart → treatment plan →
//! density map → dots (GPU scatter) → frame (raster, splat, compose).

pub mod bench;
pub mod blue_noise;
pub mod camera;
pub mod chart;
pub mod compare;
pub mod error;
pub mod fit_check;
pub mod gpu;
pub mod head;
pub mod heatmap;
pub mod input_file;
pub mod look;
pub mod mesh;
pub mod output;
pub mod parsers;
pub mod plan;
pub mod render;
pub mod report;
pub mod scene;
pub mod sheet;
pub mod soak;
pub mod stats;
pub mod timeline;
pub mod view;

pub use camera::{Camera, View};
pub use error::{Result, SmpError};
pub use plan::Plan;
pub use render::Renderer;
pub use scene::HeadScene;
