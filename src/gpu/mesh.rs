//! The head on the GPU for drawing: vertices with their texture
//! coordinates, the skin map, a scan's own vertex colours, and indices.

use crate::chart::skin_map::SkinMap;
use crate::mesh::HeadMesh;

/// WGSL twin: `Vertex` in `shaders/common.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
pub struct GpuVertex {
    pub position: [f32; 3],
    /// Texture coordinates (a scan's skin texture; 0 without one), in the
    /// gaps after position and normal.
    pub u: f32,
    pub normal: [f32; 3],
    pub v: f32,
}
const _: () = assert!(std::mem::size_of::<GpuVertex>() == 32);

pub struct HeadBuffers {
    pub vertices: wgpu::Buffer,
    /// `SkinMap::packed`, three u32 words a vertex: its own buffer, rewritten when
    /// the landmarks move.
    pub skin: wgpu::Buffer,
    /// A scan's own colour per vertex (sRGB bytes, the fourth 255), or
    /// zeros where the head has none (the skin map's colours are used).
    pub colours: wgpu::Buffer,
    pub indices: wgpu::Buffer,
    pub index_count: u32,
}

/// Whether a mesh of `vertices` and `triangles` fits this device's buffers.
pub fn check_fits(vertices: usize, triangles: usize, limits: &wgpu::Limits) -> crate::Result<()> {
    let needed = (vertices as u64 * std::mem::size_of::<GpuVertex>() as u64).max(triangles as u64 * 12);
    if needed > limits.max_buffer_size {
        return Err(crate::SmpError::Limit {
            what: format!("a head mesh of {triangles} triangles and {vertices} vertices"),
            problem: format!(
                "needs a {} MiB buffer; this GPU allows {} MiB: decimate the mesh (to about {} triangles)",
                needed.div_ceil(1 << 20),
                limits.max_buffer_size >> 20,
                triangles as u64 * limits.max_buffer_size / needed
            ),
        });
    }
    Ok(())
}

impl HeadBuffers {
    pub fn new(device: &wgpu::Device, mesh: &HeadMesh, skin: &SkinMap) -> Self {
        let vertices: Vec<GpuVertex> = (0..mesh.positions.len())
            .map(|i| {
                let uv = mesh.uvs.get(i).copied().unwrap_or_default();
                GpuVertex {
                    position: mesh.positions[i].to_array(),
                    u: uv.x,
                    normal: mesh.normals[i].to_array(),
                    v: uv.y,
                }
            })
            .collect();
        let vertices = crate::gpu::buffer_init(
            device,
            &wgpu::util::BufferInitDescriptor {
                label: Some("head vertices"),
                contents: bytemuck::cast_slice(&vertices),
                usage: wgpu::BufferUsages::VERTEX,
            },
        );
        let skin = crate::gpu::buffer_init(
            device,
            &wgpu::util::BufferInitDescriptor {
                label: Some("head skin map"),
                contents: bytemuck::cast_slice(&skin.packed()),
                usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
            },
        );
        let colours: Vec<[u8; 4]> = match mesh.colours.len() == mesh.positions.len() {
            true => mesh.colours.iter().map(|&[r, g, b]| [r, g, b, 255]).collect(),
            false => vec![[0; 4]; mesh.positions.len()],
        };
        let colours = crate::gpu::buffer_init(
            device,
            &wgpu::util::BufferInitDescriptor {
                label: Some("head vertex colours"),
                contents: bytemuck::cast_slice(&colours),
                usage: wgpu::BufferUsages::VERTEX,
            },
        );
        let indices = crate::gpu::buffer_init(
            device,
            &wgpu::util::BufferInitDescriptor {
                label: Some("head indices"),
                contents: bytemuck::cast_slice(&mesh.indices),
                usage: wgpu::BufferUsages::INDEX,
            },
        );
        Self { vertices, skin, colours, indices, index_count: mesh.indices.len() as u32 }
    }

    /// Rewrites the skin map (same head, regions laid out again).
    pub fn set_skin(&self, queue: &wgpu::Queue, skin: &SkinMap) {
        queue.write_buffer(&self.skin, 0, bytemuck::cast_slice(&skin.packed()));
    }

    /// The skin map's layout (`SkinMap::packed`): blood, scalp share, sky,
    /// eye share; iris coordinates, the lash line and the beard; the
    /// temples' veins: unorm bytes.
    pub fn skin_layout() -> wgpu::VertexBufferLayout<'static> {
        const ATTRIBUTES: [wgpu::VertexAttribute; 3] = [
            wgpu::VertexAttribute { format: wgpu::VertexFormat::Unorm8x4, offset: 0, shader_location: 4 },
            wgpu::VertexAttribute { format: wgpu::VertexFormat::Unorm8x4, offset: 4, shader_location: 5 },
            wgpu::VertexAttribute { format: wgpu::VertexFormat::Unorm8x4, offset: 8, shader_location: 6 },
        ];
        wgpu::VertexBufferLayout { array_stride: 12, step_mode: wgpu::VertexStepMode::Vertex, attributes: &ATTRIBUTES }
    }

    /// A scan's vertex colours: sRGB bytes and whether there is one.
    pub fn colour_layout() -> wgpu::VertexBufferLayout<'static> {
        const ATTRIBUTES: [wgpu::VertexAttribute; 1] =
            [wgpu::VertexAttribute { format: wgpu::VertexFormat::Unorm8x4, offset: 0, shader_location: 7 }];
        wgpu::VertexBufferLayout { array_stride: 4, step_mode: wgpu::VertexStepMode::Vertex, attributes: &ATTRIBUTES }
    }

    pub fn vertex_layout() -> wgpu::VertexBufferLayout<'static> {
        // Position at 0, normal at 16, texture coordinates in the gaps.
        const ATTRIBUTES: [wgpu::VertexAttribute; 4] = [
            wgpu::VertexAttribute { format: wgpu::VertexFormat::Float32x3, offset: 0, shader_location: 0 },
            wgpu::VertexAttribute { format: wgpu::VertexFormat::Float32x3, offset: 16, shader_location: 1 },
            wgpu::VertexAttribute { format: wgpu::VertexFormat::Float32, offset: 12, shader_location: 2 },
            wgpu::VertexAttribute { format: wgpu::VertexFormat::Float32, offset: 28, shader_location: 3 },
        ];
        wgpu::VertexBufferLayout {
            array_stride: std::mem::size_of::<GpuVertex>() as u64,
            step_mode: wgpu::VertexStepMode::Vertex,
            attributes: &ATTRIBUTES,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_mesh_too_large_for_the_gpu_says_so_and_what_to_do() {
        let limits = wgpu::Limits { max_buffer_size: 64 << 20, ..wgpu::Limits::downlevel_defaults() };
        assert!(super::check_fits(1_000_000, 2_000_000, &limits).is_ok());
        let e = super::check_fits(4_000_000, 8_000_000, &limits).unwrap_err().to_string();
        assert!(
            e.contains("8000000 triangles") && e.contains("this GPU allows 64 MiB") && e.contains("decimate"),
            "{e}"
        );
    }

    use super::*;
    use crate::gpu::shaders::{Stage, assert_wgsl_twin};

    #[test]
    fn the_vertex_matches_its_wgsl_twin() {
        assert_wgsl_twin!(GpuVertex, Stage::Raster, "Vertex", [position, u, normal, v]);
    }
}
