//! The GPU pipeline, one folder per stage: scatter (dots from the density
//! map), raster (the head), splat (dots and the remaining hair into
//! optical density), compose (skin × exp(-OD)) and present (the image into
//! the live view's window). Each folder holds its pipeline and its own
//! parameter struct, mirrored by the struct of that name in
//! `shaders/<stage>.wgsl` and bound at `@group(1)`; `frame` holds only
//! what every stage shares (the camera and image size, bound at
//! `@group(0) @binding(0)`), `dot` the dot record, `shaders` assembles the
//! WGSL, `readback` copies a frame out.
//!
//! Takes a `HeadScene`; gives dot buffers and frames in GPU memory. Must
//! not write files or print: `output` and the window do.

pub mod compose;
pub mod context;
pub mod dot;
pub mod frame;
pub mod mesh;
pub mod present;
pub mod raster;
pub mod readback;
pub mod scatter;
pub mod shaders;
pub mod splat;

pub use context::GpuContext;

/// Workgroups for `n` invocations of a 64-wide kernel, as a 2-D grid so a
/// million dots stay under the 65 535 groups-per-dimension limit.
pub fn dispatch_size(n: u32) -> (u32, u32) {
    let groups = n.div_ceil(64).max(1);
    let x = groups.min(65_535);
    (x, groups.div_ceil(x))
}

/// A compute pipeline with its bind group layout derived from the shader.
pub fn compute_pipeline(device: &wgpu::Device, module: &wgpu::ShaderModule, entry: &str) -> wgpu::ComputePipeline {
    device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
        label: Some(entry),
        layout: None,
        module,
        entry_point: Some(entry),
        compilation_options: Default::default(),
        cache: None,
    })
}

/// A uniform buffer holding one `#[repr(C)]` parameter struct.
pub fn uniform_buffer<T: bytemuck::Pod>(device: &wgpu::Device, label: &str, params: &T) -> wgpu::Buffer {
    buffer_init(
        device,
        &wgpu::util::BufferInitDescriptor {
            label: Some(label),
            contents: bytemuck::bytes_of(params),
            usage: wgpu::BufferUsages::UNIFORM,
        },
    )
}

/// A buffer holding `desc.contents`: wgpu's `create_buffer_init`, except
/// that a lost device gives an invalid buffer (the error reaches the
/// device's error sink) instead of a panic; the live view recovers from it.
pub fn buffer_init(device: &wgpu::Device, desc: &wgpu::util::BufferInitDescriptor) -> wgpu::Buffer {
    let size =
        (desc.contents.len() as u64).next_multiple_of(wgpu::COPY_BUFFER_ALIGNMENT).max(wgpu::COPY_BUFFER_ALIGNMENT);
    let buffer = device.create_buffer(&wgpu::BufferDescriptor {
        label: desc.label,
        size,
        usage: desc.usage,
        mapped_at_creation: true,
    });
    if let Ok(mut view) = buffer.get_mapped_range_mut(..) {
        view.slice(..desc.contents.len()).copy_from_slice(desc.contents);
    }
    buffer.unmap();
    buffer
}
