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
    // A quarter of a million triangles describe a head's shape to well
    // under a millimetre: a denser scan is looked at through every k-th.
    let k = mesh.triangle_count().div_ceil(250_000).max(1);
    let proxy;
    let mesh = if k > 1 {
        proxy = shape_of(mesh, mesh.indices.chunks_exact(3).step_by(k).flatten().copied().collect());
        &proxy
    } else {
        mesh
    };
    let samples = surface_samples(mesh, 40_000);
    let grid = DistanceGrid::new(&samples, 80);
    let (mut symmetry, candidates) = find_symmetry(&samples, &grid, None)?;
    let mut profile = fit_profile(mesh, &symmetry.plane)?;
    // On a bust or a body the whole's symmetry may not be the head's (a
    // torso is near-symmetric front to back too): once the head is found,
    // the planes found are looked at again within 150 mm of its middle.
    let s = profile.units_per_mm;
    let middle = profile.crown - profile.up * (100.0 * s);
    let near: Vec<u32> = mesh
        .indices
        .chunks_exact(3)
        .filter(|t| t.iter().all(|&i| mesh.positions[i as usize].distance(middle) < 150.0 * s))
        .flatten()
        .copied()
        .collect();
    if near.len() < mesh.indices.len() * 9 / 10 {
        let head = shape_of(mesh, near);
        let samples = surface_samples(&head, 20_000);
        let grid = DistanceGrid::new(&samples, 80);
        if let Some((own, _)) = find_symmetry(&samples, &grid, Some(&candidates))
            && own.plane.normal.dot(symmetry.plane.normal).abs() < 3f32.to_radians().cos()
            && let Some(again) = fit_profile(mesh, &own.plane)
        {
            symmetry = own;
            profile = again;
        }
    }
    // Sure when the next best plane is half as bad again, the next best
    // placement of our profile (turned ≥ 30°) lies on average a millimetre
    // further from the scan's, and ours lies within a few millimetres.
    let plane_margin = ((symmetry.runner_up / symmetry.misfit.max(1e-3) - 1.0) / 0.5).clamp(0.0, 1.0);
    let profile_margin = (profile.runner_up_mm - profile.misfit_mm).clamp(0.0, 1.0);
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

/// Some of a mesh's triangles with its positions, nothing else: all that
/// orientation reads (a scan's normals, colours and coordinates stay put).
fn shape_of(mesh: &HeadMesh, indices: Vec<u32>) -> HeadMesh {
    HeadMesh { positions: mesh.positions.clone(), normals: Vec::new(), indices, uvs: Vec::new(), colours: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use glam::Vec3;

    fn sphere(radius: f32) -> HeadMesh {
        let (rings, segments) = (24u32, 48u32);
        let mut positions = Vec::new();
        for i in 0..=rings {
            let v = std::f32::consts::PI * i as f32 / rings as f32;
            for j in 0..segments {
                let u = std::f32::consts::TAU * j as f32 / segments as f32;
                positions.push(Vec3::new(v.sin() * u.cos(), v.cos(), v.sin() * u.sin()) * radius);
            }
        }
        let mut indices = Vec::new();
        for i in 0..rings {
            for j in 0..segments {
                let k = |i: u32, j: u32| i * segments + j % segments;
                indices.extend([k(i, j), k(i + 1, j), k(i, j + 1), k(i, j + 1), k(i + 1, j), k(i + 1, j + 1)]);
            }
        }
        let normals = positions.iter().map(|p: &Vec3| p.normalize()).collect();
        HeadMesh { positions, normals, indices, uvs: Vec::new(), colours: Vec::new() }
    }

    #[test]
    fn a_ball_has_no_face_and_says_so() {
        // Symmetric about every plane, with no profile of a head: whatever
        // is found must come with a low confidence.
        if let Some(found) = orient(&sphere(100.0)) {
            assert!(found.confidence < 0.5, "{found:?}");
        }
    }

    #[test]
    fn a_scrap_of_a_mesh_finds_nothing_and_does_not_panic() {
        let one = HeadMesh {
            positions: vec![Vec3::ZERO, Vec3::X, Vec3::Y],
            normals: vec![Vec3::Z; 3],
            indices: vec![0, 1, 2],
            uvs: Vec::new(),
            colours: Vec::new(),
        };
        let _ = orient(&one);
        let mut flat = sphere(50.0);
        for p in &mut flat.positions {
            p.y = 0.0;
        }
        let _ = orient(&flat);
    }
}
