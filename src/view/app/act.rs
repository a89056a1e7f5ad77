//! The window doing what a practitioner (or a script line) asked.

use super::super::action::{ViewAction, set_plan_key};
use super::super::head_worker::ScreenshotOrder;
use super::super::state::{PlanHistory, TIMELINE_DAYS};
use super::Running;
use crate::plan::scene::HeadScene;
use crate::plan::{Plan, Session};
use std::path::PathBuf;

impl Running {
    /// Does one thing a practitioner asked for.
    pub(super) fn act(&mut self, action: ViewAction) {
        let c = &mut self.controls;
        match action {
            ViewAction::View(view) => {
                let distance = c.orbit.distance_mm;
                c.orbit = super::super::state::Orbit::from_view(view);
                c.orbit.distance_mm = distance;
            }
            ViewAction::Orbit { yaw_deg, pitch_deg } => c.orbit.drag(-yaw_deg / 0.4, pitch_deg / 0.4),
            ViewAction::Zoom(notches) => c.orbit.zoom(notches),
            ViewAction::Distance(mm) => {
                let (near, far) = crate::core::camera::DISTANCE_RANGE_MM;
                if (near..=far).contains(&mm) {
                    c.orbit.distance_mm = mm;
                } else {
                    c.status = format!("distance {mm} mm: expected {near} to {far} mm");
                }
            }
            ViewAction::Mirror(on) => c.mirror = on,
            ViewAction::Heat(on) => c.heat = on,
            ViewAction::Day(day) => {
                if (0.0..=TIMELINE_DAYS).contains(&day) {
                    c.day = day;
                } else {
                    c.status = format!("day {day}: the timeline runs from 0 to {TIMELINE_DAYS} days");
                }
            }
            ViewAction::Play(on) => c.playing = on,
            ViewAction::Compare(compare) => c.compare = compare,
            ViewAction::Edit(plan) => self.commit(*plan),
            ViewAction::Set { key, value } => match set_plan_key(self.history.plan(), &key, &value) {
                Ok(plan) => self.commit(plan),
                Err(e) => c.status = format!("not applied: {e}"),
            },
            ViewAction::Brush(stroke) => {
                let mut plan = self.history.plan().clone();
                plan.strokes.push(stroke);
                self.commit(plan);
            }
            ViewAction::Hairline { index, azimuth_deg, height_mm } => {
                let mut plan = self.history.plan().clone();
                let to = self.geometry.handle_chart([azimuth_deg, height_mm]);
                self.geometry.drag_handle(&mut plan.hairline, index, to);
                self.commit(plan);
            }
            ViewAction::Landmark { which, point } => {
                let mut landmarks = self.geometry.landmarks();
                super::super::landmark_handles::set(&mut landmarks, which, point.into());
                self.geometry.set_landmarks(landmarks);
                self.edit.landmarks = Some(landmarks);
                self.history.commit_landmarks(landmarks);
            }
            ViewAction::SaveLandmarks => {
                c.status = match &self.head {
                    crate::mesh::source::HeadSource::File { path, .. } => {
                        let file = crate::mesh::landmarks_file::path_for(path);
                        match crate::mesh::landmarks_file::save(&file, &self.geometry.landmarks()) {
                            Ok(()) => format!("landmarks kept in {}", file.display()),
                            Err(e) => e.to_string(),
                        }
                    }
                    crate::mesh::source::HeadSource::Builtin(_) => {
                        "a built-in head's landmarks are fixed; open a mesh with --head".into()
                    }
                };
            }
            ViewAction::Head(builtin) => {
                self.controls.status = match self.switch_head(crate::mesh::source::HeadSource::Builtin(builtin)) {
                    Ok(warnings) => super::super::controls::head_status(
                        &format!("builtin:{} ({})", builtin.name(), builtin.description()),
                        &warnings,
                    ),
                    Err(e) => format!("head not changed: {e}"),
                }
            }
            ViewAction::AddTouchUp => {
                let mut plan = self.history.plan().clone();
                plan.sessions.push(touch_up(&plan));
                self.commit(plan);
            }
            ViewAction::RemoveSession(number) => {
                let mut plan = self.history.plan().clone();
                if number >= 2 && number <= plan.sessions.len() {
                    plan.sessions.remove(number - 1);
                    self.commit(plan);
                } else {
                    c.status =
                        format!("session {number}: the first session stays; 2 to {} can go", plan.sessions.len());
                }
            }
            ViewAction::Undo => {
                self.history.undo();
                self.follow_history();
            }
            ViewAction::Redo => {
                self.history.redo();
                self.follow_history();
            }
            ViewAction::Open(path) => match crate::plan::file::load(&path) {
                Ok(plan) => {
                    self.history = PlanHistory::new(plan.clone(), self.geometry.landmarks());
                    self.draft = plan.clone();
                    self.saved = plan;
                    self.gpu.compare_worker = None;
                    c.status = format!("opened {}", path.display());
                    c.day = self.history.plan().healed_day();
                    self.plan_path = path;
                    self.window.set_title(&format!("smp view: {}", self.history.plan().name));
                }
                Err(e) => c.status = e.to_string(),
            },
            ViewAction::Save(path) => {
                let path = path.unwrap_or_else(|| self.plan_path.clone());
                c.status = match crate::plan::file::save(self.history.plan(), &path) {
                    Ok(()) => {
                        self.history.dirty = false;
                        self.saved = self.history.plan().clone();
                        self.gpu.compare_worker = None;
                        self.plan_path = path;
                        format!("saved {}", self.plan_path.display())
                    }
                    Err(e) => e.to_string(),
                };
            }
            ViewAction::Screenshot { path, size } => {
                let size = size.unwrap_or(self.head_size());
                let path = path.unwrap_or_else(|| self.screenshot_path());
                let order = ScreenshotOrder { wish: self.wish(size, false), mirror: self.controls.mirror, path };
                self.gpu.worker.screenshot(order);
                self.controls.status = "writing the screenshot…".into();
            }
            ViewAction::Resize([w, h]) => {
                let _ = self.window.request_inner_size(winit::dpi::PhysicalSize::new(w, h));
            }
            ViewAction::Minimise => self.resized([0, 0]),
            ViewAction::Restore => {
                let size = self.window.inner_size();
                self.resized([size.width, size.height]);
            }
            ViewAction::LoseDevice => {
                self.gpu.ctx.device.destroy();
                // wgpu reports the loss when next polled; we know now.
                self.gpu.lost.store(true, std::sync::atomic::Ordering::Release);
            }
            ViewAction::Frames(n) => self.script_wait = n,
            ViewAction::Tool(tool) => c.tool = tool,
        }
    }

