//! Compose: shaded skin × exp(-OD) into the sRGB output (a compute pass).

use super::frame::FrameTargets;
use super::shaders::Stage;

pub struct ComposePipeline {
    pipeline: wgpu::ComputePipeline,
}

impl ComposePipeline {
    pub fn new(device: &wgpu::Device) -> Self {
        let module = Stage::Compose.module(device);
        let pipeline = device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
            label: Some("compose"),
            layout: None,
            module: &module,
            entry_point: Some("compose"),
            compilation_options: Default::default(),
            cache: None,
        });
        Self { pipeline }
    }

    pub fn record(
        &self,
        device: &wgpu::Device,
        encoder: &mut wgpu::CommandEncoder,
        targets: &FrameTargets,
        frame: &wgpu::Buffer,
    ) {
        let view = |binding, view| wgpu::BindGroupEntry { binding, resource: wgpu::BindingResource::TextureView(view) };
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("compose"),
            layout: &self.pipeline.get_bind_group_layout(0),
            entries: &[
                wgpu::BindGroupEntry { binding: 0, resource: frame.as_entire_binding() },
                view(1, &targets.surface),
                wgpu::BindGroupEntry { binding: 3, resource: targets.optical_density.as_entire_binding() },
                view(4, &targets.output_view),
            ],
        });
        let mut pass =
            encoder.begin_compute_pass(&wgpu::ComputePassDescriptor { label: Some("compose"), timestamp_writes: None });
        pass.set_pipeline(&self.pipeline);
        pass.set_bind_group(0, &group, &[]);
        pass.dispatch_workgroups(targets.width.div_ceil(8), targets.height.div_ceil(8), 1);
    }
}
