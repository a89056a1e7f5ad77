#import common
#import hair

// Splat: every live, visible dot adds its optical density, per colour
// channel, to a screen-space fixed-point buffer with atomicAdd. Addition is
// order-independent, so the frame is deterministic. A dot deposits
// -ln(1 - coverage · (1 - T)) on each pixel it touches: exact for one dot,
// and a sub-pixel dot spreads its area as fractional coverage, so far views
// neither alias nor shimmer.

@group(0) @binding(0) var<uniform> frame: FrameParams;
// The splat's own parameters. Rust twin: `gpu::splat::SplatParams`.
struct SplatParams {
    // Depth (mm) from which each channel's remitted light comes back, red,
    // green, blue: pigment or a shaft at depth z darkens channel c by
    // exp(-z / see_depth_mm.c) of what it would on the surface.
    see_depth_mm: vec3<f32>,
    // How far (mm) a dot may lie behind the skin the raster saw and show.
    depth_bias_mm: f32,
    // How much of the halo each channel takes (`plan::aging::HALO_CHANNELS`).
    halo_channels: vec3<f32>,
    halo_scale: f32,
    dot_count: u32,
    // Workgroups per row of the dot dispatch.
    groups_x: u32,
    // Days since the first session.
    days: f32,
    halo_od: f32,
    veil: VeilGrid,
}
@group(1) @binding(0) var<uniform> stage: SplatParams;
@group(0) @binding(1) var<storage, read> dots: array<Dot>;
@group(0) @binding(2) var<storage, read> sessions: array<SessionParams>;
@group(0) @binding(3) var surface: texture_2d<u32>;
@group(0) @binding(4) var<storage, read_write> optical_density: array<atomic<u32>>;
@group(0) @binding(8) var<storage, read_write> veil: array<atomic<u32>>;

// The aging curve mirrors `plan::aging` (the CPU reference); its
// constants (SCAB_DAYS, SETTLED_DAYS, SCAB_SIZE, SCAB_DARKNESS,
// BLOWOUT_DEPTH_MM, KIND_*) are generated from it.

struct DotLook {
    exists: bool,
    diameter_mm: f32,
    od: f32,
    tint: vec3<f32>,
    halo_scale: f32,
}

// Healing: 1 while the scab holds, falling to 0 by week 4.
fn healing(age_days: f32) -> f32 {
    let t = 1.0 - log(max(age_days, SCAB_DAYS) / SCAB_DAYS) / log(SETTLED_DAYS / SCAB_DAYS);
    return pow(clamp(t, 0.0, 1.0), 1.5);
}

// How a session's dots look `days` after the first session.
fn dot_look(s: SessionParams, days: f32) -> DotLook {
    var look: DotLook;
    let age = days - s.day;
    look.exists = age >= 0.0;
    look.diameter_mm = s.healed_diameter_mm;
    look.od = s.core_od;
    look.halo_scale = stage.halo_scale;
    if s.kind != KIND_PIGMENT {
        // Hair is drawn by hair.wgsl; a scar mark lies on the surface.
        look.tint = vec3(1.0);
        look.halo_scale = 1.0;
        return look;
    }
    let fresh = healing(age);
    let years = age / 365.25;
    let spread = 1.0 + 0.15 * (1.0 - exp(-2.0 * years)) + 0.02 * years;
    let fade = exp(-s.fade_per_year * years);
    let blowout = clamp((s.depth_mm - BLOWOUT_DEPTH_MM) / BLOWOUT_DEPTH_MM, 0.0, 1.0);
    let size = (1.0 + (SCAB_SIZE - 1.0) * fresh) * spread * (1.0 + 2.0 * blowout);
    // Spreading moves the same pigment over more skin (see `plan::aging`).
    let darkness = (1.0 + (SCAB_DARKNESS - 1.0) * fresh) * fade / (spread * spread * (1.0 + 2.5 * blowout));
    // How deep the pigment reads; what each channel loses to it.
    let depth = (s.depth_mm + 0.03 * years + 0.3 * blowout) * (1.0 - fresh);
    look.tint = exp(-depth / stage.see_depth_mm);
    look.diameter_mm = s.healed_diameter_mm * size;
    look.od = s.core_od * darkness;
    look.halo_scale = stage.halo_scale * (1.0 + 0.3 * blowout);
    return look;
}

// HEAT_MAP (a switch, set per variant by `gpu::shaders`): whether this
// pipeline draws a density heat map (an untaken branch still slows CPU
// drivers, so the shader is built both ways).

// Each session's look at this frame's day, made once per frame by
// `session_looks` (below) rather than once per dot: sessions are few, and
// the curve costs a few logarithms and exponentials.
struct SessionLook {
    diameter_mm: f32,
    od: f32,
    halo_scale: f32,
    exists: u32,
    tint: vec4<f32>,
}

