//! Compose's own parameters: the light, the dermis's blur and depth, the
//! heat map's scale, and where the skin and the veil lie in the image.

use crate::core::camera::Camera;
use crate::gpu::frame::VeilGrid;
use crate::plan::aging::{DERMAL_BLUR_MM, SEE_DEPTH_MM};

/// WGSL twin: `ComposeParams` in `shaders/compose.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
pub struct ComposeParams {
    /// Depth (mm) from which each channel's remitted light comes back
    /// (`plan::aging::SEE_DEPTH_MM`): how dark the veil's layer reads.
    pub see_depth_mm: [f32; 3],
    /// Dermal blur radius (mm) applied to the pigment.
    pub dermal_blur_mm: f32,
    /// Towards the key light.
    pub light_dir: [f32; 3],
    /// Heat maps: dots per skin mm² at the top of the colour scale; 0 for
    /// the skin itself.
    pub heat_scale: f32,
    /// Pixels compose shades, [x0, y0, x1, y1): where the head can be.
    pub skin_rect: [u32; 4],
    pub veil: VeilGrid,
}
const _: () = assert!(std::mem::size_of::<ComposeParams>() == 64);

impl ComposeParams {
    pub fn new(camera: &Camera, skin_rect: [u32; 4], heat_scale: f32, veil: VeilGrid) -> Self {
        Self {
            see_depth_mm: SEE_DEPTH_MM,
            dermal_blur_mm: DERMAL_BLUR_MM,
            light_dir: camera.key_light().to_array(),
            heat_scale,
            skin_rect,
            veil,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::shaders::{Stage, assert_wgsl_twin};

    #[test]
    fn the_compose_parameters_match_their_wgsl_twin() {
        assert_wgsl_twin!(
            ComposeParams,
            Stage::Compose,
            "ComposeParams",
            [see_depth_mm, dermal_blur_mm, light_dir, heat_scale, skin_rect, veil]
        );
    }
}
