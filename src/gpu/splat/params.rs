//! The splat's own parameters: the dots this frame, the day, and the
//! pigment's optics (`plan::aging`).

use crate::gpu::frame::VeilGrid;
use crate::plan::aging::{HALO_CHANNELS, HALO_OD, HALO_SCALE, SEE_DEPTH_MM};

/// How far (mm) a dot may lie behind the skin the raster saw and still
/// show: slack for a dot on the scalp against the rasterised triangles'
/// interpolated distance (E: chosen when the splat was first written,
/// never measured; a head is ≈ 100 mm from any skin behind it).
pub const DEPTH_BIAS_MM: f32 = 0.75;

/// WGSL twin: `SplatParams` in `shaders/splat.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
pub struct SplatParams {
    /// Depth (mm) from which each channel's remitted light comes back,
    /// red, green, blue (`plan::aging::SEE_DEPTH_MM`).
    pub see_depth_mm: [f32; 3],
    pub depth_bias_mm: f32,
    /// How much of the halo each channel takes (`HALO_CHANNELS`).
    pub halo_channels: [f32; 3],
    pub halo_scale: f32,
    pub dot_count: u32,
    /// Workgroups per row of the dot dispatch.
    pub groups_x: u32,
    /// Days since the first session.
    pub days: f32,
    pub halo_od: f32,
    pub veil: VeilGrid,
}
const _: () = assert!(std::mem::size_of::<SplatParams>() == 64);

impl SplatParams {
    pub fn new(dot_count: u32, days: f32, veil: VeilGrid) -> Self {
        Self {
            see_depth_mm: SEE_DEPTH_MM,
            depth_bias_mm: DEPTH_BIAS_MM,
            halo_channels: HALO_CHANNELS,
            halo_scale: HALO_SCALE,
            dot_count,
            groups_x: crate::gpu::dispatch_size(dot_count).0,
            days,
            halo_od: HALO_OD,
            veil,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::shaders::{Stage, assert_wgsl_twin};

    #[test]
    fn the_splat_parameters_match_their_wgsl_twin() {
        assert_wgsl_twin!(
            SplatParams,
            Stage::Splat,
            "SplatParams",
            [see_depth_mm, depth_bias_mm, halo_channels, halo_scale, dot_count, groups_x, days, halo_od, veil]
        );
    }
}
