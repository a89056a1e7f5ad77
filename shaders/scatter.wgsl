// Scatter: dots on the skin from the density map.
//
// `place`: candidate i belongs to the triangle whose [first, next) range holds
// it (counts: bound × area, randomly rounded on the CPU). It lands
// uniformly on the triangle and survives with probability density / bound, so
// the expected number of live dots is the integral of density over the skin.
// `link` + `relax_search` + `relax_cached` (repeated): a short-range
// repulsion in the tangent plane spreads random clumps towards blue noise
// without changing the count. The first iteration searches the cell lists
// and keeps each dot's neighbours; later ones reuse them (dots move less
// than a third of their spacing per step). Dots near the region's edge are
// pinned, so none is pushed out. Forces are summed in fixed point, so the
// result does not depend on the order atomics filled the lists in: the same
// seed gives the same dots.

struct ScatterParams {
    candidate_count: u32,
    triangle_count: u32,
    groups_x: u32,
    seed: u32,
    density_origin: vec2<f32>,
    density_texel_mm: f32,
    density_width: u32,
    density_height: u32,
    session: u32,
    cell_mm: f32,
    cell_mask: u32,
    // Repulsion radius as a multiple of the local mean spacing.
    relax_radius: f32,
    // Fraction of the push applied per iteration.
    relax_step: f32,
    _pad0: u32,
    _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: ScatterParams;
@group(0) @binding(1) var<storage, read> vertices: array<Vertex>;
@group(0) @binding(2) var<storage, read> indices: array<u32>;
@group(0) @binding(3) var<storage, read> triangle_first: array<u32>;
@group(0) @binding(4) var<storage, read> triangle_bound: array<f32>;
@group(0) @binding(5) var<storage, read> density: array<f32>;
@group(0) @binding(6) var<storage, read_write> dots: array<Dot>;
@group(0) @binding(7) var<storage, read_write> dot_triangle: array<u32>;
@group(0) @binding(8) var<storage, read_write> pos_src: array<vec4<f32>>;
@group(0) @binding(9) var<storage, read_write> pos_dst: array<vec4<f32>>;
@group(0) @binding(10) var<storage, read_write> cell_head: array<atomic<u32>>;
@group(0) @binding(11) var<storage, read_write> cell_next: array<u32>;
// The same lists, read-only for the relax passes: plain loads vectorise
// where atomics do not (lavapipe runs this on the CPU).
@group(0) @binding(12) var<storage, read> list_head: array<u32>;
@group(0) @binding(13) var<storage, read> list_next: array<u32>;
@group(0) @binding(14) var<storage, read> dots_read: array<Dot>;
// NEIGHBOURS slots per dot: index + 1, 0 ends the list.
@group(0) @binding(15) var<storage, read_write> neighbours: array<u32>;

const NEIGHBOURS: u32 = 8u;

fn density_texel(x: i32, y: i32) -> f32 {
    if x < 0 || y < 0 || x >= i32(params.density_width) || y >= i32(params.density_height) {
        return 0.0;
    }
    return density[u32(y) * params.density_width + u32(x)];
}

// Bilinear, zero outside. Mirrors `DensityMap::sample`.
fn density_at(chart: vec2<f32>) -> f32 {
    let f = (chart - params.density_origin) / params.density_texel_mm;
    let base = floor(f);
    let t = f - base;
    let x0 = i32(base.x);
    let y0 = i32(base.y);
    let top = density_texel(x0, y0) * (1.0 - t.x) + density_texel(x0 + 1, y0) * t.x;
    let bottom = density_texel(x0, y0 + 1) * (1.0 - t.x) + density_texel(x0 + 1, y0 + 1) * t.x;
    return top * (1.0 - t.y) + bottom * t.y;
}

fn triangle_of(i: u32) -> u32 {
    // Largest t with triangle_first[t] <= i.
    var lo = 0u;
    var hi = params.triangle_count;
    while hi - lo > 1u {
        let mid = (lo + hi) / 2u;
        if triangle_first[mid] <= i {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return lo;
}

@compute @workgroup_size(64)
fn place(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = flat_index(gid, params.groups_x);
    if i >= params.candidate_count {
        return;
    }
    let t = triangle_of(i);
    let j = i - triangle_first[t];
    let a = vertices[indices[3u * t]];
    let b = vertices[indices[3u * t + 1u]];
    let c = vertices[indices[3u * t + 2u]];

    // Random stream keyed by (seed, session, triangle, index in triangle),
    // so a dot does not move when another triangle's count changes.
    var h = pcg(params.seed ^ pcg(t * 4099u + params.session * 0x9e3779b9u) ^ pcg(j + 0x632be5abu));
    h = pcg(h); let u1 = unit_float(h);
    h = pcg(h); let u2 = unit_float(h);
    h = pcg(h); let keep = unit_float(h);
    h = pcg(h); let rank = unit_float(h);
    h = pcg(h); let size_u = unit_float(h);
    h = pcg(h); let shade_u = unit_float(h);

    let su = sqrt(u1);
    let w = vec3(1.0 - su, su * (1.0 - u2), su * u2);
    let p = a.position * w.x + b.position * w.y + c.position * w.z;
    let n = normalize(a.normal * w.x + b.normal * w.y + c.normal * w.z);
    let chart = vec2(a.chart_x, a.chart_y) * w.x + vec2(b.chart_x, b.chart_y) * w.y
        + vec2(c.chart_x, c.chart_y) * w.z;
    // The bound is negative where the region's edge is near the triangle.
    let bound = triangle_bound[t];
    let alive = keep * abs(bound) < density_at(chart);

    var placed: Dot;
    placed.position = p;
    placed.normal_oct = encode_normal(n);
    placed.rank = rank;
    // Size ±15 %, darkness ±20 % (estimates: hand-placed dots are uneven).
    placed.size_jitter = 0.85 + 0.3 * size_u;
    placed.shade_jitter = 0.8 + 0.4 * shade_u;
    placed.packed = (params.session & 255u) | select(0u, DOT_ALIVE, alive);
    dots[i] = placed;
    dot_triangle[i] = t;
    // w: 0 for a thinned dot, else its local mean spacing (mm), negative
    // when the region's edge is within reach of the relaxation: pinned.
    var spacing_mark = 0.0;
    if alive {
        let spacing = inverseSqrt(max(density_at(chart), 1e-6));
        var pinned = false;
        for (var k = 0u; k < select(0u, 8u, bound < 0.0); k++) {
            let a = f32(k) * 0.7853982;
            if density_at(chart + 1.5 * spacing * vec2(cos(a), sin(a))) <= 0.0 {
                pinned = true;
            }
        }
        spacing_mark = select(spacing, -spacing, pinned);
    }
    pos_src[i] = vec4(p, spacing_mark);
}

fn cell_of(p: vec3<f32>) -> vec3<i32> {
    return vec3<i32>(floor(p / params.cell_mm));
}

fn spread_bits(v: u32) -> u32 {
    var x = v & 0x3ffu;
    x = (x | (x << 16u)) & 0x030000ffu;
    x = (x | (x << 8u)) & 0x0300f00fu;
    x = (x | (x << 4u)) & 0x030c30c3u;
    return (x | (x << 2u)) & 0x09249249u;
}

// Morton code of the cell, wrapped to the table: neighbouring cells land in
// neighbouring slots (cache-friendly); cells a whole period apart share one.
fn cell_hash(c: vec3<i32>) -> u32 {
    let u = bitcast<vec3<u32>>(c);
    return (spread_bits(u.x) | (spread_bits(u.y) << 1u) | (spread_bits(u.z) << 2u)) & params.cell_mask;
}

@compute @workgroup_size(64)
fn link(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = flat_index(gid, params.groups_x);
    if i >= params.candidate_count {
        return;
    }
    let p = pos_src[i];
    if p.w == 0.0 {
        return;
    }
    // Lists hold index + 1, so 0 ends a list.
    cell_next[i] = atomicExchange(&cell_head[cell_hash(cell_of(p.xyz))], i + 1u);
}

const FIXED: f32 = 65536.0;

// Repulsion from one neighbour, linear in the overlap, in fixed point.
fn push_from(p: vec3<f32>, q: vec3<f32>, radius: f32) -> vec3<i32> {
    let d = p - q;
    let dist = length(d);
    if dist >= radius || dist <= 1e-6 {
        return vec3<i32>(0);
    }
    return vec3<i32>(round(d / dist * (1.0 - dist / radius) * FIXED));
}

fn radius_of(w: f32) -> f32 {
    return min(params.relax_radius * abs(w), params.cell_mm);
}

// Moves a free dot along its tangent plane by the summed push.
fn step_dot(i: u32, here: vec4<f32>, push: vec3<i32>) {
    if here.w <= 0.0 {
        pos_dst[i] = here;
        return;
    }
    let spacing = here.w;
    let n = decode_normal(dots_read[i].normal_oct);
    var step = vec3<f32>(push) / FIXED * params.relax_step * radius_of(spacing);
    step -= n * dot(step, n);
    let len = length(step);
    if len > 0.3 * spacing {
        step *= 0.3 * spacing / len;
    }
    pos_dst[i] = vec4(here.xyz + step, here.w);
}

@compute @workgroup_size(64)
fn relax_search(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = flat_index(gid, params.groups_x);
    if i >= params.candidate_count {
        return;
    }
    let here = pos_src[i];
    // The NEIGHBOURS nearest within reach, ties broken by index, so the
    // list does not depend on the order the cell lists were filled in.
    var best_d: array<f32, 8>;
    var best_j: array<u32, 8>;
    for (var k = 0u; k < NEIGHBOURS; k++) {
        best_d[k] = 3.0e38;
        best_j[k] = 0u;
    }
    var push = vec3<i32>(0);
    if here.w != 0.0 {
        let p = here.xyz;
        let radius = radius_of(here.w);
        // Keep neighbours a little beyond the radius: they may drift into it.
        let keep = 1.4 * radius;
        let home = cell_of(p);
        for (var dz = -1; dz <= 1; dz++) {
            for (var dy = -1; dy <= 1; dy++) {
                for (var dx = -1; dx <= 1; dx++) {
                    var k = list_head[cell_hash(home + vec3(dx, dy, dz))];
                    while k != 0u {
                        let j = k - 1u;
                        k = list_next[j];
                        let q = pos_src[j].xyz;
                        let dist = distance(p, q);
                        if j == i || dist >= keep {
                            continue;
                        }
                        push += push_from(p, q, radius);
                        // Insertion into the sorted list of nearest.
                        var cd = dist;
                        var cj = j + 1u;
                        for (var s = 0u; s < NEIGHBOURS; s++) {
                            if cd < best_d[s] || (cd == best_d[s] && cj < best_j[s]) {
                                let td = best_d[s];
                                let tj = best_j[s];
                                best_d[s] = cd;
                                best_j[s] = cj;
                                cd = td;
                                cj = tj;
                            }
                        }
                    }
                }
            }
        }
    }
    for (var k = 0u; k < NEIGHBOURS; k++) {
        neighbours[i * NEIGHBOURS + k] = best_j[k];
    }
    step_dot(i, here, push);
}

@compute @workgroup_size(64)
fn relax_cached(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = flat_index(gid, params.groups_x);
    if i >= params.candidate_count {
        return;
    }
    let here = pos_src[i];
    var push = vec3<i32>(0);
    if here.w != 0.0 {
        let radius = radius_of(here.w);
        for (var k = 0u; k < NEIGHBOURS; k++) {
            let j = neighbours[i * NEIGHBOURS + k];
            if j == 0u {
                break;
            }
            push += push_from(here.xyz, pos_src[j - 1u].xyz, radius);
        }
    }
    step_dot(i, here, push);
}

@compute @workgroup_size(64)
fn finish(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = flat_index(gid, params.groups_x);
    if i >= params.candidate_count {
        return;
    }
    dots[i].position = pos_src[i].xyz;
}
