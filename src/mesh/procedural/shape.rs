//! What makes one built-in head differ from another, as numbers: the
//! sculpt (`sculpt`) and the face (`face`) both read it.

use glam::{Vec3, vec3};

/// What makes one built-in head differ from another. Lengths in mm in the
/// head frame, before `scale`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeadShape {
    /// The whole head's size against the default man's.
    pub scale: f32,
    /// Half-axes of the cranium's ellipsoid (x: half breadth, y: up from its
    /// centre, z: half length). The forehead stays where it is; a longer
    /// cranium grows backwards.
    pub cranium: Vec3,
    /// The occiput's bulge (mm, > 0) or flattening (< 0), on the midline
    /// behind and a little below the cranium's centre.
    pub occiput_mm: f32,
    /// How far the ears turn out from the head about their front edge (°).
    pub ear_out_deg: f32,
    /// Jaw and chin width against the man's (a woman's jaw is narrower).
    pub jaw: f32,
    /// The brow ridge's prominence against the man's.
    pub brow_ridge: f32,
    /// Lip fullness against the man's.
    pub lips: f32,
    /// Neck radius (mm).
    pub neck_mm: f32,
    /// Nose and mouth size against the man's (alar and mouth widths).
    pub nose: f32,
    pub mouth: f32,
    /// The larynx's prominence (0: none to see).
    pub larynx: f32,
    /// Shoulder breadth against the man's.
    pub shoulders: f32,
}

/// Where the bust is cut across the chest (mm, head frame).
pub const BUST_BOTTOM_Y: f32 = -320.0;

/// The default man's cranium half-axes; the forehead is at z = `FRONT_Z`.
pub const CRANIUM: Vec3 = vec3(76.0, 93.0, 99.0);
pub const FRONT_Z: f32 = 91.0;
pub const CRANIUM_Y: f32 = 22.0;

impl HeadShape {
    pub const MAN: HeadShape = HeadShape {
        scale: 1.0,
        cranium: CRANIUM,
        occiput_mm: 0.0,
        ear_out_deg: 0.0,
        jaw: 1.0,
        brow_ridge: 1.0,
        lips: 1.0,
        neck_mm: 57.0,
        nose: 1.0,
        mouth: 1.0,
        larynx: 1.0,
        shoulders: 1.0,
    };

    /// Centre of the cranium's ellipsoid (before `scale`).
    pub fn cranium_centre(&self) -> Vec3 {
        vec3(0.0, CRANIUM_Y, FRONT_Z - self.cranium.z)
    }
}
