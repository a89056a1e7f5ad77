//! GPU scatter: pigment dots on the skin from the density map.
//!
//! The CPU gives each triangle a candidate count by randomised rounding of
//! its mean (the density bound over the triangle × its area) with a seeded
//! generator: the mean is exact and the variance at most ¼ per triangle.
//! (Poisson counts, variance = mean, left a blotchy shade at conversation
//! distance that local relaxation cannot even out.) `shaders/scatter.wgsl`
//! places and thins them, then relaxes the survivors towards blue noise.
//! Expected live count = ∫ density dA over the skin.

use super::mesh::HeadBuffers;
use super::{GpuContext, compute_pipeline, dispatch_size, shaders::Stage};
use crate::chart::ScalpChart;
use crate::error::{Result, SmpError};
use crate::mesh::HeadMesh;
use crate::plan::density::DensityMap;
use glam::{Vec2, Vec3};
use wgpu::util::DeviceExt;

/// WGSL twin: `Dot` in `shaders/common.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct GpuDot {
    pub position: [f32; 3],
    pub normal_oct: u32,
    pub rank: f32,
    pub size_jitter: f32,
    pub shade_jitter: f32,
    pub packed: u32,
}
const _: () = assert!(std::mem::size_of::<GpuDot>() == 32);

impl GpuDot {
    pub fn alive(&self) -> bool {
        self.packed & 256 != 0
    }
    pub fn session(&self) -> u32 {
        self.packed & 255
    }
    pub fn position(&self) -> Vec3 {
        Vec3::from_array(self.position)
    }
}

/// WGSL twin: `ScatterParams` in `shaders/scatter.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
struct ScatterParams {
    candidate_count: u32,
    triangle_count: u32,
    groups_x: u32,
    seed: u32,
    density_origin: [f32; 2],
    density_texel_mm: f32,
    density_width: u32,
    density_height: u32,
    session: u32,
    cell_mm: f32,
    cell_mask: u32,
    relax_radius: f32,
    relax_step: f32,
    _pad: [u32; 2],
}
const _: () = assert!(std::mem::size_of::<ScatterParams>() == 64);

/// Repulsion radius in local mean spacings, step per iteration and number of
/// iterations: tuned so the Clark–Evans index lands near 1.6 (blue noise;
/// Poisson is 1.0, a hexagonal grid 2.15).
pub const RELAX_RADIUS: f32 = 1.25;
pub const RELAX_STEP: f32 = 0.5;
pub const RELAX_ITERATIONS: u32 = 3;
/// Neighbours kept per dot by the first relax iteration (`NEIGHBOURS` in WGSL).
const NEIGHBOURS: u64 = 8;

/// Per-triangle candidate counts, drawn on the CPU.
#[derive(Clone, Debug)]
pub struct Candidates {
    /// Prefix sums: triangle t owns candidates first[t]..first[t + 1].
    pub first: Vec<u32>,
    /// Density bound (dots/mm²) the triangle's candidates are thinned
    /// against; negative where the region's edge is within relaxation reach.
    pub bound: Vec<f32>,
}

impl Candidates {
    pub fn total(&self) -> u32 {
        *self.first.last().unwrap_or(&0)
    }

