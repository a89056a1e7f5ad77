//! Present's own parameters: where the image goes in the window. Present
//! draws outside the frame (into the window, after it), so it binds no
//! `FrameParams`: these sit at `@group(0) @binding(0)`.

/// WGSL twin: `PresentParams` in `shaders/present.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
pub struct PresentParams {
    /// The image's top-left in the window (physical pixels).
    pub origin: [i32; 2],
    /// The image's size (pixels).
    pub size: [u32; 2],
    /// 1: drawn mirrored left to right, as a client sees a mirror.
    pub mirror: u32,
    pub _pad: [u32; 3],
}
const _: () = assert!(std::mem::size_of::<PresentParams>() == 32);

impl PresentParams {
    pub fn new(origin: [u32; 2], size: [u32; 2], mirror: bool) -> Self {
        Self { origin: origin.map(|v| v as i32), size, mirror: mirror as u32, _pad: [0; 3] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::shaders::{Stage, assert_wgsl_twin};

    #[test]
    fn the_present_parameters_match_their_wgsl_twin() {
        assert_wgsl_twin!(PresentParams, Stage::Present, "PresentParams", [origin, size, mirror]);
    }
}
