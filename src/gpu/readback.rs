//! Copies from the GPU to memory: the output image, and buffers for tests.

use super::GpuContext;
use crate::core::error::{Result, SmpError};

/// Maps `staging` for reading, hands its bytes to `read`, unmaps it.
fn map_and_read<T>(ctx: &GpuContext, staging: &wgpu::Buffer, read: impl FnOnce(&[u8]) -> T) -> Result<T> {
    let slice = staging.slice(..);
    let (tx, rx) = std::sync::mpsc::channel();
    slice.map_async(wgpu::MapMode::Read, move |r| {
        let _ = tx.send(r);
    });
    ctx.wait()?;
    rx.recv()
        .map_err(|e| SmpError::Gpu(e.to_string()))?
        .map_err(|e| SmpError::Gpu(format!("mapping a readback buffer: {e}")))?;
    let value = {
        let bytes = slice.get_mapped_range().map_err(|e| SmpError::Gpu(format!("reading a mapped buffer: {e}")))?;
        read(&bytes)
    };
    staging.unmap();
    Ok(value)
}

/// Reads the first `size` bytes of a COPY_SRC buffer.
pub fn read_buffer(ctx: &GpuContext, buffer: &wgpu::Buffer, size: u64) -> Result<Vec<u8>> {
    let size = size.max(4).next_multiple_of(4);
    let staging = ctx.device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("readback"),
        size,
        usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
        mapped_at_creation: false,
    });
    let mut encoder = ctx.device.create_command_encoder(&Default::default());
    encoder.copy_buffer_to_buffer(buffer, 0, &staging, 0, size.min(buffer.size()));
    ctx.submit([encoder.finish()]);
    map_and_read(ctx, &staging, |bytes| bytes.to_vec())
}

/// Records a copy of the frame's packed RGBA8 output into its staging
/// buffer (kept with the frame's targets so frames do not allocate one).
pub struct ImageReadback {
    staging: wgpu::Buffer,
    width: u32,
    height: u32,
}

impl ImageReadback {
    pub fn record(encoder: &mut wgpu::CommandEncoder, targets: &super::frame::FrameTargets) -> Self {
        encoder.copy_buffer_to_buffer(&targets.output, 0, &targets.staging, 0, targets.output.size());
        Self { staging: targets.staging.clone(), width: targets.width, height: targets.height }
    }

    pub fn finish(self, ctx: &GpuContext) -> Result<image::RgbaImage> {
        let pixels = map_and_read(ctx, &self.staging, |bytes| bytes.to_vec())?;
        image::RgbaImage::from_raw(self.width, self.height, pixels)
            .ok_or_else(|| SmpError::Gpu("readback size mismatch".into()))
    }
}
