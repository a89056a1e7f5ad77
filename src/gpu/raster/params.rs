//! The raster's own parameters: the plan's skin and what tints it.

use crate::core::camera::Camera;
use crate::plan::Plan;

/// WGSL twin: `RasterParams` in `shaders/raster.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
pub struct RasterParams {
    /// The plan's skin (linear).
    pub skin: [f32; 3],
    /// How much blood a full byte of the skin map's blood shows through
    /// this skin's melanin (`plan::skin::blood_seen` × `MAX_BLOOD`).
    pub blood_seen: f32,
    /// Towards the key light (the sheen's half vector).
    pub light_dir: [f32; 3],
    pub _pad0: f32,
    /// What the face has that the scalp has not (`plan::skin::face_tint`).
    pub face_tint: [f32; 3],
    pub _pad1: f32,
    /// What a unit of blood takes per channel (`plan::skin::BLOOD_ABSORB`).
    pub blood_absorb: [f32; 3],
    pub _pad2: f32,
}
const _: () = assert!(std::mem::size_of::<RasterParams>() == 64);

impl RasterParams {
    pub fn new(camera: &Camera, plan: &Plan) -> Self {
        Self {
            skin: plan.skin_linear(),
            blood_seen: crate::plan::skin::blood_seen(&plan.client) * crate::chart::skin_map::MAX_BLOOD,
            light_dir: camera.key_light().to_array(),
            _pad0: 0.0,
            face_tint: crate::plan::skin::face_tint(&plan.client),
            _pad1: 0.0,
            blood_absorb: crate::plan::skin::BLOOD_ABSORB,
            _pad2: 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::shaders::{Stage, assert_wgsl_twin};

    #[test]
    fn the_raster_parameters_match_their_wgsl_twin() {
        assert_wgsl_twin!(
            RasterParams,
            Stage::Raster,
            "RasterParams",
            [skin, blood_seen, light_dir, face_tint, blood_absorb]
        );
    }
}
