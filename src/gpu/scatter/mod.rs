//! GPU scatter: pigment dots on the skin from the density map, by laying a
//! progressive blue-noise tile over the scatter plane and keeping, at each
//! place, the prefix of its ranks the density asks for (`shaders/scatter.wgsl`;
//! the CPU side, which tile points to visit, is in `cells`).
//! Expected live count = ∫ density dA over the skin.
//!
//! Takes the chart's skin samples, the plan's density map and its own
//! `ScatterParams`; gives the `DotSet` (dots and the hair list) the splat
//! draws. Must not shade or age dots: it decides only where they are.

pub mod blue_noise;
pub mod cells;
pub mod params;

use super::{GpuContext, compute_pipeline, dispatch_size, shaders::Stage};
use crate::chart::surface::MIN_TILT_COSINE;
use crate::chart::{D_PHI, D_THETA, PHI_MAX, PHI_ROWS, ScalpChart, THETA_COLUMNS};
use crate::core::error::{Result, SmpError};
use crate::gpu::scatter::blue_noise::{BlueNoiseTile, TILE_POINTS};
use crate::plan::MAX_SESSIONS;
use crate::plan::density::DensityMap;
use cells::{BUCKETS_PER_SIDE, ScatterCells};
use glam::Vec3;
use params::ScatterParams;

pub use super::dot::{BROW_RANK, DOT_BYTES, GpuDot, HAIR_SESSION, SCAR_SESSION};

/// Dots of one scatter on the GPU. `count` includes thinned (dead) ones,
/// which keep their slot so that dots never change index.
pub struct DotSet {
    pub buffer: wgpu::Buffer,
    pub count: u32,
    /// u32 count, then the indices of the live hairs (written by the scatter).
    pub hair_list: wgpu::Buffer,
    /// How many: read back once the scatter has run (`read_hair_count`).
    pub hair_count: u32,
}

impl DotSet {
    /// No dots: what a renderer holds before its first scatter.
    pub fn empty(device: &wgpu::Device) -> Self {
        let buffer = |label| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size: DOT_BYTES,
                usage: wgpu::BufferUsages::STORAGE,
                mapped_at_creation: false,
            })
        };
        Self { buffer: buffer("no dots"), count: 0, hair_list: buffer("no hairs"), hair_count: 0 }
    }

    /// Reads how many hairs the scatter listed (after it has run).
    pub fn read_hair_count(&mut self, ctx: &GpuContext) -> Result<()> {
        if self.count == 0 {
            return Ok(());
        }
        let bytes = super::readback::read_buffer(ctx, &self.hair_list, 4)?;
        self.hair_count = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        Ok(())
    }

    /// Copies the dots back (tests, statistics).
    pub fn read(&self, ctx: &GpuContext) -> Result<Vec<GpuDot>> {
        if self.count == 0 {
            return Ok(Vec::new());
        }
        let bytes = super::readback::read_buffer(ctx, &self.buffer, self.count as u64 * DOT_BYTES)?;
        Ok(bytemuck::pod_collect_to_vec(&bytes))
    }
}

/// The scatter's per-head inputs on the GPU: the chart's ray table and the
/// tile with its buckets. Uploaded once per head, read by every scatter.
pub struct ScatterHead {
    skin: wgpu::Buffer,
    tile: wgpu::Buffer,
    buckets: wgpu::Buffer,
    centre: Vec3,
}

impl ScatterHead {
    pub fn new(device: &wgpu::Device, chart: &ScalpChart, tile: &BlueNoiseTile) -> Self {
        let init = |label: &str, contents: &[u8]| {
            crate::gpu::buffer_init(
                device,
                &wgpu::util::BufferInitDescriptor { label: Some(label), contents, usage: wgpu::BufferUsages::STORAGE },
            )
        };
        let (first, points) = tile.buckets(BUCKETS_PER_SIDE);
        let buckets: Vec<u32> = first.iter().chain(points.iter()).copied().collect();
        Self {
            skin: init("skin table", bytemuck::cast_slice(&chart.skin_table())),
            tile: init("blue-noise tile", bytemuck::cast_slice(&tile.packed())),
            buckets: init("tile buckets", bytemuck::cast_slice(&buckets)),
            centre: chart.centre(),
        }
    }
}

/// What one scatter lays out: the cells to visit, the density map, the
/// seed, the sessions' shares, and marks (scars) to append as they are.
#[derive(Clone, Copy)]
pub struct ScatterJob<'a> {
    pub cells: &'a ScatterCells,
    pub density: &'a DensityMap,
    pub seed: u64,
    pub shares: &'a [f32],
    pub marks: &'a [GpuDot],
}

pub struct ScatterPipeline {
    scatter: wgpu::ComputePipeline,
}

