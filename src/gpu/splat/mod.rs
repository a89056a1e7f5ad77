//! Compute splat: dots, and the remaining hair (`hair`), into the
//! screen-space optical density buffer and the veil.
//!
//! Takes the scatter's `DotSet`, the sessions' records, the raster's
//! surface target, the frame uniform and its own `SplatParams` and
//! `HairParams`; gives optical density per pixel and the veil's pooled
//! shadow (`shaders/splat.wgsl`, `shaders/hair.wgsl`). Must not shade the
//! skin or write the image: compose does.

pub mod hair;
pub mod params;

pub use hair::HairParams;
pub use params::SplatParams;

use crate::gpu::dot::SESSION_SLOTS;
use crate::gpu::frame::{FrameTargets, FrameUniform};
use crate::gpu::scatter::DotSet;
use crate::gpu::{compute_pipeline, dispatch_size, shaders::Stage, uniform_buffer};

pub struct SplatPipeline {
    pipeline: wgpu::ComputePipeline,
    /// Remaining hair, from the scatter's hair list (`hair.wgsl`).
    hairs: wgpu::ComputePipeline,
    heat: wgpu::ComputePipeline,
    probe: wgpu::ComputePipeline,
    /// Makes each session's look for the frame's day (`session_looks`).
    looks_pipeline: wgpu::ComputePipeline,
    /// WGSL `SessionLook` × `SESSION_SLOTS`: written per frame, read per dot.
    looks: wgpu::Buffer,
}

/// What one frame's splat draws: the dots and the sessions' records
/// (`plan::aging::SessionParams`), with the splat's and the hair's own
/// parameters.
#[derive(Clone, Copy)]
pub struct SplatJob<'a> {
    pub dots: &'a DotSet,
    pub sessions: &'a wgpu::Buffer,
    pub params: &'a SplatParams,
    pub hair: &'a HairParams,
}

/// One probe of the splat's aging function (tests). WGSL twin:
/// `LookProbe` in `shaders/splat.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, bytemuck::Pod, bytemuck::Zeroable)]
pub struct LookProbe {
    pub session: u32,
    pub days: f32,
    pub exists: u32,
    pub diameter_mm: f32,
    pub od: f32,
    pub halo_scale: f32,
    pub _pad: [f32; 2],
    pub tint: [f32; 4],
}
const _: () = assert!(std::mem::size_of::<LookProbe>() == 48);

