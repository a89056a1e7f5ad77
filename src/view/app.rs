//! The window: winit events, the egui panels, and the head drawn by a worker
//! thread straight from the GPU into the window. The event loop never waits
//! for the head: it posts what it wants to see and shows the newest image
//! when the worker has it.

mod act;
mod paint;
mod wishes;

use super::action::ViewAction;
use super::head_worker::{HeadImage, HeadNews, HeadWorker, ScreenshotOrder};
use super::panels::{self, Controls, HeadEdit, Status};
use super::state::{PlanHistory, TIMELINE_DAYS, timeline_day, timeline_position};
use super::tools::HeadGeometry;
use crate::core::error::{Result, SmpError};
use crate::gpu::GpuContext;
use crate::gpu::present::PresentPipeline;
use crate::plan::Plan;
use crate::plan::scene::HeadScene;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use winit::application::ApplicationHandler;
use winit::event::WindowEvent;
use winit::event_loop::{ActiveEventLoop, EventLoop, EventLoopProxy};
use winit::window::{Window, WindowId};

/// What `smp view` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct ViewOptions {
    /// Close after this many frames (tests, CI), counted after the script.
    pub frames: Option<u32>,
    /// Write the head view to this PNG when closing.
    pub screenshot: Option<PathBuf>,
    /// Initial window size in pixels.
    pub size: (u32, u32),
    /// The plan file edits are saved to (`plan.toml` if none).
    pub plan_path: Option<PathBuf>,
    /// Turn the head 3° every frame and print frame times on closing (a
    /// benchmark of orbiting).
    pub spin: bool,
    /// Edit the plan every `soak::EDIT_EVERY` frames and print memory and
    /// GPU objects every `soak::SAMPLE_EVERY` (a leak hunt).
    pub soak: bool,
    /// Actions to run, one per frame, before counting `frames`.
    pub script: Vec<ViewAction>,
    /// The head: built in, or a fitted mesh file.
    pub head: crate::mesh::source::HeadSource,
}

/// Posted to the event loop from the head's thread.
#[derive(Debug)]
pub enum ViewEvent {
    HeadNews,
}

