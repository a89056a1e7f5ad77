//! Copies from the GPU to memory: the output image, and buffers for tests.

use super::GpuContext;
use crate::error::{Result, SmpError};

fn map_and_copy(ctx: &GpuContext, staging: &wgpu::Buffer) -> Result<Vec<u8>> {
    let slice = staging.slice(..);
    let (tx, rx) = std::sync::mpsc::channel();
    slice.map_async(wgpu::MapMode::Read, move |r| {
        let _ = tx.send(r);
    });
    ctx.wait()?;
    rx.recv()
        .map_err(|e| SmpError::Gpu(e.to_string()))?
        .map_err(|e| SmpError::Gpu(format!("mapping a readback buffer: {e}")))?;
    let bytes = slice.get_mapped_range().map_err(|e| SmpError::Gpu(format!("reading a mapped buffer: {e}")))?.to_vec();
    staging.unmap();
    Ok(bytes)
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
    ctx.queue.submit([encoder.finish()]);
    map_and_copy(ctx, &staging)
}

/// Records a copy of an RGBA8 texture into a row-padded staging buffer.
pub struct ImageReadback {
    staging: wgpu::Buffer,
    width: u32,
    height: u32,
    padded_row: u32,
}

impl ImageReadback {
    pub fn record(device: &wgpu::Device, encoder: &mut wgpu::CommandEncoder, texture: &wgpu::Texture) -> Self {
        let (width, height) = (texture.width(), texture.height());
        // Rows of a texture copy are padded to 256 bytes.
        let padded_row = (width * 4).next_multiple_of(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT);
        let staging = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("image readback"),
            size: padded_row as u64 * height as u64,
            usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
            mapped_at_creation: false,
        });
        encoder.copy_texture_to_buffer(
            texture.as_image_copy(),
            wgpu::TexelCopyBufferInfo {
                buffer: &staging,
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(padded_row),
                    rows_per_image: Some(height),
                },
            },
            texture.size(),
        );
        Self { staging, width, height, padded_row }
    }

    pub fn finish(self, ctx: &GpuContext) -> Result<image::RgbaImage> {
        let bytes = map_and_copy(ctx, &self.staging)?;
        let mut pixels = Vec::with_capacity((self.width * self.height * 4) as usize);
        for row in bytes.chunks(self.padded_row as usize).take(self.height as usize) {
            pixels.extend_from_slice(&row[..(self.width * 4) as usize]);
        }
        image::RgbaImage::from_raw(self.width, self.height, pixels)
            .ok_or_else(|| SmpError::Gpu("readback size mismatch".into()))
    }
}
