//! What the window asks the head worker for: the plan it shows (the draft
//! while valid), one or two head images at the panels' sizes, and the news
//! the worker sends back.

use super::super::action::Compare;
use super::super::head_worker::{HeadNews, HeadWish, HeadWorker};
use super::{Running, ViewEvent};
use crate::core::error::Result;
use crate::plan::Plan;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

impl Running {
    /// The plan the head shows: the draft while it is valid.
    pub(super) fn showing(&mut self) -> (Arc<Plan>, u64) {
        if self.draft != *self.sent.0 && self.draft.validate().is_ok() {
            self.sent = (Arc::new(self.draft.clone()), self.sent.1 + 1);
        }
        (Arc::clone(&self.sent.0), self.sent.1)
    }

    pub(super) fn wish(&mut self, size: [u32; 2], compare: bool) -> HeadWish {
        let (plan, plan_version) = self.showing();
        let compare = compare && self.controls.compare != Compare::Off;
        let (mut plan, mut plan_version, mut day) = (plan, plan_version, self.controls.day);
        if compare {
            match self.controls.compare {
                Compare::Day(d) => day = d,
                // The other half's own worker was started with this plan.
                Compare::Saved => (plan, plan_version) = (Arc::new(self.saved.clone()), 0),
                Compare::Off => {}
            }
        }
        // The heat map shows the healed density, as `smp heatmap` does.
        let heat = self.controls.heat;
        if heat {
            day = plan.healed_day();
        }
        HeadWish {
            landmarks: self.edit.landmarks.unwrap_or(self.geometry.landmarks()),
            slot: compare as usize,
            camera: self.controls.orbit.camera(),
            size,
            day,
            heat,
            plan,
            plan_version,
        }
    }

    /// Asks for new head images where what they would show has changed.
    pub(super) fn wish_heads(&mut self, rects: [Option<[u32; 4]>; 2]) {
        if let Some([_, _, w, h]) = rects[0]
            && w > 0
            && h > 0
        {
            self.head_size = Some([w, h]);
            let wish = self.wish([w, h], false);
            if !self.shown.as_ref().is_some_and(|s| same_picture(&s.wish, &wish)) {
                self.gpu.worker.wish(wish);
            }
        }
        let Some([_, _, w, h]) = rects[1].filter(|r| r[2] > 0 && r[3] > 0) else {
            self.gpu.compare_worker = None;
            self.compare_shown = None;
            return;
        };
        let wish = self.wish([w, h], true);
        if self.controls.compare == Compare::Saved {
            if self.gpu.compare_worker.is_none() {
                match self.geometry.scene(self.saved.clone()).and_then(|scene| {
                    let proxy = self.proxy.clone();
                    HeadWorker::spawn(self.gpu.ctx.clone(), scene, move || {
                        let _ = proxy.send_event(ViewEvent::HeadNews);
                    })
                }) {
                    Ok(worker) => self.gpu.compare_worker = Some(worker),
                    Err(e) => self.controls.status = e.to_string(),
                }
            }
            if !self.compare_shown.as_ref().is_some_and(|s| same_picture(&s.wish, &wish))
                && let Some(worker) = &self.gpu.compare_worker
            {
                worker.wish(wish);
            }
        } else {
            // Another day of the same plan: the same worker draws it too.
            self.gpu.compare_worker = None;
            if !self.compare_shown.as_ref().is_some_and(|s| same_picture(&s.wish, &wish)) {
                self.gpu.worker.wish(wish);
            }
        }
    }

    /// The newest images and errors from the head's threads.
    pub(super) fn read_news(&mut self) -> Result<()> {
        let mut news = self.gpu.worker.news();
        if let Some(worker) = &self.gpu.compare_worker {
            news.extend(worker.news());
        }
        for item in news {
            match item {
                HeadNews::Drawn(image) if image.wish.slot == 0 => {
                    self.recovering = false;
                    self.head_arrivals.push((Instant::now(), image.millis));
                    self.shown = Some(*image);
                }
                HeadNews::Drawn(image) => self.compare_shown = Some(*image),
                HeadNews::PlanRefused { plan, error } => {
                    // Back to the last plan the GPU could take.
                    self.controls.status = format!("not applied: {error}");
                    if *self.history.plan() == *plan {
                        self.history.undo();
                    }
                    self.follow_history();
                }
                HeadNews::Screenshot(Ok(path)) => self.controls.status = format!("wrote {}", path.display()),
                HeadNews::Screenshot(Err(e)) => self.controls.status = e.to_string(),
                HeadNews::Failed(e) => {
                    // A lost device often shows first as a failed head
                    // (wgpu calls the lost callback later, when polled):
                    // open the device again, once; failing again before
                    // the new device has drawn a head is a real error.
                    if !self.recovering {
                        eprintln!("the head's GPU work failed: {e}");
                        self.gpu.lost.store(true, Ordering::Release);
                        self.window.request_redraw();
                        continue;
                    }
                    if self.gpu.lost.load(Ordering::Acquire) {
                        continue;
                    }
                    return Err(e);
                }
            }
        }
        Ok(())
    }
}

/// Whether two wishes show the same picture.
fn same_picture(a: &HeadWish, b: &HeadWish) -> bool {
    a.camera == b.camera
        && a.size == b.size
        && a.day == b.day
        && a.heat == b.heat
        && a.plan_version == b.plan_version
        && a.landmarks == b.landmarks
}
