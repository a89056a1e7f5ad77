//! The remaining hair's own parameters (`shaders/hair.wgsl`, which the
//! splat imports and runs as its `splat_hairs` pass).

use crate::plan::Plan;
use crate::plan::hair::HairLook;

/// The crown's whorl, as a direction from the cranium's centre: behind the
/// vertex and a little to the right (most whorls are single, near the
/// vertex, clockwise; E).
pub const WHORL: [f32; 3] = [0.08, 0.86, -0.5];

/// WGSL twin: `HairParams` in `shaders/hair.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
pub struct HairParams {
    /// The shaft's colour (linear) and the stubble above the skin (mm).
    pub albedo: [f32; 3],
    pub stubble_mm: f32,
    pub grey_albedo: [f32; 3],
    pub shaft_diameter_mm: f32,
    /// The growth field's centre (the cranium's) and its whorl's direction.
    pub centre: [f32; 3],
    /// The share of grey hairs.
    pub grey_share: f32,
    pub whorl: [f32; 3],
    /// Live hairs in `DotSet::hair_list`.
    pub count: u32,
    /// The plan's skin (linear), which a cut end's colour replaces.
    pub skin: [f32; 3],
    /// Workgroups per row of the hair dispatch.
    pub groups_x: u32,
}
const _: () = assert!(std::mem::size_of::<HairParams>() == 80);

impl HairParams {
    /// `centre`: the cranium's centre; `count`: live hairs in the list.
    pub fn new(plan: &Plan, centre: glam::Vec3, count: u32) -> Self {
        let hair = &plan.client.hair;
        Self {
            albedo: hair.albedo_linear(),
            stubble_mm: hair.stubble_mm(),
            grey_albedo: HairLook::grey_albedo_linear(),
            shaft_diameter_mm: hair.hair_type.shaft_diameter_mm(),
            centre: centre.to_array(),
            grey_share: hair.grey_share,
            whorl: glam::Vec3::from_array(WHORL).normalize().to_array(),
            count,
            skin: plan.skin_linear(),
            groups_x: crate::gpu::dispatch_size(count).0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::shaders::{Stage, assert_wgsl_twin};

    #[test]
    fn the_hair_parameters_match_their_wgsl_twin() {
        assert_wgsl_twin!(
            HairParams,
            Stage::Splat,
            "HairParams",
            [albedo, stubble_mm, grey_albedo, shaft_diameter_mm, centre, grey_share, whorl, count, skin, groups_x]
        );
    }
}
