//! Present: draws a frame's output buffer into a window's surface texture
//! inside a render pass the caller owns (the live view draws egui after it).
//!
//! Takes a finished image and its own `PresentParams` (where, mirrored or
//! not); gives pixels in the window (`shaders/present.wgsl`). Must not
//! change the image: what the window shows is what `smp render` writes.

pub mod params;

pub use params::PresentParams;

use crate::gpu::shaders::Stage;

/// Where and how one image is drawn: `rect` is the window's region for it
/// in physical pixels, [x, y, width, height]; the image's top-left sits at
/// the rect's.
pub struct PresentedImage<'a> {
    pub output: &'a wgpu::Buffer,
    pub width: u32,
    pub height: u32,
    pub rect: [u32; 4],
    pub mirror: bool,
}

pub struct PresentPipeline {
    pipeline: wgpu::RenderPipeline,
}

impl PresentPipeline {
    pub fn new(device: &wgpu::Device, format: wgpu::TextureFormat) -> Self {
        let module = Stage::Present.module(device, if format.is_srgb() { &["SRGB_TARGET"] } else { &[] });
        let pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("present"),
            layout: None,
            vertex: wgpu::VertexState {
                module: &module,
                entry_point: Some("vs_main"),
                compilation_options: Default::default(),
                buffers: &[],
            },
            primitive: wgpu::PrimitiveState::default(),
            depth_stencil: None,
            multisample: wgpu::MultisampleState::default(),
            fragment: Some(wgpu::FragmentState {
                module: &module,
                entry_point: Some("fs_main"),
                compilation_options: Default::default(),
                targets: &[Some(wgpu::ColorTargetState { format, blend: None, write_mask: wgpu::ColorWrites::ALL })],
            }),
            multiview_mask: None,
            cache: None,
        });
        Self { pipeline }
    }

    /// Draws `image` into its rect of the pass's target, which is
    /// `target_size` pixels. Nothing is drawn for an empty rect.
    pub fn draw(
        &self,
        device: &wgpu::Device,
        pass: &mut wgpu::RenderPass<'_>,
        image: &PresentedImage<'_>,
        target_size: [u32; 2],
    ) {
        let [x, y, w, h] = image.rect;
        let (x1, y1) = ((x + w).min(target_size[0]), (y + h).min(target_size[1]));
        if x >= x1 || y >= y1 {
            return;
        }
        let params = PresentParams::new([x, y], [image.width, image.height], image.mirror);
        let uniform = crate::gpu::uniform_buffer(device, "present params", &params);
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("present"),
            layout: &self.pipeline.get_bind_group_layout(0),
            entries: &[
                wgpu::BindGroupEntry { binding: 0, resource: uniform.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 1, resource: image.output.as_entire_binding() },
            ],
        });
        pass.set_pipeline(&self.pipeline);
        pass.set_bind_group(0, &group, &[]);
        pass.set_scissor_rect(x, y, x1 - x, y1 - y);
        pass.draw(0..3, 0..1);
        pass.set_scissor_rect(0, 0, target_size[0], target_size[1]);
    }
}
