// Splat: every live, visible dot adds its optical density, per colour
// channel, to a screen-space fixed-point buffer with atomicAdd. Addition is
// order-independent, so the frame is deterministic. A dot deposits
// -ln(1 - coverage · (1 - T)) on each pixel it touches: exact for one dot,
// and a sub-pixel dot spreads its area as fractional coverage, so far views
// neither alias nor shimmer.

@group(0) @binding(0) var<uniform> frame: FrameParams;
@group(0) @binding(1) var<storage, read> dots: array<Dot>;
@group(0) @binding(2) var<storage, read> sessions: array<SessionLook>;
@group(0) @binding(3) var surface: texture_2d<u32>;
@group(0) @binding(4) var<storage, read_write> optical_density: array<atomic<u32>>;

// Widest footprint a dot may take, in pixels (a 3 mm dot at 25 cm, 1024²).
const MAX_RADIUS_PX: f32 = 24.0;

// Share of a pixel covered by a disc of radius r at distance d from its
// centre; discs below 0.6 px spread the same area over a 0.6 px disc.
fn coverage(d: f32, r: f32) -> f32 {
    let re = max(r, 0.6);
    return clamp(re + 0.5 - d, 0.0, 1.0) * (r * r) / (re * re);
}

@compute @workgroup_size(64)
fn splat(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = flat_index(gid, frame.groups_x);
    if i >= frame.dot_count {
        return;
    }
    // Dead slots are a quarter of the buffer: skip them on one word.
    if (dots[i].packed & DOT_ALIVE) == 0u {
        return;
    }
    let pigment = dots[i];
    let clip = frame.view_proj * vec4(pigment.position, 1.0);
    if clip.w <= 0.0 {
        return;
    }
    let ndc = clip.xy / clip.w;
    let centre = vec2((ndc.x * 0.5 + 0.5) * f32(frame.width), (0.5 - 0.5 * ndc.y) * f32(frame.height));
    let pixel = vec2<i32>(floor(centre));
    let size = vec2<i32>(i32(frame.width), i32(frame.height));
    if any(pixel < vec2(0)) || any(pixel >= size) {
        return;
    }
    let to_eye = frame.eye - pigment.position;
    let distance = length(to_eye);
    let facing = dot(decode_normal(pigment.normal_oct), to_eye / distance);
    if facing <= 0.0 {
        return;
    }
    // Depth test against the skin: dots behind the head never show.
    let skin = bitcast<f32>(textureLoad(surface, pixel, 0).x);
    if skin <= 0.0 || distance > skin + frame.depth_bias_mm {
        return;
    }

    let look = sessions[pigment.packed & 255u];
    // A disc on the skin seen at an angle: keep its projected area.
    let r_core = min(0.5 * look.dot_diameter_mm * pigment.size_jitter * frame.focal_px / distance * sqrt(facing), MAX_RADIUS_PX);
    let r_halo = min(r_core * frame.halo_scale, MAX_RADIUS_PX);
    let od_core = look.core_od * pigment.shade_jitter * frame.pigment_tint;
    let absorb_core = 1.0 - exp(-od_core);
    let absorb_halo = 1.0 - exp(-od_core * frame.halo_od);

    if r_halo * r_halo * 3.14159265 <= 1.0 {
        // Sub-pixel dot (the usual case at conversation distance): spread its
        // area over the four nearest pixels with bilinear weights. The same
        // total coverage as the disc below, in 4 pixels instead of 9.
        let area_core = 3.14159265 * r_core * r_core;
        let area_halo = 3.14159265 * r_halo * r_halo;
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
            deposit(px, (1.0 - w * area_core * absorb_core) * (1.0 - w * area_halo * absorb_halo));
        }
        return;
    }

    let reach = max(r_halo, 0.6) + 0.5;
    let lo = max(vec2<i32>(floor(centre - reach)), vec2(0));
    let hi = min(vec2<i32>(floor(centre + reach)), size - 1);
    for (var y = lo.y; y <= hi.y; y++) {
        for (var x = lo.x; x <= hi.x; x++) {
            let d = length(vec2<f32>(f32(x), f32(y)) + 0.5 - centre);
            let c_core = coverage(d, r_core);
            let c_halo = coverage(d, r_halo);
            if c_core <= 0.0 && c_halo <= 0.0 {
                continue;
            }
            deposit(vec2(x, y), (1.0 - c_core * absorb_core) * (1.0 - c_halo * absorb_halo));
        }
    }
}

// Adds the optical density of transmittance `t` to pixel `p`.
fn deposit(p: vec2<i32>, t: vec3<f32>) {
    let od = -log(max(t, vec3(1e-6)));
    let base = 3u * (u32(p.y) * frame.width + u32(p.x));
    atomicAdd(&optical_density[base], u32(od.r * OD_FIXED + 0.5));
    atomicAdd(&optical_density[base + 1u], u32(od.g * OD_FIXED + 0.5));
    atomicAdd(&optical_density[base + 2u], u32(od.b * OD_FIXED + 0.5));
}