    /// Lays the plan onto another head: a new scene and head thread on the
    /// same device; the plan and its undo history stay. Gives the head's
    /// import warnings.
    pub(super) fn switch_head(&mut self, source: crate::mesh::source::HeadSource) -> crate::Result<Vec<String>> {
        let scene = HeadScene::load(&source, self.history.plan().clone())?;
        let warnings = scene.warnings.clone();
        let geometry = super::super::tools::HeadGeometry::from_scene(&scene);
        let proxy = self.proxy.clone();
        let worker = super::super::head_worker::HeadWorker::spawn(self.gpu.ctx.clone(), scene, move || {
            let _ = proxy.send_event(super::ViewEvent::HeadNews);
        })?;
        self.gpu.compare_worker = None;
        let _ = std::mem::replace(&mut self.gpu.worker, worker).finish();
        let landmarks = geometry.landmarks();
        self.geometry = geometry;
        self.history.set_head(landmarks);
        self.edit.landmarks = Some(landmarks);
        self.head = source;
        // The new worker holds the plan as its version 0.
        self.draft = self.history.plan().clone();
        self.sent = (std::sync::Arc::new(self.draft.clone()), 0);
        self.shown = None;
        self.compare_shown = None;
        Ok(warnings)
    }

    /// The draft and the head's landmarks as the history now has them.
    pub(super) fn follow_history(&mut self) {
        self.draft = self.history.plan().clone();
        let landmarks = self.history.landmarks();
        if landmarks != self.geometry.landmarks() {
            self.geometry.set_landmarks(landmarks);
            self.edit.landmarks = Some(landmarks);
        }
    }

    pub(super) fn screenshot_path(&self) -> PathBuf {
        let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
        let dir = self.plan_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        dir.join(format!("smp-view-{stamp}.png"))
    }
}

/// A touch-up after the last session: DOMAIN, touch-ups every 4–6 years
/// refresh the faded density; a quarter of it, with the last session's
/// needle and ink.
fn touch_up(plan: &Plan) -> Session {
    match plan.sessions.last() {
        Some(last) => Session { day: (last.day + 4.0 * 365.25).round(), share: 0.25, ..last.clone() },
        None => Session::three()[0].clone(),
    }
}
