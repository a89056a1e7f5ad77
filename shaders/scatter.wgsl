// Scatter: dots on the skin from the density map.
//
// `place`: candidate i belongs to the triangle whose [first, next) range holds
// it (counts were drawn from a Poisson law of mean bound × area). It lands
// uniformly on the triangle and survives with probability density / bound, so
// the expected number of live dots is the integral of density over the skin.
// `link` + `relax` (a few times): a short-range repulsion in the tangent
// plane spreads Poisson clumps towards blue noise without changing the count.
// Forces are summed in fixed point, so the result does not depend on the
// order atomics filled the cell lists in: the same seed gives the same dots.

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
    let alive = keep * triangle_bound[t] < density_at(chart);

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
    pos_src[i] = vec4(p, select(0.0, 1.0, alive));
}

fn cell_of(p: vec3<f32>) -> vec3<i32> {
    return vec3<i32>(floor(p / params.cell_mm));
}

fn cell_hash(c: vec3<i32>) -> u32 {
    let u = bitcast<vec3<u32>>(c);
    return ((u.x * 73856093u) ^ (u.y * 19349663u) ^ (u.z * 83492791u)) & params.cell_mask;
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

// Chart coordinates of a point near triangle t, by its (possibly
// extrapolated) barycentric coordinates in the triangle's plane.
fn chart_near(t: u32, p: vec3<f32>) -> vec2<f32> {
    let a = vertices[indices[3u * t]];
    let b = vertices[indices[3u * t + 1u]];
    let c = vertices[indices[3u * t + 2u]];
    let e1 = b.position - a.position;
    let e2 = c.position - a.position;
    let d = p - a.position;
    let d11 = dot(e1, e1);
    let d12 = dot(e1, e2);
    let d22 = dot(e2, e2);
    let det = d11 * d22 - d12 * d12;
    let v = (d22 * dot(d, e1) - d12 * dot(d, e2)) / det;
    let w = (d11 * dot(d, e2) - d12 * dot(d, e1)) / det;
    let ca = vec2(a.chart_x, a.chart_y);
    return ca + (vec2(b.chart_x, b.chart_y) - ca) * v + (vec2(c.chart_x, c.chart_y) - ca) * w;
}

const FIXED: f32 = 65536.0;

@compute @workgroup_size(64)
fn relax(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = flat_index(gid, params.groups_x);
    if i >= params.candidate_count {
        return;
    }
    let here = pos_src[i];
    if here.w == 0.0 {
        pos_dst[i] = here;
        return;
    }
    let p = here.xyz;
    let t = dot_triangle[i];
    let spacing = inverseSqrt(max(density_at(chart_near(t, p)), 1e-6));
    let radius = min(params.relax_radius * spacing, params.cell_mm);

    var push = vec3<i32>(0);
    let home = cell_of(p);
    for (var dz = -1; dz <= 1; dz++) {
        for (var dy = -1; dy <= 1; dy++) {
            for (var dx = -1; dx <= 1; dx++) {
                var k = list_head[cell_hash(home + vec3(dx, dy, dz))];
                while k != 0u {
                    let j = k - 1u;
                    k = list_next[j];
                    if j == i {
                        continue;
                    }
                    let d = p - pos_src[j].xyz;
                    let dist = length(d);
                    if dist < radius && dist > 1e-6 {
                        // Linear falloff, in units of the radius.
                        push += vec3<i32>(round(d / dist * (1.0 - dist / radius) * FIXED));
                    }
                }
            }
        }
    }
    let a = vertices[indices[3u * t]].position;
    let b = vertices[indices[3u * t + 1u]].position;
    let c = vertices[indices[3u * t + 2u]].position;
    let n = normalize(cross(b - a, c - a));
    var step = vec3<f32>(push) / FIXED * params.relax_step * radius;
    step -= n * dot(step, n);
    let len = length(step);
    if len > 0.3 * spacing {
        step *= 0.3 * spacing / len;
    }
    var q = p + step;
    // Never push a dot out of the treated region.
    if density_at(chart_near(t, q)) <= 0.0 {
        q = p;
    }
    pos_dst[i] = vec4(q, 1.0);
}

@compute @workgroup_size(64)
fn finish(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = flat_index(gid, params.groups_x);
    if i >= params.candidate_count {
        return;
    }
    dots[i].position = pos_src[i].xyz;
}