    /// Bound over each triangle's chart footprint; counts ⌊mean + u⌋ with u
    /// from a generator keyed by (seed, session, triangle).
    pub fn draw(mesh: &HeadMesh, chart: &ScalpChart, density: &DensityMap, seed: u64, session: u32) -> Result<Self> {
        let n = mesh.triangle_count();
        let mut first = Vec::with_capacity(n + 1);
        let mut bound = Vec::with_capacity(n);
        let mut total: u64 = 0;
        first.push(0);
        for t in 0..n {
            let idx = &mesh.indices[3 * t..3 * t + 3];
            let c = [0, 1, 2].map(|k| chart.vertex_chart[idx[k] as usize]);
            let lo = c[0].min(c[1]).min(c[2]);
            let hi = c[0].max(c[1]).max(c[2]);
            let [a, b, cc] = mesh.triangle(t);
            let extent = (b - a).length().max((cc - b).length()).max((a - cc).length());
            // A triangle whose chart image is far larger than itself lies
            // where the chart folds (under the chin, behind the ears): no scalp.
            let folded = (hi - lo).length() > 4.0 * extent + 2.0;
            let d = if folded { 0.0 } else { density.max_in(lo, hi) };
            // Dots that relaxation could push out of the region get pinned;
            // only triangles near its edge need the GPU to look (sign bit).
            let near_edge = d > 0.0 && {
                let margin = Vec2::splat((1.6 / density.min_in(lo, hi).max(1e-3).sqrt()).min(10.0));
                density.min_in(lo - margin, hi + margin) <= 0.0
            };
            let mean = d as f64 * mesh.triangle_area(t) as f64;
            let mut rng =
                SplitMix::new(seed ^ (session as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ ((t as u64) << 20));
            total += (mean + rng.unit()).floor() as u64;
            if total > u32::MAX as u64 / 2 {
                return Err(SmpError::Limit {
                    what: "dot count".into(),
                    problem: "the plan asks for more than a billion dots: lower the density".into(),
                });
            }
            first.push(total as u32);
            bound.push(if near_edge { -d } else { d });
        }
        Ok(Self { first, bound })
    }
}

/// SplitMix64: a small, fast, well-mixed seeded generator.
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        let mut s = Self(seed);
        s.next_u64();
        s
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Dots of one scatter on the GPU. `count` includes thinned (dead) ones,
/// which keep their slot so that dots never change index.
pub struct DotSet {
    pub buffer: wgpu::Buffer,
    pub count: u32,
}

impl DotSet {
    /// Copies the dots back (tests, statistics).
    pub fn read(&self, ctx: &GpuContext) -> Result<Vec<GpuDot>> {
        let bytes = super::readback::read_buffer(ctx, &self.buffer, self.count as u64 * 32)?;
        Ok(bytemuck::cast_slice(&bytes).to_vec())
    }
}

pub struct ScatterPipeline {
    place: wgpu::ComputePipeline,
    link: wgpu::ComputePipeline,
    relax_search: wgpu::ComputePipeline,
    relax_cached: wgpu::ComputePipeline,
    finish: wgpu::ComputePipeline,
}

fn bind(device: &wgpu::Device, pipeline: &wgpu::ComputePipeline, entries: &[(u32, &wgpu::Buffer)]) -> wgpu::BindGroup {
    let entries: Vec<wgpu::BindGroupEntry> = entries
        .iter()
        .map(|(binding, buffer)| wgpu::BindGroupEntry { binding: *binding, resource: buffer.as_entire_binding() })
        .collect();
    device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: None,
        layout: &pipeline.get_bind_group_layout(0),
        entries: &entries,
    })
}

impl ScatterPipeline {
    pub fn new(device: &wgpu::Device) -> Self {
        let module = Stage::Scatter.module(device);
        Self {
            place: compute_pipeline(device, &module, "place"),
            link: compute_pipeline(device, &module, "link"),
            relax_search: compute_pipeline(device, &module, "relax_search"),
            relax_cached: compute_pipeline(device, &module, "relax_cached"),
            finish: compute_pipeline(device, &module, "finish"),
        }
    }

    /// Checks that `count` dots fit the device's buffers.
    pub fn check_capacity(ctx: &GpuContext, count: u32) -> Result<()> {
        let limits = ctx.limits();
        let limit = limits.max_storage_buffer_binding_size.min(limits.max_buffer_size);
        let need = count as u64 * std::mem::size_of::<GpuDot>() as u64;
        if need > limit {
            return Err(SmpError::Limit {
                what: format!("{count} dots"),
                problem: format!(
                    "too many for this GPU: they need {} MiB and it binds at most {} MiB ({} dots); \
                     lower the density or treat a smaller area",
                    need >> 20,
                    limit >> 20,
                    limit / 32
                ),
            });
        }
        Ok(())
    }

