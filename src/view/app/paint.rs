//! The window's GPU side: drawing a frame (the head images, then egui over
//! them) and opening the device's parts, again after a lost device.

use super::super::head_worker::HeadWorker;
use super::{Gpu, Running, ViewEvent};
use crate::core::error::Result;
use crate::gpu::GpuContext;
use crate::gpu::present::{PresentPipeline, PresentedImage};
use crate::plan::scene::HeadScene;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use winit::event_loop::EventLoopProxy;
use winit::window::Window;

impl Running {
    pub(super) fn paint(&mut self, full: egui::FullOutput, rects: [Option<[u32; 4]>; 2]) -> Result<()> {
        let Some(surface) = &self.surface else { return Ok(()) };
        let frame = match surface.get_current_texture() {
            wgpu::CurrentSurfaceTexture::Success(frame) | wgpu::CurrentSurfaceTexture::Suboptimal(frame) => frame,
            wgpu::CurrentSurfaceTexture::Outdated | wgpu::CurrentSurfaceTexture::Lost => {
                self.gpu.ctx.configure_surface(surface, &self.config);
                self.window.request_redraw();
                return Ok(());
            }
            // Minimised, hidden or busy: skip this frame.
            _ => return Ok(()),
        };
        let gpu = &mut self.gpu;
        let (device, queue) = (&gpu.ctx.device, &gpu.ctx.queue);
        let view = frame.texture.create_view(&Default::default());
        let screen = egui_wgpu::ScreenDescriptor {
            size_in_pixels: [self.config.width, self.config.height],
            pixels_per_point: full.pixels_per_point,
        };
        let jobs = gpu.egui_ctx.tessellate(full.shapes, full.pixels_per_point);
        for (id, deltas) in &full.textures_delta.set {
            for delta in deltas {
                gpu.egui_renderer.update_texture(device, queue, *id, delta);
            }
        }
        let mut encoder = device.create_command_encoder(&Default::default());
        let extra = gpu.egui_renderer.update_buffers(device, queue, &mut encoder, &jobs, &screen);
        {
            let pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("window"),
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
            let target = [self.config.width, self.config.height];
            for (image, rect) in [(&self.shown, rects[0]), (&self.compare_shown, rects[1])] {
                if let (Some(image), Some(rect)) = (image, rect) {
                    let presented = PresentedImage {
                        output: &image.output,
                        width: image.wish.size[0],
                        height: image.wish.size[1],
                        rect,
                        mirror: self.controls.mirror,
                    };
                    gpu.present.draw(device, &mut pass, &presented, target);
                }
            }
            gpu.egui_renderer.render(&mut pass, &jobs, &screen);
        }
        gpu.ctx.submit(extra.into_iter().chain([encoder.finish()]));
        queue.present(frame);
        for id in &full.textures_delta.free {
            gpu.egui_renderer.free_texture(id);
        }
        Ok(())
    }
}

impl Gpu {
    pub(super) fn new(
        ctx: GpuContext,
        window: &Window,
        format: wgpu::TextureFormat,
        scene: HeadScene,
        proxy: &EventLoopProxy<ViewEvent>,
    ) -> Result<Self> {
        let lost = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&lost);
        let waker = proxy.clone();
        ctx.device.set_device_lost_callback(move |_reason, _message| {
            flag.store(true, Ordering::Release);
            let _ = waker.send_event(ViewEvent::HeadNews);
        });
        let egui_ctx = egui::Context::default();
        let egui_state = egui_winit::State::new(egui_ctx.clone(), egui::ViewportId::ROOT, window, None, None, None);
        let egui_renderer = egui_wgpu::Renderer::new(&ctx.device, format, egui_wgpu::RendererOptions::default());
        let present = PresentPipeline::new(&ctx.device, format);
        let waker = proxy.clone();
        let worker = HeadWorker::spawn(ctx.clone(), scene, move || {
            let _ = waker.send_event(ViewEvent::HeadNews);
        })?;
        Ok(Self { ctx, present, egui_ctx, egui_state, egui_renderer, worker, compare_worker: None, lost })
    }
}
