//! What the renderer's frames become: the frame's orchestrator (`render`),
//! timeline sheets, density heat maps, statistics and reports, the look
//! measured as on photographs, image comparison, the fit-check picture and
//! the soak's samples.
//!
//! Takes a `HeadScene` and the GPU stages; gives images, numbers and text.
//! Must not touch the plan or the head: it only reads them.

pub mod compare;
pub mod fit_check;
pub mod heatmap;
pub mod look;
pub mod render;
pub mod report;
pub mod sheet;
pub mod soak;
pub mod stats;
pub mod timeline;