/// Opens the window and runs until it is closed (or `options.frames`).
pub fn run(plan: Plan, options: ViewOptions) -> Result<()> {
    let window_error = |e: &dyn std::fmt::Display| SmpError::Device {
        adapter: "window system".into(),
        detail: format!("{e}; `smp view` needs a display (on a server: xvfb-run -a smp view)"),
    };
    let event_loop = EventLoop::<ViewEvent>::with_user_event().build().map_err(|e| window_error(&e))?;
    let proxy = event_loop.create_proxy();
    let mut app = App { plan: Some(plan), options, proxy, running: None, error: None };
    event_loop.run_app(&mut app).map_err(|e| window_error(&e))?;
    // Unsaved edits are never lost: they go beside the plan file.
    if let Some(running) = &app.running
        && running.history.dirty
    {
        let autosave = running.plan_path.with_extension("autosave.toml");
        crate::plan::file::save(running.history.plan(), &autosave)?;
        eprintln!("unsaved changes kept in {}", autosave.display());
    }
    match app.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

struct App {
    plan: Option<Plan>,
    options: ViewOptions,
    proxy: EventLoopProxy<ViewEvent>,
    running: Option<Running>,
    error: Option<SmpError>,
}

/// The GPU side of the window; rebuilt whole when the device is lost.
struct Gpu {
    ctx: GpuContext,
    present: PresentPipeline,
    egui_ctx: egui::Context,
    egui_state: egui_winit::State,
    egui_renderer: egui_wgpu::Renderer,
    /// The edited plan's head, and the split view's other plan's.
    worker: HeadWorker,
    compare_worker: Option<HeadWorker>,
    lost: Arc<AtomicBool>,
}

/// Everything that lives while the window is open.
struct Running {
    /// Where the head came from (landmark corrections are saved beside it).
    head: crate::mesh::source::HeadSource,
    window: Arc<Window>,
    display: winit::event_loop::OwnedDisplayHandle,
    instance: wgpu::Instance,
    /// None only while a lost device is being replaced.
    surface: Option<wgpu::Surface<'static>>,
    config: wgpu::SurfaceConfiguration,
    gpu: Gpu,
    proxy: EventLoopProxy<ViewEvent>,
    geometry: HeadGeometry,
    controls: Controls,
    edit: HeadEdit,
    history: PlanHistory,
    /// The plan as the controls show it: the head shows it at once, the
    /// history gets it when the pointer is released.
    draft: Plan,
    /// The draft last sent to the worker, and its version.
    sent: (Arc<Plan>, u64),
    /// The plan as opened or last saved (the split view compares with it).
    saved: Plan,
    plan_path: PathBuf,
    shown: Option<HeadImage>,
    compare_shown: Option<HeadImage>,
    /// The head's place in the window as last laid out (pixels); the head
    /// image shown may still be one drawn for an older layout.
    head_size: Option<[u32; 2]>,
    minimised: bool,
    /// The device was opened again and has not drawn a head yet: a failure
    /// now is an error, not another loss (counted in images, not seconds,
    /// so a slow machine decides the same way as a fast one).
    recovering: bool,
    script: VecDeque<ViewAction>,
    /// Frames a script's `frames N` still waits.
    script_wait: u32,
    frames: u32,
    last_frame: Option<Instant>,
    frame_ms: f32,
    /// Wall time of every redraw (ms), and when each new head image came.
    frame_times: Vec<f32>,
    head_arrivals: Vec<(Instant, f32)>,
    /// `--soak`: the plan its edits start from, and the samples so far.
    soak_base: Option<Plan>,
    soak_samples: Vec<crate::output::soak::SoakSample>,
}

impl ApplicationHandler<ViewEvent> for App {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.running.is_some() {
            return;
        }
        let Some(plan) = self.plan.take() else { return };
        let path = self.options.plan_path.clone().unwrap_or_else(|| PathBuf::from("plan.toml"));
        match Running::open(event_loop, plan, &self.options, path, self.proxy.clone()) {
            Ok(running) => self.running = Some(running),
            Err(e) => {
                self.error = Some(e);
                event_loop.exit();
            }
        }
    }

    fn user_event(&mut self, _event_loop: &ActiveEventLoop, _event: ViewEvent) {
        if let Some(running) = &self.running {
            running.window.request_redraw();
        }
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        let Some(running) = self.running.as_mut() else { return };
        let response = running.gpu.egui_state.on_window_event(&running.window, &event);
        match event {
            WindowEvent::CloseRequested => self.close(event_loop),
            WindowEvent::Resized(size) => running.resized([size.width, size.height]),
            WindowEvent::DroppedFile(path) => {
                running.act(ViewAction::Open(path));
                running.window.request_redraw();
            }
            WindowEvent::RedrawRequested => {
                if self.options.spin {
                    running.controls.orbit.drag(-7.5, 0.0);
                }
                if let Err(e) = running.redraw() {
                    self.error = Some(e);
                    event_loop.exit();
                    return;
                }
                let scripted = !running.script.is_empty() || running.script_wait > 0;
                if !scripted {
                    running.frames += 1;
                    if self.options.soak {
                        running.soak_step();
                    }
                }
                if self.options.frames.is_some_and(|n| running.frames >= n) {
                    self.close(event_loop);
                } else if self.options.frames.is_some() || scripted || running.controls.playing {
                    running.window.request_redraw();
                }
            }
            _ => {
                if response.repaint {
                    running.window.request_redraw();
                }
            }
        }
    }
}

