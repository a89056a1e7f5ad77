#import common

// Scatter: dots on the skin from the density map.
//
// A progressive blue-noise tile (every prefix of its rank order is evenly
// spread) repeats over the scatter plane: the directions from the head's
// centre, projected stereographically, which keeps shapes (conformal), so
// the pattern stays even on the skin. Each invocation takes one candidate
// tile point, puts it on the skin through the chart's ray table, and keeps
// it if its rank is below the fraction of the tile the density there asks
// for (target dots per skin mm² × skin mm² per plane mm² / tile points per
// plane mm²). The dot's rank is its tile rank relative to that fraction, so
// a lower density anywhere keeps a prefix: the same dots, fewer of them,
// still even. No neighbour search, one pass, the same dots for the same
// seed on every device.

struct ScatterParams {
    candidate_count: u32,
    cell_count: u32,
    groups_x: u32,
    seed: u32,
    centre: vec3<f32>,
    plane_scale_mm: f32,
    tile_offset: vec2<f32>,
    tile_period_mm: f32,
    // Tile points per plane mm².
    tile_density: f32,
    density_origin: vec2<f32>,
    density_texel_mm: f32,
    density_width: u32,
    density_height: u32,
    buckets_per_side: u32,
    tile_points: u32,
    skin_rows: u32,
    skin_columns: u32,
    d_phi: f32,
    d_theta: f32,
    phi_max: f32,
    min_tilt_cosine: f32,
    // Entries before the bucket lists in `buckets`: buckets_per_side² + 1.
    bucket_header: u32,
    session_count: u32,
    // Sum of the sessions' shares (1, more with touch-ups).
    total_share: f32,
    _pad0: u32,
    _pad1: u32,
    _pad2: u32,
    _pad3: u32,
    // Cumulative shares: session k places the dots whose share rank lies
    // in [cum_share[k - 1], cum_share[k]).
    cum_share: array<vec4<f32>, 4>,
}

// HAIR_SESSION (from Rust): the session index of remaining hairs, after
// the plan's sessions.

// One entry of the chart's ray table. Rust twin: `chart::surface::GpuSkinSample`.
struct SkinSample {
    radius: f32,
    rho: f32,
    normal_oct: u32,
    _pad: u32,
}

@group(0) @binding(0) var<uniform> params: ScatterParams;
@group(0) @binding(1) var<storage, read> cells: array<vec2<i32>>;
// cell_count + 1 prefix sums: cell c owns candidates [first[c], first[c + 1]).
@group(0) @binding(2) var<storage, read> cell_first: array<u32>;
// Bucket b's tile points are buckets[buckets[b]..buckets[b + 1]] (offsets
// counted from the end of the header), in rank order.
@group(0) @binding(3) var<storage, read> buckets: array<u32>;
// Tile positions in 1/65536 of its side, x low; index = rank order.
@group(0) @binding(4) var<storage, read> tile: array<u32>;
@group(0) @binding(5) var<storage, read> skin: array<SkinSample>;
// Per texel: SMP dots per skin mm², hairs per skin mm², pigment uptake, 0.
@group(0) @binding(6) var<storage, read> density: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> dots: array<Dot>;
// [0]: how many hairs; then their dot indices, in no particular order (the
// splat adds in fixed point, so order does not change a pixel). The splat
// draws hairs in their own dispatch: mixed in with dots, one hair in a
// SIMD group made the whole group wait for it.
@group(0) @binding(8) var<storage, read_write> hair_list: array<atomic<u32>>;

fn density_texel(x: i32, y: i32) -> vec4<f32> {
    if x < 0 || y < 0 || x >= i32(params.density_width) || y >= i32(params.density_height) {
        return vec4(0.0);
    }
    return density[u32(y) * params.density_width + u32(x)];
}

// Bilinear, zero outside. Mirrors `DensityMap::sample_all`.
fn density_at(chart: vec2<f32>) -> vec4<f32> {
    let f = (chart - params.density_origin) / params.density_texel_mm;
    let base = floor(f);
    let t = f - base;
    let x0 = i32(base.x);
    let y0 = i32(base.y);
    let top = density_texel(x0, y0) * (1.0 - t.x) + density_texel(x0 + 1, y0) * t.x;
    let bottom = density_texel(x0, y0 + 1) * (1.0 - t.x) + density_texel(x0 + 1, y0 + 1) * t.x;
    return top * (1.0 - t.y) + bottom * t.y;
}

// Largest c with cell_first[c] <= i, from the cell of i's block of 64
// (stored after the prefix sums); cells hold tens of candidates, so the
// walk is a step or two.
fn cell_of(i: u32) -> u32 {
    var c = cell_first[params.cell_count + 1u + i / 64u];
    while cell_first[c + 1u] <= i {
        c += 1u;
    }
    return c;
}

fn floor_div(a: i32, b: i32) -> i32 {
    return select(a / b, (a - b + 1) / b, a < 0);
}

// Mirrors `ScatterPlane::direction`.
fn plane_direction(q: vec2<f32>) -> vec3<f32> {
    let w = q / params.plane_scale_mm;
    let w2 = dot(w, w);
    return vec3(2.0 * w.x, 1.0 - w2, 2.0 * w.y) / (1.0 + w2);
}

