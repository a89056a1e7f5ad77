//! The shared vocabulary every stage speaks: errors, landmarks, colour and
//! sRGB, seeded random numbers, units, named views and the camera, and the
//! one door for reading a stranger's file and writing the user's.
//!
//! Takes nothing from the rest of the crate: every other module may use it,
//! and it may use none of them (`tests/architecture.rs` checks).

pub mod camera;
pub mod colour;
pub mod error;
pub mod input_file;
pub mod landmarks;
pub mod output_file;
pub mod parallel;
pub mod random;
pub mod units;