// SESSION_SLOTS (from Rust): the plan's sessions, remaining hair (slot
// HAIR_SESSION) and scar marks.
@group(0) @binding(6) var<storage, read> looks: array<SessionLook>;
@group(0) @binding(7) var<storage, read_write> looks_out: array<SessionLook>;

@compute @workgroup_size(32)
fn session_looks(@builtin(local_invocation_index) k: u32) {
    if k < SESSION_SLOTS {
        let look = dot_look(sessions[k], stage.days);
        looks_out[k] = SessionLook(look.diameter_mm, look.od, look.halo_scale, select(0u, 1u, look.exists), vec4(look.tint, 0.0));
    }
}

// Widest footprint a dot may take, in pixels (a 3 mm dot at 25 cm, 1024²).
const MAX_RADIUS_PX: f32 = 24.0;

// Share of a pixel covered by a disc of radius r at distance d from its
// centre; discs below 0.6 px spread the same area over a 0.6 px disc.
fn coverage(d: f32, r: f32) -> f32 {
    let re = max(r, 0.6);
    return clamp(re + 0.5 - d, 0.0, 1.0) * (r * r) / (re * re);
}

// Where a dot lands in the image and whether it shows there: inside the
// image, facing the eye, and not behind the skin (the depth test).
struct OnSkin {
    shows: bool,
    centre: vec2<f32>,
    distance: f32,
    normal: vec3<f32>,
    facing: f32,
}

fn on_skin(d: Dot) -> OnSkin {
    var seen: OnSkin;
    seen.shows = false;
    let clip = frame.view_proj * vec4(d.position, 1.0);
    if clip.w <= 0.0 {
        return seen;
    }
    let ndc = clip.xy / clip.w;
    seen.centre = vec2((ndc.x * 0.5 + 0.5) * f32(frame.width), (0.5 - 0.5 * ndc.y) * f32(frame.height));
    let pixel = vec2<i32>(floor(seen.centre));
    if any(pixel < vec2(0)) || any(pixel >= vec2<i32>(i32(frame.width), i32(frame.height))) {
        return seen;
    }
    let to_eye = frame.eye - d.position;
    seen.distance = length(to_eye);
    seen.normal = decode_normal(d.normal_oct);
    seen.facing = dot(seen.normal, to_eye / seen.distance);
    if seen.facing <= 0.0 {
        return seen;
    }
    let skin = bitcast<f32>(textureLoad(surface, pixel, 0).x);
    seen.shows = skin > 0.0 && seen.distance <= skin + stage.depth_bias_mm;
    return seen;
}

// Takes `absorb` of the light from `area_px` pixels at `centre`, spread
// over the four nearest pixels with bilinear weights: exact for one
// sub-pixel piece.
fn deposit_bilinear(centre: vec2<f32>, area_px: f32, absorb: vec3<f32>) {
    let size = vec2<i32>(i32(frame.width), i32(frame.height));
    let f = centre - 0.5;
    let corner = vec2<i32>(floor(f));
    let t = f - floor(f);
    for (var k = 0; k < 4; k++) {
        let o = vec2(k & 1, k >> 1u);
        let px = corner + o;
        if any(px < vec2(0)) || any(px >= size) {
            continue;
        }
        let w = select(1.0 - t.x, t.x, o.x == 1) * select(1.0 - t.y, t.y, o.y == 1);
        deposit(px, 1.0 - min(w * area_px, 1.0) * absorb);
    }
}

