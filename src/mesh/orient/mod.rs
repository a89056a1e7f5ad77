//! Which way a head made elsewhere faces, from its shape alone: its plane
//! of symmetry first, then its profile on that plane matched against our
//! head's. Takes a mesh in the file's own units and axes; gives up, front
//! and the file's units per millimetre, each with how sure it is. It must
//! not look at the file's axes: scans come turned any way.

pub mod profile;
pub mod symmetry;

use crate::mesh::HeadMesh;
use glam::Vec3;
use profile::{ProfileFit, fit_profile};
use symmetry::{DistanceGrid, Symmetry, find_symmetry, surface_samples};

/// The orientation found, in the file's coordinates.
#[derive(Clone, Copy, Debug)]
pub struct Orientation {
    pub up: Vec3,
    pub front: Vec3,
    pub units_per_mm: f32,
    pub symmetry: Symmetry,
    pub profile: ProfileFit,
    /// 0 to 1: how clearly the best plane and the best profile match beat
    /// the next best ones.
    pub confidence: f32,
}

pub fn orient(mesh: &HeadMesh) -> Option<Orientation> {
    let samples = surface_samples(mesh, 40_000);
    let grid = DistanceGrid::new(&samples, 80);
    let symmetry = find_symmetry(&samples, &grid)?;
    let profile = fit_profile(mesh, &symmetry.plane)?;
    // Sure when the runner-up is half as bad again, and our profile lies
    // within a few millimetres of the scan's.
    let plane_margin = ((symmetry.runner_up / symmetry.misfit.max(1e-3) - 1.0) / 0.5).clamp(0.0, 1.0);
    let profile_margin = ((profile.runner_up_mm / profile.misfit_mm.max(1e-3) - 1.0) / 0.5).clamp(0.0, 1.0);
    let closeness = ((12.0 - profile.misfit_mm) / 6.0).clamp(0.0, 1.0);
    Some(Orientation {
        up: profile.up,
        front: profile.front,
        units_per_mm: profile.units_per_mm,
        symmetry,
        profile,
        confidence: plane_margin.min(profile_margin).min(closeness),
    })
}
