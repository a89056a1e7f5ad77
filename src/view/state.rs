//! The live view's state, kept apart from the window so it can be tested
//! without one: the orbiting camera, the timeline's scale, and the plan
//! being edited with its undo and redo history.

use crate::core::camera::{Camera, DISTANCE_RANGE_MM, View};
use crate::core::landmarks::HeadLandmarks;
use crate::plan::Plan;
use glam::{Vec2, Vec3, vec3};

/// Where views aim (the cranium's centre, as `camera::for_view`).
const HEAD_CENTRE: Vec3 = vec3(0.0, 15.0, 0.0);
/// DOMAIN: SMP is judged at conversation distance and close up.
pub const CONVERSATION_MM: f32 = 1000.0;
pub const CLOSE_UP_MM: f32 = 250.0;
/// The timeline runs to ten years.
pub const TIMELINE_DAYS: f32 = 3652.5;

/// A camera orbiting the head: yaw round the vertical (0 = facing the
/// face, + towards the client's left), pitch above the horizon, distance,
/// and a pan of the aim point across the view (mm).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Orbit {
    pub yaw_deg: f32,
    pub pitch_deg: f32,
    pub distance_mm: f32,
    pub pan_mm: Vec2,
}

impl Orbit {
    pub fn from_view(view: View) -> Self {
        let camera = Camera::for_view(view);
        let d = camera.eye - camera.target;
        let pitch = (d.y / d.length()).asin().to_degrees();
        let yaw = if view == View::Top { 0.0 } else { d.x.atan2(d.z).to_degrees() };
        // The portrait aims below the head's centre: a pan down the view.
        let pan_mm = Vec2::new(0.0, -view.aim_below_mm());
        Self { yaw_deg: yaw, pitch_deg: pitch.min(90.0), distance_mm: d.length(), pan_mm }
    }

    pub fn camera(&self) -> Camera {
        let (yaw, pitch) = (self.yaw_deg.to_radians(), self.pitch_deg.to_radians());
        let dir = vec3(yaw.sin() * pitch.cos(), pitch.sin(), yaw.cos() * pitch.cos());
        // Straight above, "up" on screen is the face, as in the top view.
        let up = if pitch.cos() < 0.02 { vec3(-yaw.sin(), 0.0, -yaw.cos()) * -1.0 } else { Vec3::Y };
        let right = up.cross(dir).normalize_or(Vec3::X);
        let screen_up = dir.cross(right).normalize_or(Vec3::Y);
        let target = HEAD_CENTRE + right * self.pan_mm.x + screen_up * self.pan_mm.y;
        let framing = Camera::for_view(View::Front);
        Camera { eye: target + dir * self.distance_mm, target, up, fov_y_deg: framing.fov_y_deg }
    }

    /// A mouse drag of (dx, dy) pixels turns the head under the cursor.
    pub fn drag(&mut self, dx: f32, dy: f32) {
        self.yaw_deg = (self.yaw_deg - 0.4 * dx).rem_euclid(360.0);
        self.pitch_deg = (self.pitch_deg + 0.4 * dy).clamp(-60.0, 90.0);
    }

    /// A wheel or pinch: positive zooms in, by a factor per notch.
    pub fn zoom(&mut self, notches: f32) {
        let (near, far) = DISTANCE_RANGE_MM;
        self.distance_mm = (self.distance_mm * 0.9f32.powf(notches)).clamp(near, far);
    }

    /// Moves the aim by (dx, dy) pixels of a view `height_px` tall.
    pub fn pan(&mut self, dx: f32, dy: f32, height_px: f32) {
        let mm_per_px =
            2.0 * self.distance_mm * (0.5 * self.camera().fov_y_deg.to_radians()).tan() / height_px.max(1.0);
        self.pan_mm += Vec2::new(-dx, dy) * mm_per_px;
        self.pan_mm = self.pan_mm.clamp(Vec2::splat(-200.0), Vec2::splat(200.0));
    }
}

/// The timeline's slider position (0–1) of a day: days are spread like a
/// logarithm so that week 1 and year 5 both get room.
pub fn timeline_position(days: f32) -> f32 {
    ((1.0 + days.max(0.0)).ln() / (1.0 + TIMELINE_DAYS).ln()).clamp(0.0, 1.0)
}

pub fn timeline_day(position: f32) -> f32 {
    ((1.0 + TIMELINE_DAYS).powf(position.clamp(0.0, 1.0)) - 1.0).max(0.0)
}

/// The plan being edited, with undo and redo. Every committed edit is one
/// step; a slider drag commits once, when it ends.
#[derive(Clone, Debug)]
pub struct PlanHistory {
    current: Step,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The plan changed since it was last saved.
    pub dirty: bool,
}

/// One undoable state: the plan, and the head's landmarks as corrected by
/// hand (they belong to the mesh and are saved beside it, not in the plan,
/// but a misplaced brow is undone like any other edit).
#[derive(Clone, Debug, PartialEq)]
struct Step {
    plan: Plan,
    landmarks: HeadLandmarks,
}

/// Steps of undo kept.
const UNDO_DEPTH: usize = 200;

impl PlanHistory {
    pub fn new(plan: Plan, landmarks: HeadLandmarks) -> Self {
        Self { current: Step { plan, landmarks }, undo: Vec::new(), redo: Vec::new(), dirty: false }
    }

    pub fn plan(&self) -> &Plan {
        &self.current.plan
    }

