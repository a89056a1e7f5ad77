//! Naive surface nets: a signed distance field meshed on a grid, its
//! vertices projected onto the field so normals are its gradient.

use crate::mesh::HeadMesh;
use glam::{Vec3, vec3};
use std::collections::HashMap;

pub fn gradient(f: &(impl Fn(Vec3) -> f32 + ?Sized), p: Vec3) -> Vec3 {
    let h = 0.25;
    vec3(
        f(p + Vec3::X * h) - f(p - Vec3::X * h),
        f(p + Vec3::Y * h) - f(p - Vec3::Y * h),
        f(p + Vec3::Z * h) - f(p - Vec3::Z * h),
    ) / (2.0 * h)
}

/// Naive surface nets: one vertex per grid cell crossed by the surface, one
/// quad per grid edge crossed; vertices are then projected onto the field.
pub fn surface_nets(f: &(impl Fn(Vec3) -> f32 + Sync), lo: Vec3, hi: Vec3, cell: f32) -> HeadMesh {
    let n = ((hi - lo) / cell).ceil().as_uvec3() + 1;
    let (nx, ny, nz) = (n.x as usize, n.y as usize, n.z as usize);
    let at = |i: usize, j: usize, k: usize| lo + vec3(i as f32, j as f32, k as f32) * cell;
    let idx = |i: usize, j: usize, k: usize| (k * ny + j) * nx + i;
    // Narrow band: sample every COARSE-th point first; a fine point whose
    // nearest coarse sample is farther than BAND from the skin keeps that
    // sample's value (only its sign matters there), so the field is only
    // evaluated in full near the surface: a few times faster.
    const COARSE: usize = 4;
    let band = 2.0 * COARSE as f32 * cell;
    let (cx, cy, cz) = (nx.div_ceil(COARSE) + 1, ny.div_ceil(COARSE) + 1, nz.div_ceil(COARSE) + 1);
    let mut coarse = vec![0.0f32; cx * cy * cz];
    for k in 0..cz {
        for j in 0..cy {
            for i in 0..cx {
                coarse[(k * cy + j) * cx + i] = f(at(i * COARSE, j * COARSE, k * COARSE));
            }
        }
    }
    let mut field = vec![0.0f32; nx * ny * nz];
    let slab = |k0: usize, out: &mut [f32]| {
        for (dk, plane) in out.chunks_mut(nx * ny).enumerate() {
            let k = k0 + dk;
            for j in 0..ny {
                for i in 0..nx {
                    let near = |v: usize| (v + COARSE / 2) / COARSE;
                    let c = coarse[(near(k) * cy + near(j)) * cx + near(i)];
                    plane[j * nx + i] = if c.abs() > band { c } else { f(at(i, j, k)) };
                }
            }
        }
    };
    let (lower, upper) = field.split_at_mut((nz / 2) * nx * ny);
    std::thread::scope(|s| {
        s.spawn(|| slab(0, lower));
        slab(nz / 2, upper);
    });

    // One vertex per crossed cell, at the mean of its edge crossings.
    const CORNERS: [[usize; 3]; 8] =
        [[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1]];
    const EDGES: [[usize; 2]; 12] =
        [[0, 1], [2, 3], [4, 5], [6, 7], [0, 2], [1, 3], [4, 6], [5, 7], [0, 4], [1, 5], [2, 6], [3, 7]];
    let mut cell_vertex: HashMap<usize, u32> = HashMap::new();
    let mut positions = Vec::new();
    for k in 0..nz - 1 {
        for j in 0..ny - 1 {
            for i in 0..nx - 1 {
                let v: [f32; 8] = CORNERS.map(|c| field[idx(i + c[0], j + c[1], k + c[2])]);
                let inside = v.iter().filter(|d| **d < 0.0).count();
                if inside == 0 || inside == 8 {
                    continue;
                }
                let mut sum = Vec3::ZERO;
                let mut count = 0.0;
                for [a, b] in EDGES {
                    if (v[a] < 0.0) != (v[b] < 0.0) {
                        let t = v[a] / (v[a] - v[b]);
                        let pa = at(i + CORNERS[a][0], j + CORNERS[a][1], k + CORNERS[a][2]);
                        let pb = at(i + CORNERS[b][0], j + CORNERS[b][1], k + CORNERS[b][2]);
                        sum += pa + (pb - pa) * t;
                        count += 1.0;
                    }
                }
                cell_vertex.insert(idx(i, j, k), positions.len() as u32);
                positions.push(sum / count);
            }
        }
    }

    // One quad per crossed grid edge, joining the four cells around it.
    let mut indices = Vec::new();
    let quad = |cells: [usize; 4], flip: bool, indices: &mut Vec<u32>| {
        let q = cells.map(|c| cell_vertex[&c]);
        let q = if flip { [q[3], q[2], q[1], q[0]] } else { q };
        // Split along the shorter diagonal for better-shaped triangles.
        let p = q.map(|i| positions[i as usize]);
        if (p[0] - p[2]).length_squared() <= (p[1] - p[3]).length_squared() {
            indices.extend_from_slice(&[q[0], q[1], q[2], q[0], q[2], q[3]]);
        } else {
            indices.extend_from_slice(&[q[0], q[1], q[3], q[1], q[2], q[3]]);
        }
    };
    for k in 1..nz - 1 {
        for j in 1..ny - 1 {
            for i in 1..nx - 1 {
                let d0 = field[idx(i, j, k)];
                // Edge along +X: cells around it ordered over (y, z).
                if i + 1 < nx {
                    let d1 = field[idx(i + 1, j, k)];
                    if (d0 < 0.0) != (d1 < 0.0) {
                        let cells = [idx(i, j - 1, k - 1), idx(i, j, k - 1), idx(i, j, k), idx(i, j - 1, k)];
                        quad(cells, d0 >= 0.0, &mut indices);
                    }
                }
                // Edge along +Y: ordered over (z, x).
                if j + 1 < ny {
                    let d1 = field[idx(i, j + 1, k)];
                    if (d0 < 0.0) != (d1 < 0.0) {
                        let cells = [idx(i - 1, j, k - 1), idx(i - 1, j, k), idx(i, j, k), idx(i, j, k - 1)];
                        quad(cells, d0 >= 0.0, &mut indices);
                    }
                }
                // Edge along +Z: ordered over (x, y).
                if k + 1 < nz {
                    let d1 = field[idx(i, j, k + 1)];
                    if (d0 < 0.0) != (d1 < 0.0) {
                        let cells = [idx(i - 1, j - 1, k), idx(i, j - 1, k), idx(i, j, k), idx(i - 1, j, k)];
                        quad(cells, d0 >= 0.0, &mut indices);
                    }
                }
            }
        }
    }

    // Project onto the surface (two Newton steps along the gradient); the
    // field's gradient is the smooth normal. Both cores share the work.
    let mut normals = vec![Vec3::Y; positions.len()];
    let half = positions.len() / 2;
    let (p_lo, p_hi) = positions.split_at_mut(half);
    let (n_lo, n_hi) = normals.split_at_mut(half);
    let project = |ps: &mut [Vec3], ns: &mut [Vec3]| {
        for (p, n) in ps.iter_mut().zip(ns.iter_mut()) {
            let mut g = Vec3::Y;
            for _ in 0..2 {
                g = gradient(f, *p);
                *p -= g * (f(*p) / g.length_squared().max(1e-6));
            }
            *n = g.normalize_or(Vec3::Y);
        }
    };
    std::thread::scope(|s| {
        s.spawn(|| project(p_lo, n_lo));
        project(p_hi, n_hi);
    });
    HeadMesh { positions, normals, indices, uvs: Vec::new() }
}
