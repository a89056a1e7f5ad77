//! The head is drawn on a thread of its own, so a re-scatter (≈ 70 ms for
//! the default plan on lavapipe, far more at a million dots) never stops the
//! window answering. The window posts what it wants to see; the worker
//! draws the newest wish only (older ones are dropped, so a fast orbit never
//! queues up) and leaves the image in a GPU buffer that the window's present
//! pass reads.

use crate::core::camera::Camera;
use crate::core::error::{Result, SmpError};
use crate::core::landmarks::HeadLandmarks;
use crate::gpu::GpuContext;
use crate::output::render::Renderer;
use crate::plan::Plan;
use crate::plan::scene::HeadScene;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Instant;

/// Which picture of the window a wish is for: the head, or the split
/// view's other half.
pub const SLOTS: usize = 2;

/// What the window wants drawn.
#[derive(Clone, Debug)]
pub struct HeadWish {
    /// 0: the head; 1: the split view's other half.
    pub slot: usize,
    pub camera: Camera,
    pub size: [u32; 2],
    pub day: f32,
    /// A density heat map instead of the skin, scaled as `smp heatmap`
    /// scales it (`DensityMap::heat_scale_top_per_cm2`).
    pub heat: bool,
    pub plan: Arc<Plan>,
    /// The head's landmarks (the practitioner may correct them).
    pub landmarks: HeadLandmarks,
    /// Bumped by the window on every plan edit; the worker re-lays the
    /// plan only when it changes.
    pub plan_version: u64,
}

/// A finished image, on the GPU.
#[derive(Clone, Debug)]
pub struct HeadImage {
    pub wish: HeadWish,
    /// Packed sRGB RGBA8, rows of `wish.size[0]` pixels: the slot's own
    /// buffer, rewritten (whole, in one submission) by its next image.
    pub output: wgpu::Buffer,
    /// Wall time of the wish: plan laid out (if new) and the frame drawn.
    pub millis: f32,
    pub dot_slots: u32,
}

/// What the worker tells the window.
#[derive(Debug)]
pub enum HeadNews {
    Drawn(Box<HeadImage>),
    /// This plan could not be laid out (a GPU limit, say); the worker
    /// keeps drawing the last plan that could.
    PlanRefused {
        plan: Arc<Plan>,
        error: SmpError,
    },
    /// A screenshot was written, or why not.
    Screenshot(Result<PathBuf>),
    /// Drawing failed; the worker has stopped (a lost device, say).
    Failed(SmpError),
}

/// A picture to write to a PNG, drawn and read back by the worker.
#[derive(Clone, Debug)]
pub struct ScreenshotOrder {
    pub wish: HeadWish,
    pub mirror: bool,
    pub path: PathBuf,
}

#[derive(Default)]
struct Mailbox {
    wishes: [Option<HeadWish>; SLOTS],
    screenshots: Vec<ScreenshotOrder>,
    quit: bool,
    news: Vec<HeadNews>,
}

type Shared = Arc<(Mutex<Mailbox>, Condvar)>;

fn lock(shared: &Shared) -> MutexGuard<'_, Mailbox> {
    shared.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub struct HeadWorker {
    shared: Shared,
    thread: Option<JoinHandle<()>>,
}

impl HeadWorker {
    /// Starts the thread, which builds its renderer (pipelines and the
    /// first scatter) before drawing. `scene.plan` is plan version 0.
    /// `wake` is called after each piece of news, from the worker's thread
    /// (the window posts itself an event).
    pub fn spawn(ctx: GpuContext, scene: HeadScene, wake: impl Fn() + Send + 'static) -> Result<Self> {
        let shared: Shared = Arc::default();
        let inbox = shared.clone();
        let thread = std::thread::Builder::new()
            .name("smp head".into())
            .spawn(move || match Renderer::new(ctx, &scene) {
                Ok(renderer) => Drawer {
                    renderer,
                    scene,
                    applied: 0,
                    shown: Default::default(),
                    shared: inbox,
                    wake: Box::new(wake),
                }
                .run(),
                Err(e) => {
                    lock(&inbox).news.push(HeadNews::Failed(e));
                    wake();
                }
            })
            .map_err(|e| SmpError::Gpu(format!("could not start the head's thread: {e}")))?;
        Ok(Self { shared, thread: Some(thread) })
    }

    /// Replaces any wish for the same slot not yet started.
    pub fn wish(&self, wish: HeadWish) {
        let slot = wish.slot.min(SLOTS - 1);
        lock(&self.shared).wishes[slot] = Some(wish);
        self.shared.1.notify_one();
    }

    pub fn screenshot(&self, order: ScreenshotOrder) {
        lock(&self.shared).screenshots.push(order);
        self.shared.1.notify_one();
    }

    /// News since the last call, oldest first.
    pub fn news(&self) -> Vec<HeadNews> {
        std::mem::take(&mut lock(&self.shared).news)
    }

    /// Finishes the screenshots ordered so far, stops the thread, and
    /// returns the news not yet read.
    pub fn finish(&mut self) -> Vec<HeadNews> {
        self.stop();
        self.news()
    }

