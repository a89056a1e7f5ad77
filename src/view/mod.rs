//! `smp view`: the practitioner's window (winit + egui on the renderer's
//! own wgpu device). `state` holds what can be tested without a window.

pub mod action;
pub mod app;
pub mod controls;
pub mod head_worker;
pub mod landmark_handles;
pub mod panels;
pub mod state;
pub mod tools;
