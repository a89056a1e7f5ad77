//! The window: winit events, egui panels, and the renderer's image of the
//! head drawn into the middle. The head is rendered only when something it
//! shows changes (camera, plan, day, size), so an idle window costs nothing.

use super::state::{CLOSE_UP_MM, CONVERSATION_MM, Orbit, PlanHistory, TIMELINE_DAYS, timeline_day, timeline_position};
use crate::camera::View;
use crate::error::{Result, SmpError};
use crate::gpu::GpuContext;
use crate::plan::{MONK_SRGB, Plan, SkinTone, Sun};
use crate::render::Renderer;
use crate::scene::HeadScene;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use winit::application::ApplicationHandler;
use winit::event::WindowEvent;
use winit::event_loop::{ActiveEventLoop, EventLoop};
use winit::window::{Window, WindowId};

/// What `smp view` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct ViewOptions {
    /// Close after this many frames (tests, CI).
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
}

/// Opens the window and runs until it is closed (or `options.frames`).
pub fn run(plan: Plan, options: ViewOptions) -> Result<()> {
    let event_loop = EventLoop::new().map_err(|e| SmpError::Device {
        adapter: "window system".into(),
        detail: format!("{e}; `smp view` needs a display (on a server: xvfb-run -a smp view)"),
    })?;
    let mut app = App { plan: Some(plan), options, running: None, error: None };
    event_loop
        .run_app(&mut app)
        .map_err(|e| SmpError::Device { adapter: "window system".into(), detail: e.to_string() })?;
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
    running: Option<Running>,
    error: Option<SmpError>,
}

/// Everything that lives while the window is open.
struct Running {
    window: Arc<Window>,
    surface: wgpu::Surface<'static>,
    config: wgpu::SurfaceConfiguration,
    scene: HeadScene,
    renderer: Renderer,
    egui_ctx: egui::Context,
    egui_state: egui_winit::State,
    egui_renderer: egui_wgpu::Renderer,
    head: Option<egui::TextureHandle>,
    /// What the head image shows, to render again only on a change.
    shown: Option<(Orbit, bool, bool, f32, [u32; 2], u64)>,
    last_image: Option<image::RgbaImage>,
    history: PlanHistory,
    /// The plan as the controls show it; committed (one undo step, a new
    /// scatter) when the pointer is released.
    draft: Plan,
    plan_version: u64,
    orbit: Orbit,
    mirror: bool,
    /// Show achieved dot density in false colour instead of the skin.
    heat: bool,
    plan_path: PathBuf,
    day: f32,
    status: String,
    frame_ms: f32,
    frames: u32,
    /// Wall time of every redraw, and of the head's render in it (ms).
    frame_times: Vec<f32>,
    head_times: Vec<f32>,
}

