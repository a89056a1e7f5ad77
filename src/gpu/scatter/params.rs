//! The scatter's own parameters: the tile, the density map and the
//! chart's grid as the scatter kernel reads them.

/// WGSL twin: `ScatterParams` in `shaders/scatter.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
pub struct ScatterParams {
    pub candidate_count: u32,
    pub cell_count: u32,
    pub groups_x: u32,
    pub seed: u32,
    pub centre: [f32; 3],
    pub plane_scale_mm: f32,
    pub tile_offset: [f32; 2],
    pub tile_period_mm: f32,
    pub tile_density: f32,
    pub density_origin: [f32; 2],
    pub density_texel_mm: f32,
    pub density_width: u32,
    pub density_height: u32,
    pub buckets_per_side: u32,
    pub tile_points: u32,
    pub skin_rows: u32,
    pub skin_columns: u32,
    pub d_phi: f32,
    pub d_theta: f32,
    pub phi_max: f32,
    pub min_tilt_cosine: f32,
    pub bucket_header: u32,
    pub session_count: u32,
    pub total_share: f32,
    pub _pad: [u32; 4],
    pub cum_share: [[f32; 4]; 4],
}
const _: () = assert!(std::mem::size_of::<ScatterParams>() == 192);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::shaders::{Stage, assert_wgsl_twin};

    #[test]
    fn the_scatter_parameters_match_their_wgsl_twin() {
        assert_wgsl_twin!(
            ScatterParams,
            Stage::Scatter,
            "ScatterParams",
            [
                candidate_count,
                cell_count,
                groups_x,
                seed,
                centre,
                plane_scale_mm,
                tile_offset,
                tile_period_mm,
                tile_density,
                density_origin,
                density_texel_mm,
                density_width,
                density_height,
                buckets_per_side,
                tile_points,
                skin_rows,
                skin_columns,
                d_phi,
                d_theta,
                phi_max,
                min_tilt_cosine,
                bucket_header,
                session_count,
                total_share,
                cum_share,
            ]
        );
    }
}
