//! smp-studio: a GPU renderer for scalp micropigmentation previews.
//!
//! The data flows one way: head mesh → scalp chart → treatment plan →
//! density map → dots (GPU scatter) → frame (raster, splat, compose).

pub mod mesh;
pub mod chart;
pub mod error;
pub mod plan;
