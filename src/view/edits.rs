//! Edits in flight on the head (a brush stroke, a hairline handle, a
//! landmark) and how a released pointer turns them into `ViewAction`s.

use super::action::ViewAction;
use super::state::PlanHistory;
use super::tools::{HeadGeometry, StrokeInProgress};
use crate::plan::Plan;

/// Edits in flight on the head: a brush stroke or a hairline handle.
pub struct HeadEdit {
    pub stroke: Option<StrokeInProgress>,
    pub handle: Option<usize>,
    /// The landmarks as the tool has them; the window lays them out anew
    /// when the pointer is released.
    pub landmarks: Option<crate::core::landmarks::HeadLandmarks>,
    pub landmark: Option<usize>,
}

/// A released pointer ends the brush stroke or hairline drag in flight: the
/// draft goes back to the committed plan's strokes or hairline, and the
/// edit comes out as the action a script would write, so the window's
/// click and a test's line run the same code (`app::act`).
pub fn finish_edit(
    draft: &mut Plan,
    history: &PlanHistory,
    geometry: &HeadGeometry,
    edit: &mut HeadEdit,
) -> Vec<ViewAction> {
    let mut actions = Vec::new();
    if let Some(stroke) = edit.stroke.take() {
        draft.strokes.clone_from(&history.plan().strokes);
        actions.push(ViewAction::Brush(stroke.stroke));
    }
    if let Some(index) = edit.handle.take() {
        let moved = geometry.hairline_handles(&draft.hairline);
        let before = geometry.hairline_handles(&history.plan().hairline);
        draft.hairline = history.plan().hairline.clone();
        if moved != before
            && let Some(&[azimuth_deg, height_mm]) = moved.get(index)
        {
            actions.push(ViewAction::Hairline { index, azimuth_deg, height_mm });
        }
    }
    edit.landmark = None;
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::scene::HeadScene;
    use crate::plan::strokes::BrushMode;
    use glam::Vec2;

    /// A released pointer turns the stroke or drag in flight into the
    /// action a script line would be, and acting on it gives the plan the
    /// draft showed.
    #[test]
    fn a_released_edit_becomes_its_view_action() {
        let scene = HeadScene::builtin(Plan::default()).unwrap();
        let geometry = HeadGeometry::from_scene(&scene);
        let history = PlanHistory::new(scene.plan.clone(), scene.landmarks);
        let mut edit = HeadEdit { stroke: None, handle: None, landmarks: None, landmark: None };

        let mut stroke = StrokeInProgress::start(BrushMode::Add, 40.0, 8.0, Vec2::new(0.0, 40.0));
        stroke.extend(Vec2::new(10.0, 40.0));
        let mut draft = history.plan().clone();
        draft.strokes.push(stroke.stroke.clone());
        edit.stroke = Some(stroke.clone());
        let actions = finish_edit(&mut draft, &history, &geometry, &mut edit);
        assert_eq!(actions, vec![ViewAction::Brush(stroke.stroke)]);
        assert_eq!(draft, *history.plan(), "the stroke leaves the draft for the action to commit");
        assert!(edit.stroke.is_none());

        let mut draft = history.plan().clone();
        let to = geometry.handle_chart([10.0, 62.0]);
        geometry.drag_handle(&mut draft.hairline, 2, to);
        let shown = draft.hairline.clone();
        edit.handle = Some(2);
        let actions = finish_edit(&mut draft, &history, &geometry, &mut edit);
        let [ViewAction::Hairline { index: 2, azimuth_deg, height_mm }] = actions[..] else { panic!("{actions:?}") };
        assert_eq!(draft, *history.plan());
        let mut acted = history.plan().hairline.clone();
        geometry.drag_handle(&mut acted, 2, geometry.handle_chart([azimuth_deg, height_mm]));
        for (a, b) in acted.points.iter().zip(&shown.points) {
            assert!((a[0] - b[0]).abs() < 1e-3 && (a[1] - b[1]).abs() < 1e-3, "{a:?} against {b:?}");
        }
        assert_eq!(acted.points.len(), shown.points.len());

        // A click on a handle that does not move it changes nothing.
        edit.handle = Some(1);
        let mut draft = history.plan().clone();
        assert!(finish_edit(&mut draft, &history, &geometry, &mut edit).is_empty());
    }
}
