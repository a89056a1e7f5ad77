// Definitions shared by every stage; prepended to each stage's source.

// One pigment dot: 32 bytes. Rust twin: `gpu::scatter::GpuDot`.
struct Dot {
    position: vec3<f32>,
    // Octahedral unit normal, two snorm16.
    normal_oct: u32,
    // Rank in [0, 1): the fraction of the local density at which the dot
    // appears; lowering density hides the highest ranks first.
    rank: f32,
    // Multipliers of the session's dot diameter and darkness.
    size_jitter: f32,
    shade_jitter: f32,
    // Bits 0–7: session index; bit 8: alive.
    packed: u32,
}

// DOT_ALIVE and DOT_SESSION_MASK (the bits of `packed`) come from Rust.

// A mesh vertex: 32 bytes. Rust twin: `gpu::mesh::GpuVertex`.
struct Vertex {
    position: vec3<f32>,
    u: f32,
    normal: vec3<f32>,
    v: f32,
}

// PCG hash (Jarzynski & Olano 2020): cheap, well mixed, the same on every GPU.
fn pcg(v: u32) -> u32 {
    let state = v * 747796405u + 2891336453u;
    let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
    return (word >> 22u) ^ word;
}

fn unit_float(h: u32) -> f32 {
    return f32(h >> 8u) * (1.0 / 16777216.0);
}

fn oct_wrap(v: vec2<f32>) -> vec2<f32> {
    return (1.0 - abs(v.yx)) * select(vec2(-1.0), vec2(1.0), v >= vec2(0.0));
}

fn encode_normal(n: vec3<f32>) -> u32 {
    var p = n.xy / (abs(n.x) + abs(n.y) + abs(n.z));
    if n.z < 0.0 {
        p = oct_wrap(p);
    }
    return pack2x16snorm(p);
}

fn decode_normal(packed: u32) -> vec3<f32> {
    let f = unpack2x16snorm(packed);
    var n = vec3(f.x, f.y, 1.0 - abs(f.x) - abs(f.y));
    let t = max(-n.z, 0.0);
    n.x += select(t, -t, n.x >= 0.0);
    n.y += select(t, -t, n.y >= 0.0);
    return normalize(n);
}

// The surface target's normal: octahedral, 12 bits a coordinate, and in
// the top byte the fine relief's tilt towards the sheen's half vector
// (`head.wgsl`), ±SHEEN_TILT_RANGE, 0 exactly at 128.
const SHEEN_TILT_RANGE: f32 = 0.25;

fn encode_surface_normal(n: vec3<f32>, tilt: f32) -> u32 {
    var p = n.xy / (abs(n.x) + abs(n.y) + abs(n.z));
    if n.z < 0.0 {
        p = oct_wrap(p);
    }
    let q = vec2<u32>(round(clamp(p * 0.5 + 0.5, vec2(0.0), vec2(1.0)) * 4095.0));
    let t = u32(round(clamp(tilt / SHEEN_TILT_RANGE, -1.0, 1.0) * 127.0) + 128.0);
    return q.x | (q.y << 12u) | (t << 24u);
}

// A surface's tilt byte of 0 (never a tilt's: those are 1–255) marks a
// wet one, the eye: `encode_surface_normal(..) & WET_SURFACE_MASK`.
const WET_SURFACE_MASK: u32 = 0x00ffffffu;

fn surface_is_wet(packed: u32) -> bool {
    return (packed >> 24u) == 0u;
}

// The unit normal (xyz) and the relief's tilt (w).
fn decode_surface_normal(packed: u32) -> vec4<f32> {
    let f = vec2<f32>(vec2(packed & 4095u, (packed >> 12u) & 4095u)) / 4095.0 * 2.0 - 1.0;
    var n = vec3(f.x, f.y, 1.0 - abs(f.x) - abs(f.y));
    let t = max(-n.z, 0.0);
    n.x += select(t, -t, n.x >= 0.0);
    n.y += select(t, -t, n.y >= 0.0);
    return vec4(normalize(n), (f32(packed >> 24u) - 128.0) / 127.0 * SHEEN_TILT_RANGE);
}

