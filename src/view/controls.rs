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

/// The status line after a head is laid out: which head, and what its
/// import warned of (units guessed, faces turned, a part cropped), which
/// the practitioner must see in the window, not only in a terminal.
pub fn head_status(head: &str, warnings: &[String]) -> String {
    match warnings {
        [] => format!("head: {head}"),
        _ => format!("head: {head} · warning: {}", warnings.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::fit::FitOptions;
    use crate::mesh::source::HeadSource;
    use crate::plan::scene::HeadScene;

    /// A scan in unknown units is scaled with a warning; the window's
    /// status line carries it (the terminal may be nowhere to be seen).
    #[test]
    fn a_scan_s_import_warnings_reach_the_status_line() {
        let dir = std::env::temp_dir().join(format!("smp-status-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("unknown-units.obj");
        let mut head = crate::mesh::procedural::builtin_head();
        for p in &mut head.positions {
            *p /= 159.0;
        }
        crate::mesh::export::write_obj(&head, &path).unwrap();
        let source = HeadSource::file(path.clone(), FitOptions::default());
        let scene = HeadScene::load(&source, crate::plan::Plan::default()).unwrap();
        let status = head_status(&source.label(), &scene.warnings);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!scene.warnings.is_empty(), "a head 1/159 of its size loaded without a warning");
        assert!(status.contains("warning: ") && status.contains("units"), "{status}");
        assert!(status.contains("unknown-units.obj"), "{status}");
    }
}
