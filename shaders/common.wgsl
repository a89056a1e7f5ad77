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
// (`raster.wgsl`), ±SHEEN_TILT_RANGE, 0 exactly at 128.
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

// What every stage reads of a frame: the camera and the image's size.
// Each stage's own parameters sit beside it, at `@group(1)`, in the
// stage's file (re_renderer's habit). Rust twin: `gpu::frame::FrameParams`.
struct FrameParams {
    view_proj: mat4x4<f32>,
    eye: vec3<f32>,
    // Focal length in pixels: projected size = size_mm * focal_px / distance.
    focal_px: f32,
    width: u32,
    height: u32,
    _pad0: u32,
    _pad1: u32,
}

// The veil's grid this frame (`gpu::frame::FrameTargets::veil`), which
// the splat fills and compose reads: cell side in pixels, cells per row
// and per column. Rust twin: `gpu::frame::VeilGrid`.
struct VeilGrid {
    cell_px: u32,
    columns: u32,
    rows: u32,
    _pad: u32,
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