impl ScatterPipeline {
    pub fn new(device: &wgpu::Device) -> Self {
        Self { scatter: compute_pipeline(device, &Stage::Scatter.module(device, &[]), "scatter") }
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
                    limit / DOT_BYTES
                ),
            });
        }
        Ok(())
    }

    /// Scatters the dots of `job`; records the work into `encoder`.
    pub fn scatter(
        &self,
        ctx: &GpuContext,
        encoder: &mut wgpu::CommandEncoder,
        head: &ScatterHead,
        job: &ScatterJob,
    ) -> Result<DotSet> {
        let ScatterJob { cells, density, seed, shares, marks } = *job;
        let device = &ctx.device;
        if shares.is_empty() || shares.len() > MAX_SESSIONS {
            return Err(SmpError::Plan {
                field: "sessions".into(),
                problem: format!("expected 1 to {MAX_SESSIONS} sessions, got {}", shares.len()),
            });
        }
        let mut cum_share = [[f32::MAX; 4]; 4];
        let mut sum = 0.0;
        for (k, share) in shares.iter().enumerate() {
            sum += share;
            cum_share[k / 4][k % 4] = sum;
        }
        let count = cells.total();
        Self::check_capacity(ctx, count.saturating_add(marks.len() as u32))?;
        let (groups_x, groups_y) = dispatch_size(count);
        let params = ScatterParams {
            candidate_count: count,
            cell_count: cells.cells.len() as u32,
            groups_x,
            seed: (seed ^ (seed >> 32)) as u32,
            centre: head.centre.to_array(),
            plane_scale_mm: cells.plane.scale_mm,
            tile_offset: cells.tile_offset.to_array(),
            tile_period_mm: cells.tile_period_mm,
            tile_density: cells.tile_density,
            density_origin: density.origin.to_array(),
            density_texel_mm: density.texel_mm,
            density_width: density.width,
            density_height: density.height,
            buckets_per_side: BUCKETS_PER_SIDE,
            tile_points: TILE_POINTS as u32,
            skin_rows: PHI_ROWS as u32,
            skin_columns: THETA_COLUMNS as u32,
            d_phi: D_PHI,
            d_theta: D_THETA,
            phi_max: PHI_MAX,
            min_tilt_cosine: MIN_TILT_COSINE,
            bucket_header: BUCKETS_PER_SIDE * BUCKETS_PER_SIDE + 1,
            session_count: shares.len() as u32,
            total_share: density.total_share,
            _pad: [0; 4],
            cum_share,
        };
        let init = |label: &str, contents: &[u8], usage: wgpu::BufferUsages| {
            crate::gpu::buffer_init(device, &wgpu::util::BufferInitDescriptor { label: Some(label), contents, usage })
        };
        let storage = wgpu::BufferUsages::STORAGE;
        let params = crate::gpu::uniform_buffer(device, "scatter params", &params);
        // Empty buffers cannot be bound: pad the cell list to one entry.
        let cell_list: &[[i32; 2]] = if cells.cells.is_empty() { &[[0, 0]] } else { &cells.cells };
        let cell_buf = init("scatter cells", bytemuck::cast_slice(cell_list), storage);
        // Prefix sums, then the cell of each 64th candidate.
        let first: Vec<u32> = cells.first.iter().copied().chain(cells.cell_of_block()).collect();
        let first = init("scatter cell first", bytemuck::cast_slice(&first), storage);
        let density_buf = init("density map", bytemuck::cast_slice(&density.texels), storage);
        let dots = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("dots"),
            size: (count as u64 + marks.len() as u64).max(1) * DOT_BYTES,
            usage: storage | wgpu::BufferUsages::COPY_SRC | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let hair_list = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("hair list"),
            size: (count as u64 + marks.len() as u64 + 1) * 4,
            usage: storage | wgpu::BufferUsages::COPY_SRC | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        // Hair marks (the brows) head the list; the pass appends scalp hair.
        let listed: Vec<u32> = marks
            .iter()
            .enumerate()
            .filter(|(_, m)| m.alive() && m.session() == HAIR_SESSION)
            .map(|(k, _)| count + k as u32)
            .collect();
        let header: Vec<u32> = std::iter::once(listed.len() as u32).chain(listed).collect();
        ctx.queue.write_buffer(&hair_list, 0, bytemuck::cast_slice(&header));
        // Marks (scars) follow the scattered dots; the pass never writes there.
        if !marks.is_empty() {
            ctx.queue.write_buffer(&dots, count as u64 * DOT_BYTES, bytemuck::cast_slice(marks));
        }
        let buffers =
            [&params, &cell_buf, &first, &head.buckets, &head.tile, &head.skin, &density_buf, &dots, &hair_list];
        let entries: Vec<wgpu::BindGroupEntry> = buffers
            .iter()
            .enumerate()
            .map(|(binding, buffer)| wgpu::BindGroupEntry {
                binding: binding as u32,
                resource: buffer.as_entire_binding(),
            })
            .collect();
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("scatter"),
            layout: &self.scatter.get_bind_group_layout(0),
            entries: &entries,
        });
        if count > 0 {
            let mut pass = encoder
                .begin_compute_pass(&wgpu::ComputePassDescriptor { label: Some("scatter"), timestamp_writes: None });
            pass.set_pipeline(&self.scatter);
            pass.set_bind_group(0, &group, &[]);
            pass.dispatch_workgroups(groups_x, groups_y, 1);
        }
        Ok(DotSet { buffer: dots, count: count + marks.len() as u32, hair_list, hair_count: 0 })
    }
}

#[cfg(test)]
mod tests {
    use crate::chart::surface::GpuSkinSample;
    use crate::gpu::shaders::{Stage, assert_wgsl_twin};

    /// The chart's skin samples, which the scatter reads (`chart` may not
    /// use `gpu`, so the check lives here).
    #[test]
    fn the_skin_sample_matches_its_wgsl_twin() {
        assert_wgsl_twin!(GpuSkinSample, Stage::Scatter, "SkinSample", [radius, rho, normal_oct]);
    }
}