impl App {
    fn close(&mut self, event_loop: &ActiveEventLoop) {
        event_loop.exit();
        let Some(running) = self.running.as_mut() else { return };
        if self.options.spin {
            println!("{}", running.spin_report());
        }
        if !running.soak_samples.is_empty() {
            println!("{}", crate::output::soak::verdict(&running.soak_samples, 16.0));
        }
        // A device lost in the last frames is opened again for the screenshot.
        if running.gpu.lost.load(Ordering::Acquire)
            && let Err(e) = running.recover()
        {
            self.error = Some(e);
            return;
        }
        if let Some(path) = &self.options.screenshot {
            let wish = running.wish(running.head_size(), false);
            let order = ScreenshotOrder { wish, mirror: running.controls.mirror, path: path.clone() };
            running.gpu.worker.screenshot(order);
        }
        // Wait for the head's thread: screenshots ordered so far are written.
        running.gpu.compare_worker = None;
        for item in running.gpu.worker.finish() {
            match item {
                HeadNews::Screenshot(Err(e)) | HeadNews::Failed(e) => self.error = Some(e),
                HeadNews::Screenshot(Ok(path)) => eprintln!("wrote {}", path.display()),
                _ => {}
            }
        }
    }
}

impl Running {
    fn open(
        event_loop: &ActiveEventLoop,
        plan: Plan,
        options: &ViewOptions,
        plan_path: PathBuf,
        proxy: EventLoopProxy<ViewEvent>,
    ) -> Result<Self> {
        let fail = |detail: String| SmpError::Device { adapter: "window".into(), detail };
        let attributes = winit::window::Window::default_attributes()
            .with_title(format!("smp view: {}", plan.name))
            .with_inner_size(winit::dpi::PhysicalSize::new(options.size.0, options.size.1));
        let window = Arc::new(event_loop.create_window(attributes).map_err(|e| fail(e.to_string()))?);
        let display = event_loop.owned_display_handle();
        let instance = new_instance(&display);
        let surface = instance.create_surface(window.clone()).map_err(|e| fail(e.to_string()))?;
        let ctx = GpuContext::for_surface(&instance, &surface)?;
        let physical = window.inner_size();
        let mut config = surface
            .get_default_config(&ctx.adapter, physical.width.max(1), physical.height.max(1))
            .ok_or_else(|| fail(format!("{} cannot present to this window", ctx.describe())))?;
        // egui paints in gamma space: a plain (non-sRGB) format if there is one.
        let caps = surface.get_capabilities(&ctx.adapter);
        if let Some(format) = caps.formats.iter().find(|f| !f.is_srgb()) {
            config.format = *format;
        }
        ctx.configure_surface(&surface, &config);
        let scene = HeadScene::load(&options.head, plan.clone())?;
        // In the status line, and in the terminal the window was started from.
        for w in &scene.warnings {
            eprintln!("warning: {w}");
        }
        let mut controls = Controls::new(plan.healed_day());
        if !scene.warnings.is_empty() {
            controls.status = super::controls::head_status(&options.head.label(), &scene.warnings);
        }
        let geometry = HeadGeometry::from_scene(&scene);
        let head = options.head.clone();
        let landmarks = geometry.landmarks();
        let gpu = Gpu::new(ctx, &window, config.format, scene, &proxy)?;
        Ok(Self {
            head,
            window,
            display,
            instance,
            surface: Some(surface),
            config,
            gpu,
            proxy,
            geometry,
            controls,
            edit: HeadEdit { stroke: None, handle: None, landmarks: Some(landmarks), landmark: None },
            draft: plan.clone(),
            sent: (Arc::new(plan.clone()), 0),
            saved: plan.clone(),
            history: PlanHistory::new(plan, landmarks),
            plan_path,
            shown: None,
            compare_shown: None,
            head_size: None,
            minimised: false,
            recovering: false,
            script: options.script.iter().cloned().collect(),
            script_wait: 0,
            frames: 0,
            last_frame: None,
            frame_ms: 0.0,
            frame_times: Vec::new(),
            head_arrivals: Vec::new(),
            soak_base: None,
            soak_samples: Vec::new(),
        })
    }