    /// Tells the thread to stop without waiting for it (its device is
    /// gone, and it may be stuck in an error).
    pub fn abandon(mut self) {
        lock(&self.shared).quit = true;
        self.shared.1.notify_one();
        drop(self.thread.take());
    }

    fn stop(&mut self) {
        lock(&self.shared).quit = true;
        self.shared.1.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for HeadWorker {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Drawer {
    renderer: Renderer,
    scene: HeadScene,
    /// The plan version the renderer holds.
    applied: u64,
    /// Each slot's image buffer (the window reads them).
    shown: [Option<wgpu::Buffer>; SLOTS],
    shared: Shared,
    wake: Box<dyn Fn() + Send>,
}

enum Job {
    Draw(HeadWish),
    Screenshot(ScreenshotOrder),
}

impl Drawer {
    fn run(mut self) {
        while let Some(job) = self.next_job() {
            let news = match job {
                Job::Screenshot(order) => match self.apply(&order.wish) {
                    Ok(()) => HeadNews::Screenshot(self.screenshot(&order)),
                    Err(news) => news,
                },
                Job::Draw(wish) => match self.apply(&wish) {
                    Ok(()) => self.draw(wish),
                    Err(news) => news,
                },
            };
            let failed = matches!(news, HeadNews::Failed(_));
            lock(&self.shared).news.push(news);
            (self.wake)();
            if failed {
                return;
            }
        }
    }

    /// Screenshots first (they are few and someone waits for them), then
    /// the newest wish; `None` once asked to quit with nothing left to write.
    fn next_job(&self) -> Option<Job> {
        let mut mailbox = lock(&self.shared);
        loop {
            if !mailbox.screenshots.is_empty() {
                return Some(Job::Screenshot(mailbox.screenshots.remove(0)));
            }
            if mailbox.quit {
                return None;
            }
            if let Some(wish) = mailbox.wishes.iter_mut().find_map(Option::take) {
                return Some(Job::Draw(wish));
            }
            mailbox = self.shared.1.wait(mailbox).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    /// Lays out the wish's plan if it is new. A plan the GPU cannot take is
    /// refused and the previous one kept.
    fn apply(&mut self, wish: &HeadWish) -> std::result::Result<(), HeadNews> {
        if wish.landmarks != self.scene.landmarks {
            self.scene.set_landmarks(wish.landmarks);
            self.renderer.invalidate_dots();
            if let Err(e) = self.renderer.set_plan(&self.scene) {
                return Err(HeadNews::Failed(e));
            }
        }
        if wish.plan_version == self.applied {
            return Ok(());
        }
        self.applied = wish.plan_version;
        let previous = self.scene.plan.clone();
        let laid = self.scene.set_plan((*wish.plan).clone()).and_then(|()| self.renderer.set_plan(&self.scene));
        if let Err(error) = laid {
            // Back to the plan the renderer holds; it was laid out before.
            let restored = self.scene.set_plan(previous).and_then(|()| self.renderer.set_plan(&self.scene));
            return Err(match restored {
                Ok(()) => HeadNews::PlanRefused { plan: Arc::clone(&wish.plan), error },
                Err(e) => HeadNews::Failed(e),
            });
        }
        Ok(())
    }

    fn draw(&mut self, wish: HeadWish) -> HeadNews {
        let start = Instant::now();
        let [width, height] = wish.size;
        let bytes = width as u64 * height as u64 * 4;
        let slot = &mut self.shown[wish.slot.min(SLOTS - 1)];
        if slot.as_ref().is_none_or(|b| b.size() != bytes) {
            *slot = Some(self.renderer.ctx.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("head image"),
                size: bytes,
                usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            }));
        }
        let output = slot.clone().expect("the slot's buffer was just made");
        match self.renderer.render_on_gpu(&wish.camera, width, height, wish.day, self.heat_top(&wish), &output) {
            Ok(()) => HeadNews::Drawn(Box::new(HeadImage {
                output,
                millis: start.elapsed().as_secs_f32() * 1e3,
                dot_slots: self.renderer.dots().count,
                wish,
            })),
            Err(e) => HeadNews::Failed(e),
        }
    }

    /// The heat map's scale for the plan now laid on the head.
    fn heat_top(&self, wish: &HeadWish) -> Option<f32> {
        wish.heat.then(|| self.scene.density.heat_scale_top_per_cm2())
    }

    fn screenshot(&mut self, order: &ScreenshotOrder) -> Result<PathBuf> {
        let wish = &order.wish;
        let [width, height] = wish.size;
        let mut image = match self.heat_top(wish) {
            Some(top) => self.renderer.render_heat(&wish.camera, width, height, top)?,
            None => self.renderer.render_at(&wish.camera, width, height, wish.day)?,
        };
        if order.mirror {
            image::imageops::flip_horizontal_in_place(&mut image);
        }
        crate::core::output_file::write_png_atomic(&image, &order.path)?;
        Ok(order.path.clone())
    }
}