struct SkinPoint {
    radius: f32,
    rho: f32,
    normal: vec3<f32>,
}

// Bilinear in the ray table. Mirrors `ScalpChart::skin_at`.
fn skin_at(phi: f32, theta: f32) -> SkinPoint {
    let fi = phi / params.d_phi;
    let i0 = min(u32(fi), params.skin_rows - 2u);
    let columns = f32(params.skin_columns);
    var ti = (theta + 3.14159265) / params.d_theta;
    ti = ti - floor(ti / columns) * columns;
    let j0 = min(u32(ti), params.skin_columns - 1u);
    let j1 = (j0 + 1u) % params.skin_columns;
    let a = fi - f32(i0);
    let b = ti - floor(ti);
    let s00 = skin[i0 * params.skin_columns + j0];
    let s01 = skin[i0 * params.skin_columns + j1];
    let s10 = skin[(i0 + 1u) * params.skin_columns + j0];
    let s11 = skin[(i0 + 1u) * params.skin_columns + j1];
    let w = vec4((1.0 - a) * (1.0 - b), (1.0 - a) * b, a * (1.0 - b), a * b);
    var out: SkinPoint;
    out.radius = dot(w, vec4(s00.radius, s01.radius, s10.radius, s11.radius));
    out.rho = dot(w, vec4(s00.rho, s01.rho, s10.rho, s11.rho));
    out.normal = normalize(
        w.x * decode_normal(s00.normal_oct) + w.y * decode_normal(s01.normal_oct)
            + w.z * decode_normal(s10.normal_oct) + w.w * decode_normal(s11.normal_oct)
    );
    return out;
}

@compute @workgroup_size(64)
fn scatter(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = flat_index(gid, params.groups_x);
    if i >= params.candidate_count {
        return;
    }
    let c = cell_of(i);
    let cell = cells[c];
    let g = i32(params.buckets_per_side);
    let bucket = u32((cell.y - floor_div(cell.y, g) * g) * g + (cell.x - floor_div(cell.x, g) * g));
    let point = buckets[params.bucket_header + buckets[bucket] + (i - cell_first[c])];
    let packed = tile[point];
    let in_tile = vec2(f32(packed & 0xffffu), f32(packed >> 16u)) * (1.0 / 65536.0);
    let copy = vec2(f32(floor_div(cell.x, g)), f32(floor_div(cell.y, g)));
    let q = (copy + in_tile) * params.tile_period_mm + params.tile_offset;

    let u = plane_direction(q);
    let phi = acos(clamp(u.y, -1.0, 1.0));
    let theta = atan2(-u.x, u.z);
    var placed: Dot;
    placed.position = params.centre;
    placed.normal_oct = 0u;
    placed.rank = 1.0;
    var alive = false;
    var session = 0u;
    var uptake = 1.0;
    if phi <= params.phi_max {
        let s = skin_at(phi, theta);
        let chart = s.rho * vec2(sin(theta), cos(theta));
        let w2 = dot(q, q) / (params.plane_scale_mm * params.plane_scale_mm);
        let solid_angle = 4.0 / (params.plane_scale_mm * params.plane_scale_mm * (1.0 + w2) * (1.0 + w2));
        let area = s.radius * s.radius / max(dot(s.normal, u), params.min_tilt_cosine) * solid_angle;
        let texel = density_at(chart);
        // This point's place on the density ladder (per skin mm²): the
        // first rungs are remaining hairs, then each session's dots.
        let tile_rank = (f32(point) + 0.5) / f32(params.tile_points);
        let ladder = tile_rank * params.tile_density / area;
        alive = ladder < texel.y + texel.x * params.total_share;
        placed.position = params.centre + u * s.radius;
        placed.normal_oct = encode_normal(s.normal);
        if ladder < texel.y {
            session = HAIR_SESSION;
            placed.rank = ladder / texel.y;
        } else {
            // Share rank: lowering a density hides the highest first.
            let share_rank = (ladder - texel.y) / max(texel.x, 1e-9);
            placed.rank = share_rank;
            session = 0u;
            for (var k = 0u; k + 1u < params.session_count; k++) {
                if share_rank >= params.cum_share[k / 4u][k % 4u] {
                    session = k + 1u;
                }
            }
            uptake = texel.z;
        }
    }
    // Jitter keyed by the dot's place in the plane, not its slot.
    let h = pcg(packed ^ pcg(bitcast<u32>(cell.x) ^ pcg(bitcast<u32>(cell.y) ^ params.seed)));
    // Size ±15 %, darkness ±20 % (estimates: hand-placed dots are uneven).
    placed.size_jitter = 0.85 + 0.3 * unit_float(h);
    placed.shade_jitter = (0.8 + 0.4 * unit_float(pcg(h))) * uptake;
    placed.packed = (session & DOT_SESSION_MASK) | select(0u, DOT_ALIVE, alive);
    dots[i] = placed;
    if alive && session == HAIR_SESSION {
        let slot = atomicAdd(&hair_list[0], 1u);
        atomicStore(&hair_list[1u + slot], i);
    }
}