@compute @workgroup_size(64)
fn splat(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = flat_index(gid, stage.groups_x);
    if i >= stage.dot_count {
        return;
    }
    // Dead slots are a quarter of the buffer: skip them on one word.
    if (dots[i].packed & DOT_ALIVE) == 0u {
        return;
    }
    let pigment = dots[i];
    let seen = on_skin(pigment);
    if !seen.shows {
        return;
    }
    let centre = seen.centre;
    let distance = seen.distance;
    let facing = seen.facing;
    let size = vec2<i32>(i32(frame.width), i32(frame.height));

    if HEAT_MAP {
        // Every planned dot as a wide faint disc (hairs and scars left out):
        // the summed density measures dots per skin area.
        if (pigment.packed & DOT_SESSION_MASK) >= HAIR_SESSION || looks[pigment.packed & DOT_SESSION_MASK].exists == 0u {
            return;
        }
        let r = min(0.5 * HEAT_DISC_MM * frame.focal_px / distance * sqrt(facing), MAX_RADIUS_PX);
        let absorb = vec3(1.0 - exp(-HEAT_OD));
        let lo = max(vec2<i32>(floor(centre - r - 0.5)), vec2(0));
        let hi = min(vec2<i32>(floor(centre + r + 0.5)), size - 1);
        for (var y = lo.y; y <= hi.y; y++) {
            for (var x = lo.x; x <= hi.x; x++) {
                let c = coverage(length(vec2<f32>(f32(x), f32(y)) + 0.5 - centre), r);
                if c > 0.0 {
                    deposit(vec2(x, y), 1.0 - c * absorb);
                }
            }
        }
        return;
    }
    let look = looks[min(pigment.packed & DOT_SESSION_MASK, SESSION_SLOTS - 1u)];
    if look.exists == 0u {
        return;
    }
    if (pigment.packed & DOT_SESSION_MASK) == HAIR_SESSION {
        // Drawn by `splat_hairs`, from the scatter's list.
        return;
    }
    // A disc on the skin seen at an angle: keep its projected area.
    let r_core = min(0.5 * look.diameter_mm * pigment.size_jitter * frame.focal_px / distance * sqrt(facing), MAX_RADIUS_PX);
    // A channel loses what its remitted light would have carried past the
    // pigment's depth (`plan::aging::reach`).
    let od_core = look.od * pigment.shade_jitter;
    let absorb_core = look.tint.xyz * (1.0 - exp(-od_core));
    // The halo: the shadow the dermis carries sideways, its disc's worth of
    // density (pixels² × OD) handed to the veil, which compose spreads.
    let r_halo = r_core * look.halo_scale;
    let absorb_halo = look.tint.xyz * stage.halo_channels * (1.0 - exp(-od_core * stage.halo_od));
    deposit_veil(centre, 3.14159265 * r_halo * r_halo * -log(max(1.0 - absorb_halo, vec3(1e-4))));

    if r_core * r_core * 3.14159265 <= 1.0 {
        // Sub-pixel dot (the usual case at conversation distance): its area
        // over the four nearest pixels, the same total coverage as the disc
        // below in 4 pixels instead of 9.
        deposit_bilinear(centre, 3.14159265 * r_core * r_core, absorb_core);
        return;
    }

    let reach = max(r_core, 0.6) + 0.5;
    let lo = max(vec2<i32>(floor(centre - reach)), vec2(0));
    let hi = min(vec2<i32>(floor(centre + reach)), size - 1);
    for (var y = lo.y; y <= hi.y; y++) {
        for (var x = lo.x; x <= hi.x; x++) {
            let c_core = coverage(length(vec2<f32>(f32(x), f32(y)) + 0.5 - centre), r_core);
            if c_core > 0.0 {
                deposit(vec2(x, y), 1.0 - c_core * absorb_core);
            }
        }
    }
}

// Adds `amount` (pixels² × optical density) at `centre` to the veil cell
// it falls in, as density per pixel of the cell (compose smooths it). One
// cell, not four shared bilinearly: that evened the field a little and
// cost a quarter of the splat at 1 M dots on CPU drivers.
fn deposit_veil(centre: vec2<f32>, amount: vec3<f32>) {
    let cell = f32(stage.veil.cell_px);
    let c = vec2<i32>(floor(centre / cell));
    if any(c < vec2(0)) || c.x >= i32(stage.veil.columns) || c.y >= i32(stage.veil.rows) {
        return;
    }
    let fixed = bitcast<vec3<u32>>(vec3<i32>(round(amount / (cell * cell) * OD_FIXED)));
    atomicAdd(&veil[veil_index(c.x, c.y, 0u, stage.veil.columns)], fixed.x);
    atomicAdd(&veil[veil_index(c.x, c.y, 1u, stage.veil.columns)], fixed.y);
    atomicAdd(&veil[veil_index(c.x, c.y, 2u, stage.veil.columns)], fixed.z);
}

// Adds the optical density of transmittance `t` to pixel `p`. Scar marks
// brighten (t > 1, negative density): sums wrap as two's complement and
// compose reads them signed.
fn deposit(p: vec2<i32>, t: vec3<f32>) {
    let od = -log(max(t, vec3(1e-6)));
    let fixed = bitcast<vec3<u32>>(vec3<i32>(round(od * OD_FIXED)));
    let base = 3u * (u32(p.y) * frame.width + u32(p.x));
    atomicAdd(&optical_density[base], fixed.x);
    atomicAdd(&optical_density[base + 1u], fixed.y);
    atomicAdd(&optical_density[base + 2u], fixed.z);
}

// Tests read `dot_look` back through this probe: per entry, a session index
// and a day in; the look out. Rust twin: `gpu::splat::LookProbe`.
struct LookProbe {
    session: u32,
    days: f32,
    exists: u32,
    diameter_mm: f32,
    od: f32,
    halo_scale: f32,
    _pad0: f32,
    _pad1: f32,
    tint: vec4<f32>,
}

@group(0) @binding(5) var<storage, read_write> probes: array<LookProbe>;

@compute @workgroup_size(64)
fn probe_looks(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = gid.x;
    if i >= arrayLength(&probes) {
        return;
    }
    let look = dot_look(sessions[probes[i].session], probes[i].days);
    probes[i].exists = select(0u, 1u, look.exists);
    probes[i].diameter_mm = look.diameter_mm;
    probes[i].od = look.od;
    probes[i].halo_scale = look.halo_scale;
    probes[i].tint = vec4(look.tint, 0.0);
}
