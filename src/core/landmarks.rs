//! The head's landmarks: where its anatomy is in the head frame (mm, +Y
//! up, +Z to the face). Every stage places things from them: the chart
//! projects about the cranium centre, the hairline sits above the brow.

use glam::Vec3;

/// Where a head's anatomy is, in the head frame. The scalp chart
/// and the default hairline are placed from these.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeadLandmarks {
    /// Centre of the cranium: the chart's projection centre.
    pub cranium_centre: Vec3,
    /// Glabella: the brow line on the midline.
    pub brow: Vec3,
    /// Top of the left and right ear where it meets the head.
    pub ear_top_left: Vec3,
    pub ear_top_right: Vec3,
    /// Nape hairline on the midline.
    pub nape: Vec3,
}