    fn resized(&mut self, size: [u32; 2]) {
        // Minimised windows report 0×0: keep the surface as it was.
        self.minimised = size[0] == 0 || size[1] == 0;
        if !self.minimised {
            self.config.width = size[0];
            self.config.height = size[1];
            if let Some(surface) = &self.surface {
                self.gpu.ctx.configure_surface(surface, &self.config);
            }
        }
        self.window.request_redraw();
    }

    fn redraw(&mut self) -> Result<()> {
        let now = Instant::now();
        if let Some(last) = self.last_frame.replace(now) {
            self.frame_ms = (now - last).as_secs_f32() * 1e3;
            self.frame_times.push(self.frame_ms);
        }
        if self.gpu.lost.load(Ordering::Acquire) {
            self.recover()?;
        }
        self.read_news()?;
        self.run_script();
        if self.controls.playing {
            // The whole ten years in ten seconds, on the timeline's scale.
            let position = timeline_position(self.controls.day) + self.frame_ms.min(100.0) / 10_000.0;
            self.controls.day = timeline_day(position).min(TIMELINE_DAYS);
            self.controls.playing = self.controls.day < TIMELINE_DAYS;
        }
        if self.minimised {
            return Ok(());
        }
        let input = self.gpu.egui_state.take_egui_input(&self.window);
        let status_adapter = self.gpu.ctx.describe();
        let head_label = self.head.label();
        let status = Status {
            head: &head_label,
            dot_slots: self.shown.as_ref().map_or(0, |s| s.dot_slots),
            head_ms: self.shown.as_ref().map_or(0.0, |s| s.millis),
            frame_ms: self.frame_ms,
            adapter: &status_adapter,
        };
        let mut output = None;
        let full = self.gpu.egui_ctx.clone().run_ui(input, |ui| {
            output = Some(panels::show(
                ui,
                &mut self.controls,
                &mut self.draft,
                &self.history,
                &self.geometry,
                &mut self.edit,
                &status,
            ));
        });
        let output = output.expect("the panels ran");
        for action in output.actions {
            self.act(action);
        }
        // A finished drag (slider, brush, hairline) is one undo step.
        let released = !self.gpu.egui_ctx.input(|i| i.pointer.any_down());
        if released && self.draft != *self.history.plan() {
            self.act(ViewAction::Edit(Box::new(self.draft.clone())));
        }
        if released
            && let Some(moved) = self.edit.landmarks
            && moved != self.geometry.landmarks()
        {
            // As a script would move them: one action per landmark dragged.
            let before = self.geometry.landmarks();
            for which in 0..super::landmark_handles::NAMES.len() {
                let point = super::landmark_handles::get(&moved, which);
                if point != super::landmark_handles::get(&before, which) {
                    self.act(ViewAction::Landmark { which, point: point.to_array() });
                }
            }
            self.controls.status = "landmarks moved: Save landmarks keeps them".into();
        }
        self.gpu.egui_state.handle_platform_output(&self.window, full.platform_output.clone());
        let ppp = full.pixels_per_point;
        let rects = [Some(output.head_rect), output.compare_rect].map(|r| r.map(|r| physical_rect(r, ppp)));
        self.wish_heads(rects);
        self.paint(full, rects)
    }

    /// The size a screenshot "as shown" has: the head's place in the window,
    /// even before its first image has come (a slow first scatter).
    fn head_size(&self) -> [u32; 2] {
        self.head_size.unwrap_or([self.config.width, self.config.height])
    }

    fn commit(&mut self, plan: Plan) {
        match self.history.commit(plan) {
            Ok(_) => self.draft = self.history.plan().clone(),
            Err(e) => {
                self.controls.status = format!("not applied: {e}");
                self.draft = self.history.plan().clone();
            }
        }
        self.window.set_title(&format!("smp view: {}", self.history.plan().name));
    }

    /// Runs the script's next line, unless it is waiting frames.
    fn run_script(&mut self) {
        if self.script_wait > 0 {
            self.script_wait -= 1;
            return;
        }
        if let Some(action) = self.script.pop_front() {
            self.act(action);
        }
    }