// Global invocation index of a 2-D dispatch of 64-wide workgroups.
fn flat_index(gid: vec3<u32>, groups_x: u32) -> u32 {
    return gid.y * groups_x * 64u + gid.x;
}

// Per-frame camera and look. Rust twin: `gpu::frame::FrameParams`.
struct FrameParams {
    view_proj: mat4x4<f32>,
    eye: vec3<f32>,
    // Focal length in pixels: projected size = size_mm * focal_px / distance.
    focal_px: f32,
    width: u32,
    height: u32,
    groups_x: u32,
    dot_count: u32,
    skin: vec3<f32>,
    // Dermal blur radius (mm) applied to the pigment in compose.
    dermal_blur_mm: f32,
    // Depth (mm) from which each channel's remitted light comes back, red,
    // green, blue: pigment or a shaft at depth z darkens channel c by
    // exp(-z / see_depth_mm.c) of what it would on the surface.
    see_depth_mm: vec3<f32>,
    depth_bias_mm: f32,
    light_dir: vec3<f32>,
    halo_scale: f32,
    // Pixels compose shades, [x0, y0, x1, y1): where the head can be.
    skin_rect: vec4<u32>,
    halo_od: f32,
    // Days since the first session.
    days: f32,
    // Heat maps: dots per skin mm² at the top of the colour scale.
    heat_scale: f32,
    _pad1: f32,
    // Remaining hair (`plan::hair`): shaft colours (linear), the stubble
    // above the skin, the shaft's width, the growth field's centre and
    // whorl, the share of grey hairs.
    hair_albedo: vec3<f32>,
    stubble_mm: f32,
    grey_albedo: vec3<f32>,
    shaft_diameter_mm: f32,
    hair_centre: vec3<f32>,
    grey_share: f32,
    whorl: vec3<f32>,
    _pad2: f32,
    // How much of the halo each channel takes (`plan::aging::HALO_CHANNELS`).
    halo_channels: vec3<f32>,
    // Workgroups per row of the hair dispatch.
    hair_groups_x: u32,
    // The veil (`gpu::frame::FrameTargets::veil`): cell side in pixels,
    // cells per row and per column.
    veil_cell_px: u32,
    veil_columns: u32,
    veil_rows: u32,
    // Live hairs in the scatter's hair list.
    hair_count: u32,
    // What the face has that the scalp has not (`plan::skin::face_tint`);
    // how much blood a full byte of the skin map's blood shows.
    face_tint: vec3<f32>,
    blood_seen: f32,
    // What a unit of blood takes per channel (`plan::skin::BLOOD_ABSORB`).
    blood_absorb: vec3<f32>,
    _pad3: f32,
}

// Where cell (x, y)'s channel c lies in the veil, `columns` cells a row.
fn veil_index(x: i32, y: i32, c: u32, columns: u32) -> u32 {
    return 3u * (u32(y) * columns + u32(x)) + c;
}

// Heat maps splat each dot as a disc this wide (mm) with a small optical
// density, so the sum per pixel measures dots per skin area.
const HEAT_DISC_MM: f32 = 6.0;
const HEAT_OD: f32 = 0.01;

// One session's dots. Rust twin: `plan::aging::SessionParams`.
struct SessionParams {
    day: f32,
    healed_diameter_mm: f32,
    core_od: f32,
    depth_mm: f32,
    fade_per_year: f32,
    kind: u32,
    _pad0: f32,
    _pad1: f32,
}

// Optical density is accumulated in 16.16 fixed point.
const OD_FIXED: f32 = 65536.0;

// The sRGB transfer curve, both ways.
fn srgb_decode(c: vec3<f32>) -> vec3<f32> {
    return select(pow((c + 0.055) / 1.055, vec3(2.4)), c / 12.92, c <= vec3(0.04045));
}

fn srgb_encode(c: vec3<f32>) -> vec3<f32> {
    let lo = c * 12.92;
    let hi = 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055;
    return select(hi, lo, c <= vec3(0.0031308));
}