    /// Scatters one session's dots; records the work into `encoder`.
    #[allow(clippy::too_many_arguments)]
    pub fn scatter(
        &self,
        ctx: &GpuContext,
        encoder: &mut wgpu::CommandEncoder,
        head: &HeadBuffers,
        triangle_count: u32,
        candidates: &Candidates,
        density: &DensityMap,
        seed: u64,
        session: u32,
    ) -> Result<DotSet> {
        let device = &ctx.device;
        let count = candidates.total();
        Self::check_capacity(ctx, count)?;
        let slots = count.max(1) as u64;
        let storage = |label: &str, size: u64, extra: wgpu::BufferUsages| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size,
                usage: wgpu::BufferUsages::STORAGE | extra,
                mapped_at_creation: false,
            })
        };
        let init = |label: &str, contents: &[u8]| {
            device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
                label: Some(label),
                contents,
                usage: wgpu::BufferUsages::STORAGE,
            })
        };
        let max_density = density.dots_per_mm2.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        let cell_mm = RELAX_RADIUS / max_density.sqrt();
        let cells = (2 * count as u64).next_power_of_two().max(1024);
        let (groups_x, groups_y) = dispatch_size(count);
        let params = ScatterParams {
            candidate_count: count,
            triangle_count,
            groups_x,
            seed: (seed ^ (seed >> 32)) as u32,
            density_origin: density.origin.to_array(),
            density_texel_mm: density.texel_mm,
            density_width: density.width,
            density_height: density.height,
            session,
            cell_mm,
            cell_mask: (cells - 1) as u32,
            relax_radius: RELAX_RADIUS,
            relax_step: RELAX_STEP,
            _pad: [0; 2],
        };
        let params = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some("scatter params"),
            contents: bytemuck::bytes_of(&params),
            usage: wgpu::BufferUsages::UNIFORM,
        });
        let first = init("triangle first", bytemuck::cast_slice(&candidates.first));
        let bound = init("triangle bound", bytemuck::cast_slice(&candidates.bound));
        let density_buf = init("density map", bytemuck::cast_slice(&density.dots_per_mm2));
        let dots = storage("dots", slots * 32, wgpu::BufferUsages::COPY_SRC);
        let dot_triangle = storage("dot triangle", slots * 4, wgpu::BufferUsages::empty());
        let pos_a = storage("dot positions a", slots * 16, wgpu::BufferUsages::empty());
        let pos_b = storage("dot positions b", slots * 16, wgpu::BufferUsages::empty());
        let cell_head = storage("cell heads", cells * 4, wgpu::BufferUsages::COPY_DST);
        let cell_next = storage("cell links", slots * 4, wgpu::BufferUsages::empty());
        let neighbours = storage("dot neighbours", slots * 4 * NEIGHBOURS, wgpu::BufferUsages::empty());

        let place = bind(
            device,
            &self.place,
            &[
                (0, &params),
                (1, &head.vertices),
                (2, &head.indices),
                (3, &first),
                (4, &bound),
                (5, &density_buf),
                (6, &dots),
                (7, &dot_triangle),
                (8, &pos_a),
            ],
        );
        let link = bind(device, &self.link, &[(0, &params), (8, &pos_a), (10, &cell_head), (11, &cell_next)]);
        // First iteration searches the cell lists, later ones reuse the
        // neighbours it kept; ping-pong between the two position buffers.
        let search = bind(
            device,
            &self.relax_search,
            &[
                (0, &params),
                (8, &pos_a),
                (9, &pos_b),
                (12, &cell_head),
                (13, &cell_next),
                (14, &dots),
                (15, &neighbours),
            ],
        );
        let cached = |src: &wgpu::Buffer, dst: &wgpu::Buffer| {
            bind(device, &self.relax_cached, &[(0, &params), (8, src), (9, dst), (14, &dots), (15, &neighbours)])
        };
        let cached_ba = cached(&pos_b, &pos_a);
        let cached_ab = cached(&pos_a, &pos_b);
        let final_positions = if RELAX_ITERATIONS.is_multiple_of(2) { &pos_a } else { &pos_b };
        let finish = bind(device, &self.finish, &[(0, &params), (6, &dots), (8, final_positions)]);

        if count > 0 {
            encoder.clear_buffer(&cell_head, 0, None);
            let mut pass = encoder
                .begin_compute_pass(&wgpu::ComputePassDescriptor { label: Some("scatter"), timestamp_writes: None });
            let mut run = |pipeline: &wgpu::ComputePipeline, group: &wgpu::BindGroup| {
                pass.set_pipeline(pipeline);
                pass.set_bind_group(0, group, &[]);
                pass.dispatch_workgroups(groups_x, groups_y, 1);
            };
            run(&self.place, &place);
            run(&self.link, &link);
            for k in 0..RELAX_ITERATIONS {
                match k {
                    0 => run(&self.relax_search, &search),
                    k if k % 2 == 1 => run(&self.relax_cached, &cached_ba),
                    _ => run(&self.relax_cached, &cached_ab),
                }
            }
            run(&self.finish, &finish);
        }
        Ok(DotSet { buffer: dots, count })
    }
}
