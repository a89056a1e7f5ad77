//! Head raster: the skin into depth, normals and eye distance.

use super::frame::{DEPTH_FORMAT, FrameTargets, FrameUniform, SURFACE_FORMAT, TEXTURED_SURFACE_FORMAT};
use super::mesh::HeadBuffers;
use super::shaders::Stage;

pub struct RasterPipeline {
    pipeline: wgpu::RenderPipeline,
    /// A scan's own skin colour, if the head has one.
    skin: Option<(wgpu::TextureView, wgpu::Sampler)>,
}

/// Largest side of a skin texture kept on the GPU: 4096² is 0.2 mm a texel
/// over a head, finer than any dot.
const MAX_SKIN_TEXTURE: u32 = 4096;

impl RasterPipeline {
    /// `skin`: the head's own colour texture (sRGB bytes), if it has one.
    pub fn new(device: &wgpu::Device, queue: &wgpu::Queue, skin: Option<&image::RgbaImage>) -> Self {
        let module = Stage::Head.module(device);
        let skin = skin.map(|image| upload_skin(device, queue, image));
        let (entry, format) =
            if skin.is_some() { ("fs_textured", TEXTURED_SURFACE_FORMAT) } else { ("fs_main", SURFACE_FORMAT) };
        let pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("head raster"),
            layout: None,
            vertex: wgpu::VertexState {
                module: &module,
                entry_point: Some("vs_main"),
                compilation_options: Default::default(),
                buffers: &[Some(HeadBuffers::vertex_layout())],
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
                module: &module,
                entry_point: Some(entry),
                compilation_options: Default::default(),
                targets: &[Some(format.into())],
            }),
            multiview_mask: None,
            cache: None,
        });
        Self { pipeline, skin }
    }

    pub fn textured(&self) -> bool {
        self.skin.is_some()
    }

    pub fn record(
        &self,
        device: &wgpu::Device,
        encoder: &mut wgpu::CommandEncoder,
        targets: &FrameTargets,
        head: &HeadBuffers,
        frame: &FrameUniform,
    ) {
        let mut entries = vec![wgpu::BindGroupEntry { binding: 0, resource: frame.buffer.as_entire_binding() }];
        if let Some((view, sampler)) = &self.skin {
            entries.push(wgpu::BindGroupEntry { binding: 1, resource: wgpu::BindingResource::TextureView(view) });
            entries.push(wgpu::BindGroupEntry { binding: 2, resource: wgpu::BindingResource::Sampler(sampler) });
        }
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("head raster"),
            layout: &self.pipeline.get_bind_group_layout(0),
            entries: &entries,
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
            color_attachments: &[clear(&targets.surface)],
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
        pass.set_pipeline(&self.pipeline);
        pass.set_bind_group(0, &group, &[]);
        pass.set_vertex_buffer(0, head.vertices.slice(..));
        pass.set_index_buffer(head.indices.slice(..), wgpu::IndexFormat::Uint32);
        pass.draw_indexed(0..head.index_count, 0, 0..1);
    }
}

/// The skin texture on the GPU, its sRGB bytes kept as they are (compose
/// decodes them after the raster has filtered them), at most
/// `MAX_SKIN_TEXTURE` a side.
fn upload_skin(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    image: &image::RgbaImage,
) -> (wgpu::TextureView, wgpu::Sampler) {
    let limit = MAX_SKIN_TEXTURE.min(device.limits().max_texture_dimension_2d);
    let resized;
    let image = if image.width() > limit || image.height() > limit {
        let scale = limit as f32 / image.width().max(image.height()) as f32;
        let (w, h) = ((image.width() as f32 * scale) as u32, (image.height() as f32 * scale) as u32);
        resized = image::imageops::resize(image, w.max(1), h.max(1), image::imageops::FilterType::Triangle);
        &resized
    } else {
        image
    };
    let size = wgpu::Extent3d { width: image.width().max(1), height: image.height().max(1), depth_or_array_layers: 1 };
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("skin texture"),
        size,
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: wgpu::TextureFormat::Rgba8Unorm,
        usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
        view_formats: &[],
    });
    queue.write_texture(
        texture.as_image_copy(),
        image.as_raw(),
        wgpu::TexelCopyBufferLayout { offset: 0, bytes_per_row: Some(4 * size.width), rows_per_image: None },
        size,
    );
    let sampler = device.create_sampler(&wgpu::SamplerDescriptor {
        label: Some("skin texture"),
        address_mode_u: wgpu::AddressMode::Repeat,
        address_mode_v: wgpu::AddressMode::Repeat,
        mag_filter: wgpu::FilterMode::Linear,
        min_filter: wgpu::FilterMode::Linear,
        ..Default::default()
    });
    (texture.create_view(&Default::default()), sampler)
}
