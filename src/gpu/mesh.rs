//! The head on the GPU for drawing: vertices with their chart coordinates,
//! and indices.

use crate::chart::ScalpChart;
use crate::mesh::HeadMesh;

/// WGSL twin: `Vertex` in `shaders/common.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
pub struct GpuVertex {
    pub position: [f32; 3],
    pub chart_x: f32,
    pub normal: [f32; 3],
    pub chart_y: f32,
}
const _: () = assert!(std::mem::size_of::<GpuVertex>() == 32);

pub struct HeadBuffers {
    pub vertices: wgpu::Buffer,
    pub indices: wgpu::Buffer,
    pub index_count: u32,
}

impl HeadBuffers {
    pub fn new(device: &wgpu::Device, mesh: &HeadMesh, chart: &ScalpChart) -> Self {
        let vertices: Vec<GpuVertex> = (0..mesh.positions.len())
            .map(|i| GpuVertex {
                position: mesh.positions[i].to_array(),
                chart_x: chart.vertex_chart[i].x,
                normal: mesh.normals[i].to_array(),
                chart_y: chart.vertex_chart[i].y,
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
        let indices = crate::gpu::buffer_init(
            device,
            &wgpu::util::BufferInitDescriptor {
                label: Some("head indices"),
                contents: bytemuck::cast_slice(&mesh.indices),
                usage: wgpu::BufferUsages::INDEX,
            },
        );
        Self { vertices, indices, index_count: mesh.indices.len() as u32 }
    }

    pub fn vertex_layout() -> wgpu::VertexBufferLayout<'static> {
        // Position at 0 and normal at 16; chart coordinates ride in the gaps.
        const ATTRIBUTES: [wgpu::VertexAttribute; 2] = [
            wgpu::VertexAttribute { format: wgpu::VertexFormat::Float32x3, offset: 0, shader_location: 0 },
            wgpu::VertexAttribute { format: wgpu::VertexFormat::Float32x3, offset: 16, shader_location: 1 },
        ];
        wgpu::VertexBufferLayout { array_stride: 32, step_mode: wgpu::VertexStepMode::Vertex, attributes: &ATTRIBUTES }
    }
}