    /// A new device, surface configuration, egui and head threads after the
    /// old device was lost; the plan, camera and history are kept.
    fn recover(&mut self) -> Result<()> {
        eprintln!("the GPU device was lost; opening it again");
        self.recovering = true;
        // The head's threads stop first: on GL a thread still holding the
        // old context makes the new one fail to open.
        self.gpu.compare_worker = None;
        let _ = self.gpu.worker.finish();
        // One window holds one GL surface: the old goes before the new.
        self.surface = None;
        // A fresh instance and surface: the old ones belong to the lost device.
        let instance = new_instance(&self.display);
        let surface = instance.create_surface(self.window.clone()).map_err(|e| SmpError::Device {
            adapter: "window".into(),
            detail: format!("the window's surface after a lost device: {e}"),
        })?;
        let ctx = GpuContext::for_surface(&instance, &surface)?;
        ctx.configure_surface(&surface, &self.config);
        let scene = self.geometry.scene((*self.sent.0).clone())?;
        let gpu = Gpu::new(ctx, &self.window, self.config.format, scene, &self.proxy)?;
        self.gpu = gpu;
        self.surface = Some(surface);
        self.instance = instance;
        // The new worker holds the draft as its version 0.
        self.sent.1 = 0;
        self.shown = None;
        self.compare_shown = None;
        self.controls.status = "the GPU device was lost and opened again".into();
        Ok(())
    }

    /// `--soak`: a plan edit every hundred frames, a sample every thousand.
    fn soak_step(&mut self) {
        use crate::output::soak::{EDIT_EVERY, SAMPLE_EVERY, SoakSample, edited_plan};
        if self.frames.is_multiple_of(EDIT_EVERY) {
            let base = self.soak_base.get_or_insert_with(|| self.history.plan().clone()).clone();
            self.commit(edited_plan(&base, self.frames / EDIT_EVERY));
        }
        if self.frames.is_multiple_of(SAMPLE_EVERY) {
            let sample = SoakSample::take(self.frames, &self.gpu.ctx);
            println!("{}", sample.line());
            self.soak_samples.push(sample);
        }
    }

    /// Frame and head times while spinning (`--spin`), as one line.
    fn spin_report(&self) -> String {
        let median = |mut v: Vec<f32>| {
            v.sort_by(f32::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(0.0)
        };
        // The first image includes the start; intervals after it.
        let intervals: Vec<f32> =
            self.head_arrivals.windows(2).skip(1).map(|w| (w[1].0 - w[0].0).as_secs_f32() * 1e3).collect();
        let head = median(intervals.clone());
        let render = median(self.head_arrivals.iter().skip(1).map(|a| a.1).collect());
        let window = median(self.frame_times.iter().skip(1).copied().collect());
        format!(
            "orbiting at {}×{}: {} new head images, median {head:.1} ms apart ({:.0} fps), each drawn in {render:.1} ms; \
             window frames median {window:.1} ms ({:.0} fps); on {}",
            self.config.width,
            self.config.height,
            intervals.len(),
            1000.0 / head.max(1e-3),
            1000.0 / window.max(1e-3),
            self.gpu.ctx.describe()
        )
    }
}

fn new_instance(display: &winit::event_loop::OwnedDisplayHandle) -> wgpu::Instance {
    let mut desc = wgpu::InstanceDescriptor::new_with_display_handle(Box::new(display.clone()));
    desc.backends = GpuContext::backends();
    wgpu::Instance::new(desc)
}

/// A rect in points as whole physical pixels, [x, y, width, height].
fn physical_rect(rect: egui::Rect, ppp: f32) -> [u32; 4] {
    if !rect.is_positive() {
        return [0; 4];
    }
    let x0 = (rect.left() * ppp).round().max(0.0) as u32;
    let y0 = (rect.top() * ppp).round().max(0.0) as u32;
    let x1 = (rect.right() * ppp).round().max(0.0) as u32;
    let y1 = (rect.bottom() * ppp).round().max(0.0) as u32;
    [x0, y0, x1.saturating_sub(x0), y1.saturating_sub(y0)]
}
