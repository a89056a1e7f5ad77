//! The dot record every GPU stage shares: the scatter writes it, the splat
//! reads it, the statistics read it back. Its bit layout and sizes are
//! given to WGSL by `shaders` (generated, never written twice).

use crate::plan::MAX_SESSIONS;
use glam::Vec3;

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
const _: () = assert!(DOT_BYTES == 32);
/// Bytes per dot in a GPU buffer.
pub const DOT_BYTES: u64 = std::mem::size_of::<GpuDot>() as u64;

/// `GpuDot::packed`: bits 0–7 the session index, bit 8 alive.
pub const DOT_ALIVE: u32 = 1 << 8;
pub const DOT_SESSION_MASK: u32 = DOT_ALIVE - 1;

/// Session index of remaining hairs, and of scar marks (after the plan's
/// at most `MAX_SESSIONS` sessions).
pub const HAIR_SESSION: u32 = MAX_SESSIONS as u32;
pub const SCAR_SESSION: u32 = MAX_SESSIONS as u32 + 1;
// Every session index, hair and scars included, fits the packed bits.
const _: () = assert!(SCAR_SESSION <= DOT_SESSION_MASK);
/// Looks the splat keeps per frame: the plan's sessions, hair and scars
/// (WGSL `SESSION_SLOTS`).
pub const SESSION_SLOTS: u32 = MAX_SESSIONS as u32 + 2;
/// Brow tufts' ranks start here (scalp hair ranks lie in [0, 1)); the WGSL
/// twin is `BROW_RANK` in `shaders/hair.wgsl`.
pub const BROW_RANK: f32 = 2.0;

impl GpuDot {
    pub fn alive(&self) -> bool {
        self.packed & DOT_ALIVE != 0
    }
    /// A tuft of the eyebrows: a hair unit whose rank holds `BROW_RANK` +
    /// its place along the brow (`plan::brows`).
    pub fn is_brow(&self) -> bool {
        self.alive() && self.session() == HAIR_SESSION && self.rank >= BROW_RANK
    }
    /// A tuft of remaining scalp hair.
    pub fn is_scalp_hair(&self) -> bool {
        self.alive() && self.session() == HAIR_SESSION && self.rank < BROW_RANK
    }
    /// An SMP dot that exists in the plan (not a hair, scar or dead slot).
    pub fn is_pigment(&self) -> bool {
        self.alive() && self.session() < HAIR_SESSION
    }
    pub fn session(&self) -> u32 {
        self.packed & DOT_SESSION_MASK
    }
    pub fn position(&self) -> Vec3 {
        Vec3::from_array(self.position)
    }
}
