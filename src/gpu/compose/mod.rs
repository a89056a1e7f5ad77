//! Compose: shaded skin × exp(-OD) into the sRGB output (a compute pass).
//!
//! Takes the raster's targets, the splat's optical density and veil, the
//! frame uniform and its own `ComposeParams`; gives the frame's image in
//! the output buffer (`shaders/compose.wgsl`), which `readback` copies out
//! and `present` draws. Must not move or add pigment: that is the splat's.

pub mod params;

pub use params::ComposeParams;

use crate::gpu::frame::{FrameTargets, FrameUniform};
use crate::gpu::shaders::Stage;
use crate::gpu::{compute_pipeline, uniform_buffer};

pub struct ComposePipeline {
    /// Smooths the dots' pooled red shadow before compose reads it.
    smooth_veil: wgpu::ComputePipeline,
    sharp: wgpu::ComputePipeline,
    blurred: wgpu::ComputePipeline,
    heat: wgpu::ComputePipeline,
}

/// Below this blur radius (pixels) the dermal blur is invisible and skipped.
const MIN_BLUR_PX: f32 = 0.3;

impl ComposePipeline {
    pub fn new(device: &wgpu::Device) -> Self {
        let blurred = Stage::Compose.module(device, &["DERMAL_BLUR"]);
        let smooth_veil = compute_pipeline(device, &blurred, "smooth_veil");
        let build = |module: &wgpu::ShaderModule| compute_pipeline(device, module, "compose");
        Self {
            smooth_veil,
            sharp: build(&Stage::Compose.module(device, &[])),
            blurred: build(&blurred),
            heat: build(&Stage::Compose.module(device, &["HEAT_MAP"])),
        }
    }

    pub fn record(
        &self,
        device: &wgpu::Device,
        encoder: &mut wgpu::CommandEncoder,
        targets: &FrameTargets,
        frame: &FrameUniform,
        params: &ComposeParams,
    ) {
        // The backdrop first; compose then shades only the skin.
        encoder.copy_buffer_to_buffer(&targets.background, 0, &targets.output, 0, targets.output.size());
        // The largest dermal blur (pixels) any skin in view gets.
        let blur_px = params.dermal_blur_mm / frame.nearest_pixel_mm;
        let pipeline = match (frame.heat, blur_px >= MIN_BLUR_PX) {
            (true, _) => &self.heat,
            (false, true) => &self.blurred,
            (false, false) => &self.sharp,
        };
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("compose"),
            layout: &pipeline.get_bind_group_layout(0),
            entries: &[
                wgpu::BindGroupEntry { binding: 0, resource: frame.buffer.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 1, resource: wgpu::BindingResource::TextureView(&targets.surface) },
                wgpu::BindGroupEntry { binding: 2, resource: wgpu::BindingResource::TextureView(&targets.skin) },
                wgpu::BindGroupEntry { binding: 3, resource: targets.optical_density.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 6, resource: targets.veil_smooth.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 4, resource: targets.output.as_entire_binding() },
            ],
        });
        let own = uniform_buffer(device, "compose params", params);
        let own_group = |pipeline: &wgpu::ComputePipeline| {
            device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("compose params"),
                layout: &pipeline.get_bind_group_layout(1),
                entries: &[wgpu::BindGroupEntry { binding: 0, resource: own.as_entire_binding() }],
            })
        };
        let mut pass =
            encoder.begin_compute_pass(&wgpu::ComputePassDescriptor { label: Some("compose"), timestamp_writes: None });
        if !frame.heat {
            let smooth = device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("smooth veil"),
                layout: &self.smooth_veil.get_bind_group_layout(0),
                entries: &[
                    wgpu::BindGroupEntry { binding: 5, resource: targets.veil.as_entire_binding() },
                    wgpu::BindGroupEntry { binding: 6, resource: targets.veil_smooth.as_entire_binding() },
                ],
            });
            pass.set_pipeline(&self.smooth_veil);
            pass.set_bind_group(0, &smooth, &[]);
            pass.set_bind_group(1, &own_group(&self.smooth_veil), &[]);
            pass.dispatch_workgroups(params.veil.columns.div_ceil(8).max(1), params.veil.rows.div_ceil(8).max(1), 1);
        }
        pass.set_pipeline(pipeline);
        pass.set_bind_group(0, &group, &[]);
        pass.set_bind_group(1, &own_group(pipeline), &[]);
        let [x0, y0, x1, y1] = params.skin_rect;
        pass.dispatch_workgroups((x1 - x0).div_ceil(8).max(1), (y1 - y0).div_ceil(8).max(1), 1);
    }
}
