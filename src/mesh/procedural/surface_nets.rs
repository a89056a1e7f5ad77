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
    surface_nets_where(f, lo, hi, cell, |_| true)
}

/// As `surface_nets`, but only the vertices where `settle` holds are put on
/// the field (others keep the mean of their cell's crossings and an upward
/// normal): for a caller that coarsens them (`coarsen` settles its own).
pub fn surface_nets_where(
    f: &(impl Fn(Vec3) -> f32 + Sync),
    lo: Vec3,
    hi: Vec3,
    cell: f32,
    settle: impl Fn(Vec3) -> bool,
) -> HeadMesh {
    let n = ((hi - lo) / cell).ceil().as_uvec3() + 1;
    let (nx, ny, nz) = (n.x as usize, n.y as usize, n.z as usize);
    let at = |i: usize, j: usize, k: usize| lo + vec3(i as f32, j as f32, k as f32) * cell;
    let idx = |i: usize, j: usize, k: usize| (k * ny + j) * nx + i;
    // Narrow band: sample every COARSE-th point first; a fine point whose
    // nearest coarse sample is farther than BAND from the skin keeps that
    // sample's value (only its sign matters there), so the field is only
    // evaluated in full near the surface: a few times faster.
    const COARSE: usize = 4;
    // A fine point is at most 2 cells from its coarse sample (√3·2 cells);
    // the margin covers fields that are bounds, not exact distances.
    let band = 1.25 * COARSE as f32 * cell;
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
    // Cells are scanned in two slabs at once.
    let corner_offsets = CORNERS.map(|c| idx(c[0], c[1], c[2]));
    let crossings = |k_range: std::ops::Range<usize>| {
        let mut found: Vec<(usize, Vec3)> = Vec::new();
        for k in k_range {
            for j in 0..ny - 1 {
                for i in 0..nx - 1 {
                    let base = idx(i, j, k);
                    let v: [f32; 8] = corner_offsets.map(|o| field[base + o]);
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
                    found.push((idx(i, j, k), sum / count));
                }
            }
        }
        found
    };
    let middle = (nz - 1) / 2;
    let (lower, upper) = std::thread::scope(|s| {
        let lower = s.spawn(|| crossings(0..middle));
        let upper = crossings(middle..nz - 1);
        (lower.join().expect("surface nets slab"), upper)
    });
    let mut cell_vertex: HashMap<usize, u32> = HashMap::with_capacity(lower.len() + upper.len());
    let mut positions = Vec::with_capacity(lower.len() + upper.len());
    for (cell, p) in lower.into_iter().chain(upper) {
        cell_vertex.insert(cell, positions.len() as u32);
        positions.push(p);
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

    // Project onto the surface; the field's gradient is the smooth normal.
    let mut normals = vec![Vec3::Y; positions.len()];
    let settled: Vec<usize> = (0..positions.len()).filter(|&i| settle(positions[i])).collect();
    let mut moved: Vec<Vec3> = settled.iter().map(|&i| positions[i]).collect();
    let mut moved_normals = vec![Vec3::Y; moved.len()];
    project(f, &mut moved, &mut moved_normals, cell, 3);
    for (k, &i) in settled.iter().enumerate() {
        positions[i] = moved[k];
        normals[i] = moved_normals[k];
    }
    HeadMesh { positions, normals, indices, uvs: Vec::new(), colours: Vec::new() }
}

/// Splits every edge with an end where `finer` asks for detail, and the
/// triangles round them (into 2, 3 or 4, so neighbours still share their
/// edges: no cracks), then puts the new vertices on the field. Surface nets
/// find the shape's topology on a grid fine enough for its largest parts;
/// this resolves eyelids, nostrils and lips without meshing a whole head
/// at their scale.
pub fn refine(mesh: &mut HeadMesh, f: &(impl Fn(Vec3) -> f32 + Sync), finer: impl Fn(Vec3) -> bool) {
    let mut midpoints: HashMap<(u32, u32), u32> = HashMap::new();
    let first_new = mesh.positions.len();
    let wanted: Vec<bool> = mesh.positions.iter().map(|&p| finer(p)).collect();
    let mut split = |a: u32, b: u32, positions: &mut Vec<Vec3>| -> Option<u32> {
        let key = (a.min(b), a.max(b));
        if let Some(&m) = midpoints.get(&key) {
            return Some(m);
        }
        if !wanted[a as usize] && !wanted[b as usize] {
            return None;
        }
        let (pa, pb) = (positions[a as usize], positions[b as usize]);
        let m = positions.len() as u32;
        positions.push(0.5 * (pa + pb));
        midpoints.insert(key, m);
        Some(m)
    };
    let mut indices = Vec::with_capacity(mesh.indices.len() * 2);
    for t in mesh.indices.chunks_exact(3) {
        let [a, b, c] = [t[0], t[1], t[2]];
        let mids =
            [split(a, b, &mut mesh.positions), split(b, c, &mut mesh.positions), split(c, a, &mut mesh.positions)];
        match mids {
            [None, None, None] => indices.extend([a, b, c]),
            [Some(ab), Some(bc), Some(ca)] => indices.extend([a, ab, ca, ab, b, bc, ca, bc, c, ab, bc, ca]),
            // One edge split: halve the triangle through the opposite corner.
            [Some(ab), None, None] => indices.extend([a, ab, c, ab, b, c]),
            [None, Some(bc), None] => indices.extend([b, bc, a, bc, c, a]),
            [None, None, Some(ca)] => indices.extend([c, ca, b, ca, a, b]),
            // Two: the corner between them cut off, the rest halved.
            [Some(ab), Some(bc), None] => indices.extend([ab, b, bc, a, ab, bc, a, bc, c]),
            [None, Some(bc), Some(ca)] => indices.extend([bc, c, ca, b, bc, ca, b, ca, a]),
            [Some(ab), None, Some(ca)] => indices.extend([ca, a, ab, c, ca, ab, c, ab, b]),
        }
    }
    mesh.indices = indices;
    mesh.normals.resize(mesh.positions.len(), Vec3::Y);
    // A midpoint moves at most a quarter of the shortest split edge: across
    // a narrow crease Newton's steps can land on the far side.
    let shortest = midpoints.keys().map(|&(a, b)| (mesh.positions[a as usize] - mesh.positions[b as usize]).length());
    let reach = 0.25 * shortest.fold(f32::MAX, f32::min).max(0.05);
    let (_, new_positions) = mesh.positions.split_at_mut(first_new);
    let (_, new_normals) = mesh.normals.split_at_mut(first_new);
    project(f, new_positions, new_normals, reach.max(0.3), 3);
}

/// The field's gradient from four samples on a tetrahedron's corners: as
/// accurate as central differences, in four evaluations, not six.
fn tetrahedral_gradient(f: &(impl Fn(Vec3) -> f32 + ?Sized), p: Vec3) -> Vec3 {
    const CORNERS: [Vec3; 4] =
        [vec3(1.0, -1.0, -1.0), vec3(-1.0, -1.0, 1.0), vec3(-1.0, 1.0, -1.0), vec3(1.0, 1.0, 1.0)];
    let h = 0.15;
    CORNERS.iter().map(|&c| c * f(p + c * h)).sum::<Vec3>() / (4.0 * h)
}

/// `p` moved onto the field's zero by at most `steps` Newton steps, and the
/// gradient there: a step under 10 µm ends them, its gradient read so
/// close to the end that it is the normal (≈ 0.5° off on a 1 mm lid).
fn onto_field(f: &(impl Fn(Vec3) -> f32 + ?Sized), p: Vec3, steps: u32) -> (Vec3, Vec3) {
    let mut q = p;
    for _ in 0..steps {
        let g = tetrahedral_gradient(f, q);
        let step = g * (f(q) / g.length_squared().max(1e-6));
        q -= step;
        if step.length() < 0.01 {
            return (q, g);
        }
    }
    (q, tetrahedral_gradient(f, q))
}

/// Moves points onto the field's zero (Newton steps along the gradient) and
/// gives each the field's normal, in `steps` Newton steps; a point they would
/// take farther than `reach` (mm) stays where it was. Both cores share the
/// work.
fn project(f: &(impl Fn(Vec3) -> f32 + Sync), positions: &mut [Vec3], normals: &mut [Vec3], reach: f32, steps: u32) {
    let half = positions.len() / 2;
    let (p_lo, p_hi) = positions.split_at_mut(half);
    let (n_lo, n_hi) = normals.split_at_mut(half);
    let run = |ps: &mut [Vec3], ns: &mut [Vec3]| {
        for (p, n) in ps.iter_mut().zip(ns.iter_mut()) {
            let start = *p;
            let (q, g) = onto_field(f, start, steps);
            let g = if (q - start).length() <= reach {
                *p = q;
                g
            } else {
                tetrahedral_gradient(f, start)
            };
            *n = g.normalize_or(Vec3::Y);
        }
    };
    std::thread::scope(|s| {
        s.spawn(|| run(p_lo, n_lo));
        run(p_hi, n_hi);
    });
}

/// Merges the vertices where `coarse` holds into clusters on a grid of
/// `cell` mm, each put back on the field, and drops the triangles that
/// collapse: larger triangles where detail is never looked at (the bust),
/// still joined to their finer neighbours, so nothing cracks.
pub fn coarsen(mesh: &mut HeadMesh, f: &(impl Fn(Vec3) -> f32 + Sync), cell: f32, coarse: impl Fn(Vec3) -> bool) {
    let mut cluster_of: HashMap<[i32; 3], u32> = HashMap::new();
    let mut sums: Vec<(Vec3, f32)> = Vec::new();
    let mut remap = vec![0u32; mesh.positions.len()];
    let mut keep: Vec<Vec3> = Vec::new();
    // Kept vertices first, in order; then one per cluster.
    let mut kept_index = vec![u32::MAX; mesh.positions.len()];
    for (i, p) in mesh.positions.iter().enumerate() {
        if !coarse(*p) {
            kept_index[i] = keep.len() as u32;
            keep.push(*p);
        }
    }
    let fine = keep.len() as u32;
    for (i, p) in mesh.positions.iter().enumerate() {
        if kept_index[i] != u32::MAX {
            remap[i] = kept_index[i];
            continue;
        }
        let key = (*p / cell).floor().as_ivec3().to_array();
        let c = *cluster_of.entry(key).or_insert_with(|| {
            sums.push((Vec3::ZERO, 0.0));
            (sums.len() - 1) as u32
        });
        sums[c as usize].0 += *p;
        sums[c as usize].1 += 1.0;
        remap[i] = fine + c;
    }
    let old_normals = std::mem::take(&mut mesh.normals);
    let mut normals: Vec<Vec3> =
        (0..mesh.positions.len()).filter(|&i| kept_index[i] != u32::MAX).map(|i| old_normals[i]).collect();
    keep.extend(sums.iter().map(|(sum, n)| *sum / *n));
    normals.resize(keep.len(), Vec3::Y);
    let (_, clustered) = keep.split_at_mut(fine as usize);
    let (_, clustered_normals) = normals.split_at_mut(fine as usize);
    project(f, clustered, clustered_normals, cell, 3);
    mesh.indices = mesh
        .indices
        .chunks_exact(3)
        .map(|t| [remap[t[0] as usize], remap[t[1] as usize], remap[t[2] as usize]])
        .filter(|t| t[0] != t[1] && t[1] != t[2] && t[2] != t[0])
        .flatten()
        .collect();
    mesh.positions = keep;
    mesh.normals = normals;
}
