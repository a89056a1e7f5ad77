//! `smp view`: the practitioner's window (winit + egui on the renderer's
//! own wgpu device). `state` and `controls` hold what can be tested
//! without a window.
//!
//! Takes a head and a plan; gives the window, saved plans and screenshots.
//! Every edit of the plan goes through `action::ViewAction`, so a script
//! line and a click run the same code.

pub mod action;
pub mod app;
pub mod controls;
pub mod edits;
pub mod head_worker;
pub mod landmark_handles;
pub mod panels;
pub mod state;
pub mod tools;