    pub fn landmarks(&self) -> HeadLandmarks {
        self.current.landmarks
    }

    /// Replaces the plan with `plan` as one undoable step, if it differs
    /// and is valid; an invalid plan is refused with the reason.
    pub fn commit(&mut self, plan: Plan) -> crate::Result<bool> {
        if plan == self.current.plan {
            return Ok(false);
        }
        plan.validate()?;
        self.push(Step { plan, landmarks: self.current.landmarks });
        self.dirty = true;
        Ok(true)
    }

    /// Moves the landmarks as one undoable step, if they differ.
    /// Another head: every step keeps its plan and takes the new head's
    /// landmarks, so undo goes back through the plan, not to the old head.
    pub fn set_head(&mut self, landmarks: HeadLandmarks) {
        for step in std::iter::once(&mut self.current).chain(&mut self.undo).chain(&mut self.redo) {
            step.landmarks = landmarks;
        }
    }

    pub fn commit_landmarks(&mut self, landmarks: HeadLandmarks) -> bool {
        if landmarks == self.current.landmarks {
            return false;
        }
        self.push(Step { plan: self.current.plan.clone(), landmarks });
        true
    }

    fn push(&mut self, step: Step) {
        self.undo.push(std::mem::replace(&mut self.current, step));
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    pub fn undo(&mut self) -> bool {
        let Some(previous) = self.undo.pop() else { return false };
        self.dirty |= previous.plan != self.current.plan;
        self.redo.push(std::mem::replace(&mut self.current, previous));
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(next) = self.redo.pop() else { return false };
        self.dirty |= next.plan != self.current.plan;
        self.undo.push(std::mem::replace(&mut self.current, next));
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::procedural::builtin_landmarks;

    #[test]
    fn orbits_start_where_the_named_views_are() {
        for view in [View::Front, View::Back, View::Left, View::ThreeQuarter, View::Top, View::Portrait] {
            let (a, b) = (Orbit::from_view(view).camera(), Camera::for_view(view));
            assert!((a.eye - b.eye).length() < 0.5, "{view:?}: {} vs {}", a.eye, b.eye);
            assert!((a.target - b.target).length() < 1e-3);
        }
    }

    #[test]
    fn dragging_turns_zooming_stays_in_range_and_panning_moves_the_aim() {
        let mut o = Orbit::from_view(View::Front);
        o.drag(225.0, 0.0); // 90° round: from the face to the client's right side
        let eye = o.camera().eye;
        assert!(eye.x < -400.0 && eye.z.abs() < 200.0, "eye at {eye}");
        o.drag(0.0, 10_000.0);
        assert_eq!(o.pitch_deg, 90.0);
        for _ in 0..200 {
            o.zoom(1.0);
        }
        assert_eq!(o.distance_mm, DISTANCE_RANGE_MM.0);
        let before = o.camera().target;
        o.pan(100.0, 0.0, 720.0);
        assert!((o.camera().target - before).length() > 1.0);
    }

    #[test]
    fn the_timeline_scale_round_trips_and_gives_week_one_room() {
        for day in [0.0, 1.0, 7.0, 28.0, 365.0, 1826.0, TIMELINE_DAYS] {
            assert!((timeline_day(timeline_position(day)) - day).abs() < 1e-2 * (1.0 + day), "{day}");
        }
        assert!(timeline_position(7.0) > 0.2, "week 1 squeezed to {}", timeline_position(7.0));
    }

    #[test]
    fn undo_and_redo_walk_the_edits() {
        let mut h = PlanHistory::new(Plan::default(), builtin_landmarks());
        let mut p = Plan::default();
        p.zones.top = 80.0;
        assert!(h.commit(p.clone()).unwrap());
        assert!(!h.commit(p.clone()).unwrap(), "an unchanged plan is not a step");
        p.client.sun = crate::plan::Sun::High;
        h.commit(p.clone()).unwrap();
        let mut bad = p.clone();
        bad.zones.top = f32::NAN;
        assert!(h.commit(bad).is_err() && h.plan() == &p, "an invalid edit changed the plan");
        assert!(h.undo() && h.plan().client.sun == crate::plan::Sun::Normal);
        assert!(h.undo() && h.plan() == &Plan::default());
        assert!(!h.undo());
        assert!(h.redo() && h.plan().zones.top == 80.0);
        p.zones.top = 60.0;
        h.commit(p).unwrap();
        assert!(!h.can_redo(), "a new edit drops the redo branch");
    }

    #[test]
    fn a_landmark_move_is_a_step_between_plan_edits() {
        let found = builtin_landmarks();
        let mut h = PlanHistory::new(Plan::default(), found);
        let mut p = Plan::default();
        p.zones.top = 80.0;
        h.commit(p.clone()).unwrap();
        h.dirty = false; // saved
        let mut moved = found;
        moved.brow.y -= 12.0;
        assert!(h.commit_landmarks(moved) && !h.commit_landmarks(moved));
        assert!(!h.dirty, "landmarks are saved beside the mesh, not in the plan");
        p.zones.crown = 70.0;
        h.commit(p.clone()).unwrap();
        assert!(h.undo() && h.landmarks() == moved && h.plan().zones.crown != 70.0);
        assert!(h.undo() && h.landmarks() == found && h.plan().zones.top == 80.0);
        assert!(h.undo() && h.plan() == &Plan::default() && h.landmarks() == found);
        assert!(h.redo() && h.redo() && h.landmarks() == moved && h.plan().zones.top == 80.0);
    }
}