impl ApplicationHandler for App {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.running.is_some() {
            return;
        }
        let Some(plan) = self.plan.take() else { return };
        let path = self.options.plan_path.clone().unwrap_or_else(|| PathBuf::from("plan.toml"));
        match Running::open(event_loop, plan, self.options.size, path) {
            Ok(running) => self.running = Some(running),
            Err(e) => {
                self.error = Some(e);
                event_loop.exit();
            }
        }
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        let Some(running) = self.running.as_mut() else { return };
        let response = running.egui_state.on_window_event(&running.window, &event);
        match event {
            WindowEvent::CloseRequested => self.close(event_loop),
            WindowEvent::Resized(size) => {
                if size.width > 0 && size.height > 0 {
                    running.config.width = size.width;
                    running.config.height = size.height;
                    running.surface.configure(&running.renderer.ctx.device, &running.config);
                }
                running.window.request_redraw();
            }
            WindowEvent::RedrawRequested => {
                if self.options.spin {
                    running.orbit.drag(-7.5, 0.0);
                }
                let start = Instant::now();
                if let Err(e) = running.redraw() {
                    self.error = Some(e);
                    event_loop.exit();
                    return;
                }
                running.frames += 1;
                running.frame_times.push(start.elapsed().as_secs_f32() * 1e3);
                running.head_times.push(running.frame_ms);
                if self.options.frames.is_some_and(|n| running.frames >= n) {
                    self.close(event_loop);
                } else if self.options.frames.is_some() {
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
        if let Some(running) = &self.running
            && self.options.spin
            && !running.frame_times.is_empty()
        {
            let median = |v: &[f32]| {
                let mut t = v[1..].to_vec();
                t.sort_by(f32::total_cmp);
                t.get(t.len() / 2).copied().unwrap_or(0.0)
            };
            let (frame, head) = (median(&running.frame_times), median(&running.head_times));
            println!(
                "{} frames orbiting at {}×{}: median {frame:.1} ms ({:.0} fps), of which the head {head:.1} ms, on {}",
                running.frame_times.len() - 1,
                running.config.width,
                running.config.height,
                1000.0 / frame.max(1e-3),
                running.renderer.ctx.describe()
            );
        }
        if let (Some(path), Some(running)) = (&self.options.screenshot, &self.running)
            && let Some(image) = &running.last_image
            && let Err(e) = crate::output::write_png_atomic(image, path)
        {
            self.error = Some(e);
        }
        event_loop.exit();
    }
}

impl Running {
    fn open(event_loop: &ActiveEventLoop, plan: Plan, size: (u32, u32), plan_path: PathBuf) -> Result<Self> {
        let fail = |detail: String| SmpError::Device { adapter: "window".into(), detail };
        let attributes = Window::default_attributes()
            .with_title(format!("smp view: {}", plan.name))
            .with_inner_size(winit::dpi::PhysicalSize::new(size.0, size.1));
        let window = Arc::new(event_loop.create_window(attributes).map_err(|e| fail(e.to_string()))?);
        let mut desc = wgpu::InstanceDescriptor::new_with_display_handle(Box::new(event_loop.owned_display_handle()));
        desc.backends = GpuContext::backends();
        let instance = wgpu::Instance::new(desc);
        let surface = instance.create_surface(window.clone()).map_err(|e| fail(e.to_string()))?;
        let ctx = GpuContext::for_surface(&instance, &surface)?;
        let physical = window.inner_size();
        let mut config = surface
            .get_default_config(&ctx.adapter, physical.width.max(1), physical.height.max(1))
            .ok_or_else(|| fail(format!("{} cannot present to this window", ctx.describe())))?;
        // egui paints in gamma space: a plain (non-sRGB) format.
        let caps = surface.get_capabilities(&ctx.adapter);
        if let Some(format) = caps.formats.iter().find(|f| !f.is_srgb()) {
            config.format = *format;
        }
        surface.configure(&ctx.device, &config);
        let status = ctx.describe();
        let egui_renderer = egui_wgpu::Renderer::new(&ctx.device, config.format, egui_wgpu::RendererOptions::default());
        let scene = HeadScene::builtin(plan.clone())?;
        let renderer = Renderer::new(ctx, &scene)?;
        let egui_ctx = egui::Context::default();
        let egui_state = egui_winit::State::new(egui_ctx.clone(), egui::ViewportId::ROOT, &window, None, None, None);
        let day = plan.healed_day();
        Ok(Self {
            window,
            surface,
            config,
            scene,
            renderer,
            egui_ctx,
            egui_state,
            egui_renderer,
            head: None,
            shown: None,
            last_image: None,
            draft: plan.clone(),
            history: PlanHistory::new(plan),
            plan_version: 0,
            orbit: Orbit::from_view(View::ThreeQuarter),
            mirror: false,
            heat: false,
            plan_path,
            day,
            status,
            frame_ms: 0.0,
            frames: 0,
            frame_times: Vec::new(),
            head_times: Vec::new(),
        })
    }

    fn redraw(&mut self) -> Result<()> {
        let input = self.egui_state.take_egui_input(&self.window);
        let mut edited: Option<Plan> = None;
        let mut head_rect = egui::Rect::NOTHING;
        let mut undo = false;
        let mut redo = false;
        let mut save = false;
        let mut screenshot = false;
        let full = self.egui_ctx.clone().run_ui(input, |ui| {
            let mut plan = self.draft.clone();
            egui::Panel::left("controls").show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    ui.heading(&plan.name);
                    ui.horizontal(|ui| {
                        undo = ui.add_enabled(self.history.can_undo(), egui::Button::new("Undo")).clicked();
                        redo = ui.add_enabled(self.history.can_redo(), egui::Button::new("Redo")).clicked();
                    });
                    ui.separator();
                    ui.label("View");
                    ui.horizontal_wrapped(|ui| {
                        for view in View::ALL {
                            if ui.button(view.name()).clicked() {
                                let distance = self.orbit.distance_mm;
                                self.orbit = Orbit::from_view(view);
                                self.orbit.distance_mm = distance;
                            }
                        }
                    });
                    ui.horizontal(|ui| {
                        if ui.button("conversation (1 m)").clicked() {
                            self.orbit.distance_mm = CONVERSATION_MM;
                        }
                        if ui.button("close-up (25 cm)").clicked() {
                            self.orbit.distance_mm = CLOSE_UP_MM;
                        }
                    });
                    ui.checkbox(&mut self.mirror, "mirror (as the client sees it)");
                    ui.checkbox(&mut self.heat, "density heat map (dots/cm²)");
                    ui.horizontal(|ui| {
                        if ui.button("Save plan").clicked() {
                            save = true;
                        }
                        if ui.button("Screenshot 2048²").clicked() {
                            screenshot = true;
                        }
                    });
                    ui.separator();
                    ui.label("Density");
                    let mut peak = plan.zones.max();
                    if ui.add(egui::Slider::new(&mut peak, 0.0..=200.0).text("dots/cm², densest zone")).drag_stopped()
                    {
                        plan.set_peak_density(peak);
                    }
                    for (name, value) in [
                        ("front", &mut plan.zones.front),
                        ("top", &mut plan.zones.top),
                        ("crown", &mut plan.zones.crown),
                        ("temples", &mut plan.zones.temples),
                        ("sides", &mut plan.zones.sides),
                        ("back", &mut plan.zones.back),
                    ] {
                        ui.add(egui::Slider::new(value, 0.0..=200.0).text(format!("{name}, dots/cm²")));
                    }
                    ui.add(
                        egui::Slider::new(&mut plan.hairline.height_above_brow_mm, 40.0..=110.0)
                            .text("hairline, mm above brow"),
                    );
                    ui.separator();
                    ui.label("Sessions");
                    for (k, s) in plan.sessions.iter_mut().enumerate() {
                        ui.label(format!("session {} (day {})", k + 1, s.day));
                        ui.add(egui::Slider::new(&mut s.share, 0.0..=1.0).text("share of density"));
                        ui.add(egui::Slider::new(&mut s.dilution, 1.0..=30.0).text("dilution, water:pigment"));
                        let mut d = s.healed_diameter_mm();
                        if ui.add(egui::Slider::new(&mut d, 0.05..=0.6).text("dot, mm")).changed() {
                            s.dot_diameter_mm = Some(d);
                        }
                    }
                    ui.separator();
                    ui.label("Client");
                    ui.horizontal(|ui| {
                        for (k, rgb) in MONK_SRGB.iter().enumerate() {
                            let colour = egui::Color32::from_rgb(rgb[0], rgb[1], rgb[2]);
                            let chosen = plan.client.skin_tone == SkinTone::Monk(k as u8 + 1);
                            let swatch = egui::Button::new(format!("{}", k + 1)).fill(colour).selected(chosen);
                            if ui.add(swatch).clicked() {
                                plan.client.skin_tone = SkinTone::Monk(k as u8 + 1);
                            }
                        }
                    });
                    ui.horizontal(|ui| {
                        ui.label("sun");
                        ui.selectable_value(&mut plan.client.sun, Sun::Low, "low");
                        ui.selectable_value(&mut plan.client.sun, Sun::Normal, "normal");
                        ui.selectable_value(&mut plan.client.sun, Sun::High, "high");
                    });
                });
            });
            egui::Panel::bottom("timeline").show(ui, |ui| {
                let mut position = timeline_position(self.day);
                ui.horizontal(|ui| {
                    ui.label(day_label(self.day));
                    let slider = egui::Slider::new(&mut position, 0.0..=1.0).show_value(false).text("day 0 … 10 years");
                    if ui.add_sized([ui.available_width() - 80.0, 20.0], slider).changed() {
                        self.day = timeline_day(position).min(TIMELINE_DAYS);
                    }
                });
                ui.horizontal(|ui| {
                    for (k, s) in plan.sessions.iter().enumerate() {
                        if ui.small_button(format!("S{} {}", k + 1, day_label(s.day))).clicked() {
                            self.day = s.day + 1.0;
                        }
                    }
                    if ui.small_button("healed").clicked() {
                        self.day = plan.healed_day();
                    }
                    if ui.small_button("5 years").clicked() {
                        self.day = 5.0 * 365.25;
                    }
                });
                ui.label(format!(
                    "{} dot slots · head drawn in {:.0} ms · {}",
                    self.renderer.dots().count,
                    self.frame_ms,
                    self.status
                ));
            });
            egui::CentralPanel::no_frame().show(ui, |ui| {
                head_rect = ui.available_rect_before_wrap();
                if let Some(head) = &self.head {
                    let response =
                        ui.add(egui::Image::new((head.id(), head_rect.size())).sense(egui::Sense::click_and_drag()));
                    let delta = response.drag_delta();
                    if response.dragged_by(egui::PointerButton::Primary) {
                        self.orbit.drag(if self.mirror { -delta.x } else { delta.x }, delta.y);
                    } else if response.dragged_by(egui::PointerButton::Secondary) {
                        self.orbit.pan(delta.x, delta.y, head_rect.height());
                    }
                    if response.hovered() {
                        let scroll = ui.input(|i| i.smooth_scroll_delta.y + 50.0 * (i.zoom_delta() - 1.0));
                        if scroll != 0.0 {
                            self.orbit.zoom(scroll / 50.0);
                        }
                    }
                }
            });
            let released = !ui.input(|i| i.pointer.any_down());
            if released && plan != *self.history.plan() {
                edited = Some(plan.clone());
            }
            self.draft = plan;
        });
        if undo || redo {
            if undo {
                self.history.undo();
            } else {
                self.history.redo();
            }
            self.draft = self.history.plan().clone();
            self.apply_plan()?;
        } else if let Some(plan) = edited {
            match self.history.commit(plan) {
                Ok(true) => self.apply_plan()?,
                Ok(false) => {}
                Err(e) => {
                    self.status = format!("not applied: {e}");
                    self.draft = self.history.plan().clone();
                }
            }
        }
        if save {
            self.status = match crate::plan::file::save(self.history.plan(), &self.plan_path) {
                Ok(()) => {
                    self.history.dirty = false;
                    format!("saved {}", self.plan_path.display())
                }
                Err(e) => e.to_string(),
            };
        }
        if screenshot {
            self.status = match self.screenshot(2048) {
                Ok(path) => format!("wrote {}", path.display()),
                Err(e) => e.to_string(),
            };
        }
        self.egui_state.handle_platform_output(&self.window, full.platform_output.clone());
        let ppp = full.pixels_per_point;
        let size = [(head_rect.width() * ppp).round() as u32, (head_rect.height() * ppp).round() as u32];
        if size[0] > 0 && size[1] > 0 {
            self.update_head(size)?;
        }
        self.paint(full)
    }

    /// The head as the view shows it (skin or heat map), unmirrored.
    fn render(&mut self, width: u32, height: u32) -> Result<image::RgbaImage> {
        let camera = self.orbit.camera();
        if self.heat {
            let top = (self.history.plan().zones.max() * 1.1 / 20.0).ceil().max(1.0) * 20.0;
            self.renderer.render_heat(&camera, width, height, top)
        } else {
            self.renderer.render_at(&camera, width, height, self.day)
        }
    }

    /// Renders the current view at `side`² and writes it beside the plan.
    fn screenshot(&mut self, side: u32) -> Result<PathBuf> {
        let mut image = self.render(side, side)?;
        if self.mirror {
            image::imageops::flip_horizontal_in_place(&mut image);
        }
        let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let dir = self.plan_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        let path = dir.join(format!("smp-view-{stamp}.png"));
        crate::output::write_png_atomic(&image, &path)?;
        Ok(path)
    }

    fn apply_plan(&mut self) -> Result<()> {
        self.scene.set_plan(self.history.plan().clone())?;
        self.renderer.set_plan(&self.scene)?;
        self.plan_version += 1;
        self.window.set_title(&format!("smp view: {}", self.history.plan().name));
        Ok(())
    }

    /// Renders the head again if what it shows has changed.
    fn update_head(&mut self, size: [u32; 2]) -> Result<()> {
        let key = (self.orbit, self.mirror, self.heat, self.day, size, self.plan_version);
        if self.shown == Some(key) {
            return Ok(());
        }
        let start = Instant::now();
        let mut image = self.render(size[0], size[1])?;
        if self.mirror {
            image::imageops::flip_horizontal_in_place(&mut image);
        }
        self.frame_ms = start.elapsed().as_secs_f32() * 1e3;
        // Opaque pixels: premultiplied and straight alpha agree, and skipping
        // the conversion saves a pass over the image.
        let colour = egui::ColorImage::from_rgba_premultiplied([size[0] as usize, size[1] as usize], image.as_raw());
        match &mut self.head {
            Some(handle) => handle.set(colour, egui::TextureOptions::NEAREST),
            None => self.head = Some(self.egui_ctx.load_texture("head", colour, egui::TextureOptions::NEAREST)),
        }
        self.last_image = Some(image);
        self.shown = Some(key);
        // The texture changed after egui laid out this frame: draw again.
        self.window.request_redraw();
        Ok(())
    }

    fn paint(&mut self, full: egui::FullOutput) -> Result<()> {
        let ctx = &self.renderer.ctx;
        let frame = match self.surface.get_current_texture() {
            wgpu::CurrentSurfaceTexture::Success(frame) | wgpu::CurrentSurfaceTexture::Suboptimal(frame) => frame,
            wgpu::CurrentSurfaceTexture::Outdated | wgpu::CurrentSurfaceTexture::Lost => {
                self.surface.configure(&ctx.device, &self.config);
                self.window.request_redraw();
                return Ok(());
            }
            // Minimised, hidden or busy: skip this frame.
            _ => return Ok(()),
        };
        let view = frame.texture.create_view(&Default::default());
        let screen = egui_wgpu::ScreenDescriptor {
            size_in_pixels: [self.config.width, self.config.height],
            pixels_per_point: full.pixels_per_point,
        };
        let jobs = self.egui_ctx.tessellate(full.shapes, full.pixels_per_point);
        for (id, deltas) in &full.textures_delta.set {
            for delta in deltas {
                self.egui_renderer.update_texture(&ctx.device, &ctx.queue, *id, delta);
            }
        }
        let mut encoder = ctx.device.create_command_encoder(&Default::default());
        let extra = self.egui_renderer.update_buffers(&ctx.device, &ctx.queue, &mut encoder, &jobs, &screen);
        {
            let pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("egui"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: &view,
                    depth_slice: None,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Clear(wgpu::Color { r: 0.1, g: 0.1, b: 0.11, a: 1.0 }),
                        store: wgpu::StoreOp::Store,
                    },
                })],
                depth_stencil_attachment: None,
                timestamp_writes: None,
                occlusion_query_set: None,
                multiview_mask: None,
            });
            let mut pass = pass.forget_lifetime();
            self.egui_renderer.render(&mut pass, &jobs, &screen);
        }
        ctx.queue.submit(extra.into_iter().chain([encoder.finish()]));
        ctx.queue.present(frame);
        for id in &full.textures_delta.free {
            self.egui_renderer.free_texture(id);
        }
        Ok(())
    }
}

fn day_label(day: f32) -> String {
    if day < 60.0 {
        format!("day {day:.0}")
    } else if day < 730.0 {
        format!("month {:.0}", day / 30.44)
    } else {
        format!("year {:.1}", day / 365.25)
    }
}
