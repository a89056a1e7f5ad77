//! Compute splat: dots into the screen-space optical density buffer.

use super::frame::{FrameTargets, FrameUniform};
use super::scatter::DotSet;
use super::{compute_pipeline, dispatch_size, shaders::Stage};

pub struct SplatPipeline {
    pipeline: wgpu::ComputePipeline,
}

impl SplatPipeline {
    pub fn new(device: &wgpu::Device) -> Self {
        let module = Stage::Splat.module(device);
        let pipeline = compute_pipeline(device, &module, "splat");
        Self { pipeline }
    }

    /// Clears the pigment buffer where compose will read it and splats the dots.
    pub fn record(
        &self,
        device: &wgpu::Device,
        encoder: &mut wgpu::CommandEncoder,
        targets: &FrameTargets,
        dots: &DotSet,
        sessions: &wgpu::Buffer,
        frame: &FrameUniform,
    ) {
        // Compose reads pigment only inside the skin rectangle: clear its rows.
        let row_bytes = targets.width as u64 * 12;
        let (y0, y1) = (frame.skin_rect[1] as u64, frame.skin_rect[3] as u64);
        if y1 > y0 {
            encoder.clear_buffer(&targets.optical_density, y0 * row_bytes, Some((y1 - y0) * row_bytes));
        }
        if dots.count == 0 {
            return;
        }
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("splat"),
            layout: &self.pipeline.get_bind_group_layout(0),
            entries: &[
                wgpu::BindGroupEntry { binding: 0, resource: frame.buffer.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 1, resource: dots.buffer.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 2, resource: sessions.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 3, resource: wgpu::BindingResource::TextureView(&targets.surface) },
                wgpu::BindGroupEntry { binding: 4, resource: targets.optical_density.as_entire_binding() },
            ],
        });
        let (x, y) = dispatch_size(dots.count);
        let mut pass =
            encoder.begin_compute_pass(&wgpu::ComputePassDescriptor { label: Some("splat"), timestamp_writes: None });
        pass.set_pipeline(&self.pipeline);
        pass.set_bind_group(0, &group, &[]);
        pass.dispatch_workgroups(x, y, 1);
    }
}