impl SplatPipeline {
    pub fn new(device: &wgpu::Device) -> Self {
        let module = Stage::Splat.module(device, &[]);
        let pipeline = compute_pipeline(device, &module, "splat");
        let probe = compute_pipeline(device, &module, "probe_looks");
        let hairs = compute_pipeline(device, &module, "splat_hairs");
        let heat = compute_pipeline(device, &Stage::Splat.module(device, &["HEAT_MAP"]), "splat");
        let looks_pipeline = compute_pipeline(device, &module, "session_looks");
        let looks = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("session looks"),
            size: SESSION_SLOTS as u64 * std::mem::size_of::<crate::plan::aging::SessionParams>() as u64,
            usage: wgpu::BufferUsages::STORAGE,
            mapped_at_creation: false,
        });
        Self { pipeline, hairs, heat, probe, looks_pipeline, looks }
    }

    /// Clears the pigment buffer where compose will read it and splats the dots.
    pub fn record(
        &self,
        device: &wgpu::Device,
        encoder: &mut wgpu::CommandEncoder,
        targets: &FrameTargets,
        frame: &FrameUniform,
        job: &SplatJob<'_>,
    ) {
        let SplatJob { dots, sessions, params, hair } = *job;
        // Compose reads pigment only inside the skin rectangle: clear its rows.
        let row_bytes = targets.width as u64 * 12;
        let (y0, y1) = (frame.skin_rect[1] as u64, frame.skin_rect[3] as u64);
        if y1 > y0 {
            encoder.clear_buffer(&targets.optical_density, y0 * row_bytes, Some((y1 - y0) * row_bytes));
        }
        encoder.clear_buffer(&targets.veil, 0, None);
        if dots.count == 0 {
            return;
        }
        let pipeline = if frame.heat { &self.heat } else { &self.pipeline };
        // What the dot splat and the hair splat both read and write.
        let shared = [
            wgpu::BindGroupEntry { binding: 0, resource: frame.buffer.as_entire_binding() },
            wgpu::BindGroupEntry { binding: 1, resource: dots.buffer.as_entire_binding() },
            wgpu::BindGroupEntry { binding: 3, resource: wgpu::BindingResource::TextureView(&targets.surface) },
            wgpu::BindGroupEntry { binding: 4, resource: targets.optical_density.as_entire_binding() },
            wgpu::BindGroupEntry { binding: 6, resource: self.looks.as_entire_binding() },
            wgpu::BindGroupEntry { binding: 8, resource: targets.veil.as_entire_binding() },
        ];
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("splat"),
            layout: &pipeline.get_bind_group_layout(0),
            entries: &shared,
        });
        let own = uniform_buffer(device, "splat params", params);
        let own_entry = wgpu::BindGroupEntry { binding: 0, resource: own.as_entire_binding() };
        let own_group = |pipeline: &wgpu::ComputePipeline, entries: &[wgpu::BindGroupEntry]| {
            device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("splat params"),
                layout: &pipeline.get_bind_group_layout(1),
                entries,
            })
        };
        let looks_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("session looks"),
            layout: &self.looks_pipeline.get_bind_group_layout(0),
            entries: &[
                wgpu::BindGroupEntry { binding: 2, resource: sessions.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 7, resource: self.looks.as_entire_binding() },
            ],
        });
        let (x, y) = dispatch_size(dots.count);
        let mut pass =
            encoder.begin_compute_pass(&wgpu::ComputePassDescriptor { label: Some("splat"), timestamp_writes: None });
        pass.set_pipeline(&self.looks_pipeline);
        pass.set_bind_group(0, &looks_group, &[]);
        pass.set_bind_group(1, &own_group(&self.looks_pipeline, std::slice::from_ref(&own_entry)), &[]);
        pass.dispatch_workgroups(1, 1, 1);
        pass.set_pipeline(pipeline);
        pass.set_bind_group(0, &group, &[]);
        pass.set_bind_group(1, &own_group(pipeline, std::slice::from_ref(&own_entry)), &[]);
        pass.dispatch_workgroups(x, y, 1);
        if !frame.heat && hair.count > 0 {
            let mut entries = shared.to_vec();
            entries.push(wgpu::BindGroupEntry { binding: 9, resource: dots.hair_list.as_entire_binding() });
            let hair_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("splat hairs"),
                layout: &self.hairs.get_bind_group_layout(0),
                entries: &entries,
            });
            let hair_params = uniform_buffer(device, "hair params", hair);
            let hair_entry = wgpu::BindGroupEntry { binding: 1, resource: hair_params.as_entire_binding() };
            let (hx, hy) = dispatch_size(hair.count);
            pass.set_pipeline(&self.hairs);
            pass.set_bind_group(0, &hair_group, &[]);
            pass.set_bind_group(1, &own_group(&self.hairs, &[own_entry, hair_entry]), &[]);
            pass.dispatch_workgroups(hx, hy, 1);
        }
    }

    /// Runs the splat's `dot_look` for each probe (session, days) and reads
    /// the looks back: the GPU side of the aging curve, for tests.
    pub fn probe_looks(
        &self,
        ctx: &crate::gpu::GpuContext,
        params: &SplatParams,
        sessions: &wgpu::Buffer,
        probes: &[LookProbe],
    ) -> crate::core::error::Result<Vec<LookProbe>> {
        let device = &ctx.device;
        let buffer = crate::gpu::buffer_init(
            device,
            &wgpu::util::BufferInitDescriptor {
                label: Some("look probes"),
                contents: bytemuck::cast_slice(probes),
                usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC,
            },
        );
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("look probes"),
            layout: &self.probe.get_bind_group_layout(0),
            entries: &[
                wgpu::BindGroupEntry { binding: 2, resource: sessions.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 5, resource: buffer.as_entire_binding() },
            ],
        });
        let own = uniform_buffer(device, "splat params", params);
        let own_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("splat params"),
            layout: &self.probe.get_bind_group_layout(1),
            entries: &[wgpu::BindGroupEntry { binding: 0, resource: own.as_entire_binding() }],
        });
        let mut encoder = device.create_command_encoder(&Default::default());
        {
            let mut pass = encoder.begin_compute_pass(&Default::default());
            pass.set_pipeline(&self.probe);
            pass.set_bind_group(0, &group, &[]);
            pass.set_bind_group(1, &own_group, &[]);
            pass.dispatch_workgroups((probes.len() as u32).div_ceil(64).max(1), 1, 1);
        }
        ctx.submit([encoder.finish()]);
        let bytes = crate::gpu::readback::read_buffer(ctx, &buffer, std::mem::size_of_val(probes) as u64)?;
        Ok(bytemuck::pod_collect_to_vec(&bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::shaders::{Stage, assert_wgsl_twin};
    use crate::plan::aging::SessionParams;

    #[test]
    fn the_splat_structs_match_their_wgsl_twins() {
        assert_wgsl_twin!(
            LookProbe,
            Stage::Splat,
            "LookProbe",
            [session, days, exists, diameter_mm, od, halo_scale, tint]
        );
        assert_wgsl_twin!(
            SessionParams,
            Stage::Splat,
            "SessionParams",
            [day, healed_diameter_mm, core_od, depth_mm, fade_per_year, kind]
        );
    }
}
