//! `smp info`: the adapter, backend and limits a render would use.

use crate::core::error::SmpError;
use crate::gpu::GpuContext;
use crate::gpu::scatter::GpuDot;

pub fn run() -> Result<(), SmpError> {
    let ctx = GpuContext::new()?;
    let l = ctx.limits();
    println!("adapter: {}", ctx.info.name);
    println!("backend: {:?}", ctx.info.backend);
    println!("device type: {:?}", ctx.info.device_type);
    println!("driver: {} {}", ctx.info.driver, ctx.info.driver_info);
    println!("max texture size: {}", l.max_texture_dimension_2d);
    println!("max storage buffer binding: {} MiB", l.max_storage_buffer_binding_size >> 20);
    println!("max buffer size: {} MiB", l.max_buffer_size >> 20);
    println!("max storage buffers per stage: {}", l.max_storage_buffers_per_shader_stage);
    println!("max workgroups per dimension: {}", l.max_compute_workgroups_per_dimension);
    let per_dot = std::mem::size_of::<GpuDot>() as u64;
    println!("max dots: {}", l.max_storage_buffer_binding_size.min(l.max_buffer_size) / per_dot);
    Ok(())
}
