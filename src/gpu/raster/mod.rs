//! Head raster: the skin into depth, normals and eye distance.
//!
//! Takes the head's buffers (`gpu::mesh`), the frame uniform and its own
//! `RasterParams` (the plan's skin, light, tint, blood), and a scan's
//! texture (`skin_texture`); gives the surface and skin targets the splat
//! and compose read (`shaders/raster.wgsl`). Must not touch the dots or
//! the image: it draws only the bare skin.

pub mod params;
pub mod skin_texture;

pub use params::RasterParams;

use crate::gpu::frame::{DEPTH_FORMAT, FrameTargets, FrameUniform, SKIN_DETAIL_PIXEL_MM, SKIN_FORMAT, SURFACE_FORMAT};
use crate::gpu::mesh::HeadBuffers;
use crate::gpu::shaders::Stage;

pub struct RasterPipeline {
    /// Without and with the skin's close-up detail (`raster.wgsl`).
    far: wgpu::RenderPipeline,
    close: wgpu::RenderPipeline,
    /// A scan's own skin colour, if the head has one.
    skin: Option<(wgpu::TextureView, wgpu::Sampler)>,
}

impl RasterPipeline {
    /// `skin`: the head's own colour texture (sRGB bytes), if it has one.
    pub fn new(device: &wgpu::Device, queue: &wgpu::Queue, skin: Option<&image::RgbaImage>) -> Self {
        let skin = skin.map(|image| skin_texture::upload(device, queue, image));
        let entry = if skin.is_some() { "fs_textured" } else { "fs_main" };
        let build = |on: &[&str]| Self::pipeline(device, &Stage::Raster.module(device, on), entry);
        Self { far: build(&[]), close: build(&["SKIN_DETAIL"]), skin }
    }

    fn pipeline(device: &wgpu::Device, module: &wgpu::ShaderModule, entry: &str) -> wgpu::RenderPipeline {
        device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("head raster"),
            layout: None,
            vertex: wgpu::VertexState {
                module,
                entry_point: Some("vs_main"),
                compilation_options: Default::default(),
                buffers: &[
                    Some(HeadBuffers::vertex_layout()),
                    Some(HeadBuffers::skin_layout()),
                    Some(HeadBuffers::colour_layout()),
                ],
            },
            primitive: wgpu::PrimitiveState { cull_mode: Some(wgpu::Face::Back), ..Default::default() },
            depth_stencil: Some(wgpu::DepthStencilState {
                format: DEPTH_FORMAT,
                depth_write_enabled: Some(true),
                depth_compare: Some(wgpu::CompareFunction::Less),
                stencil: Default::default(),
                bias: Default::default(),
            }),
            multisample: Default::default(),
            fragment: Some(wgpu::FragmentState {
                module,
                entry_point: Some(entry),
                compilation_options: Default::default(),
                targets: &[Some(SURFACE_FORMAT.into()), Some(SKIN_FORMAT.into())],
            }),
            multiview_mask: None,
            cache: None,
        })
    }

    pub fn record(
        &self,
        device: &wgpu::Device,
        encoder: &mut wgpu::CommandEncoder,
        targets: &FrameTargets,
        head: &HeadBuffers,
        frame: &FrameUniform,
        params: &RasterParams,
    ) {
        let pipeline = if frame.nearest_pixel_mm < SKIN_DETAIL_PIXEL_MM { &self.close } else { &self.far };
        let mut entries = vec![wgpu::BindGroupEntry { binding: 0, resource: frame.buffer.as_entire_binding() }];
        if let Some((view, sampler)) = &self.skin {
            entries.push(wgpu::BindGroupEntry { binding: 1, resource: wgpu::BindingResource::TextureView(view) });
            entries.push(wgpu::BindGroupEntry { binding: 2, resource: wgpu::BindingResource::Sampler(sampler) });
        }
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("head raster"),
            layout: &pipeline.get_bind_group_layout(0),
            entries: &entries,
        });
        let own = crate::gpu::uniform_buffer(device, "raster params", params);
        let own_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("raster params"),
            layout: &pipeline.get_bind_group_layout(1),
            entries: &[wgpu::BindGroupEntry { binding: 0, resource: own.as_entire_binding() }],
        });
        let clear = |view| {
            Some(wgpu::RenderPassColorAttachment {
                view,
                depth_slice: None,
                resolve_target: None,
                ops: wgpu::Operations {
                    load: wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT),
                    store: wgpu::StoreOp::Store,
                },
            })
        };
        let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
            label: Some("head raster"),
            color_attachments: &[clear(&targets.surface), clear(&targets.skin)],
            depth_stencil_attachment: Some(wgpu::RenderPassDepthStencilAttachment {
                view: &targets.depth,
                // Depth only orders the skin within this pass; nothing reads it after.
                depth_ops: Some(wgpu::Operations { load: wgpu::LoadOp::Clear(1.0), store: wgpu::StoreOp::Discard }),
                stencil_ops: None,
            }),
            timestamp_writes: None,
            occlusion_query_set: None,
            multiview_mask: None,
        });
        pass.set_pipeline(pipeline);
        pass.set_bind_group(0, &group, &[]);
        pass.set_bind_group(1, &own_group, &[]);
        pass.set_vertex_buffer(0, head.vertices.slice(..));
        pass.set_vertex_buffer(1, head.skin.slice(..));
        pass.set_vertex_buffer(2, head.colours.slice(..));
        pass.set_index_buffer(head.indices.slice(..), wgpu::IndexFormat::Uint32);
        pass.draw_indexed(0..head.index_count, 0, 0..1);
    }
}
