//! The window's knobs that are not part of the plan: the camera, the
//! split view, the tool a drag on the head uses, the brush, the status line.

use super::state::Orbit;
use crate::core::camera::View;
use crate::plan::strokes::BrushMode;

/// The right-hand half of a split view.
#[derive(Clone, Debug, PartialEq)]
pub enum Compare {
    Off,
    /// The same plan at another day.
    Day(f32),
    /// The plan as it was opened or last saved.
    Saved,
}

/// What a drag on the head does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Orbit,
    Brush(BrushMode),
    Hairline,
    /// Correct the landmarks fitting found (imported heads).
    Landmarks,
}

/// The window's knobs that are not part of the plan.
pub struct Controls {
    pub orbit: Orbit,
    pub mirror: bool,
    pub heat: bool,
    pub day: f32,
    pub playing: bool,
    pub compare: Compare,
    pub tool: Tool,
    pub brush_dots_per_cm2: f32,
    pub brush_radius_mm: f32,
    /// Screenshot size; `None`: the head as the window shows it.
    pub shot_size: Option<[u32; 2]>,
    pub open_path: String,
    pub status: String,
}

impl Controls {
    pub fn new(day: f32) -> Self {
        Self {
            orbit: Orbit::from_view(View::ThreeQuarter),
            mirror: false,
            heat: false,
            day,
            playing: false,
            compare: Compare::Off,
            tool: Tool::Orbit,
            brush_dots_per_cm2: 30.0,
            brush_radius_mm: 10.0,
            shot_size: Some([2048, 2048]),
            open_path: String::new(),
            status: String::new(),
        }
    }
}
