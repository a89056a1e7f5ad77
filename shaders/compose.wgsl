#import common

// Compose: shaded skin times the pigment's transmittance exp(-OD), after a
// little dermal blur of the pigment, encoded to sRGB. A compute pass: on
// lavapipe it costs a fraction of the same work as a fragment shader.

@group(0) @binding(0) var<uniform> frame: FrameParams;
// Compose's own parameters. Rust twin: `gpu::compose::ComposeParams`.
struct ComposeParams {
    // Depth (mm) from which each channel's remitted light comes back (see
    // the splat's `SplatParams`).
    see_depth_mm: vec3<f32>,
    // Dermal blur radius (mm) applied to the pigment.
    dermal_blur_mm: f32,
    // Towards the key light.
    light_dir: vec3<f32>,
    // Heat maps: dots per skin mm² at the top of the colour scale.
    heat_scale: f32,
    // Pixels compose shades, [x0, y0, x1, y1): where the head can be.
    skin_rect: vec4<u32>,
    veil: VeilGrid,
}
@group(1) @binding(0) var<uniform> stage: ComposeParams;
@group(0) @binding(1) var surface: texture_2d<u32>;
// The skin's colour (square root of linear light) and sky (`raster.wgsl`).
@group(0) @binding(2) var skin_colour: texture_2d<f32>;
@group(0) @binding(3) var<storage, read> optical_density: array<u32>;
// The dots' sideways shadow on coarse cells (`FrameTargets::veil`), as
// the splat pooled it and as `smooth_veil` smooths it (f32, 3 per cell).
@group(0) @binding(5) var<storage, read> veil: array<u32>;
@group(0) @binding(6) var<storage, read_write> veil_smooth: array<u32>;
// sRGB RGBA8 packed in u32 (red in the low byte), rows of `width`.
@group(0) @binding(4) var<storage, read_write> output: array<u32>;

// Switches (set per variant by `gpu::shaders`): DERMAL_BLUR, whether the
// dermal blur can reach a pixel in this view (even an untaken blur branch
// slows the whole pass by a third on CPU drivers); HEAT_MAP, whether this
// pipeline draws a density heat map.

fn od_at(p: vec2<i32>) -> vec3<f32> {
    let q = clamp(p, vec2(0), vec2(i32(frame.width) - 1, i32(frame.height) - 1));
    let base = 3u * (u32(q.y) * frame.width + u32(q.x));
    let fixed = vec3(optical_density[base], optical_density[base + 1u], optical_density[base + 2u]);
    return vec3<f32>(bitcast<vec3<i32>>(fixed)) / OD_FIXED;
}

// Where the veil's pigment lies (mm): DOMAIN's usual depth, the plan's
// default (`Session::depth_mm`).
const VEIL_DEPTH_MM: f32 = 0.2;
const VEIL_CLOSED: f32 = 1.5;

fn veil_pooled(x: i32, y: i32) -> vec3<f32> {
    let c = clamp(vec2(x, y), vec2(0), vec2(i32(stage.veil.columns) - 1, i32(stage.veil.rows) - 1));
    let fixed = vec3(
        veil[veil_index(c.x, c.y, 0u, stage.veil.columns)],
        veil[veil_index(c.x, c.y, 1u, stage.veil.columns)],
        veil[veil_index(c.x, c.y, 2u, stage.veil.columns)],
    );
    return vec3<f32>(bitcast<vec3<i32>>(fixed)) / OD_FIXED;
}

// Smooths the pooled veil over 3 × 3 cells with binomial weights (1 2 1):
// with the bilinear pooling into cells and compose's bilinear read, a
// smooth bump about two cells across, so a field of dots reads as an even
// shade. (5 × 5 evens the faint clouds seen at 25 cm but carries a narrow
// zone's shade onto the bare skin beside it: a fringe or a temple band
// comes out lighter than the photographs.) Writes the share of light the
// veil lets through, per channel.
@compute @workgroup_size(8, 8)
fn smooth_veil(@builtin(global_invocation_id) gid: vec3<u32>) {
    if gid.x >= stage.veil.columns || gid.y >= stage.veil.rows {
        return;
    }
    let c = vec2<i32>(gid.xy);
    var sum = vec3(0.0);
    for (var k = 0; k < 9; k++) {
        let o = vec2(k % 3 - 1, k / 3 - 1);
        let w = f32((2 - abs(o.x)) * (2 - abs(o.y)));
        sum += w * veil_pooled(c.x + o.x, c.y + o.y);
    }
    let density = sum / 16.0;
    // The veil takes at most what an opaque layer of pigment at its usual
    // depth would (a dark, near-neutral sheet: the helmet), and its own
    // density below that. A field dense enough to close up is one layer for
    // every channel alike, not a red shadow: past ≈ 1.5 of red density (E;
    // a healed field is ≈ 0.25) every channel goes to the layer's darkness.
    let layer = exp(-VEIL_DEPTH_MM / stage.see_depth_mm);
    let closed = 1.0 - exp(-(density.r * density.r) / (VEIL_CLOSED * VEIL_CLOSED));
    let passed = 1.0 - mix(layer * (1.0 - exp(-density / layer)), layer, closed);
    let q = vec3<u32>(round(clamp(passed, vec3(0.0), vec3(1.0)) * 1023.0));
    veil_smooth[u32(c.y) * stage.veil.columns + u32(c.x)] = q.x | (q.y << 10u) | (q.z << 20u);
}

fn veil_cell(x: i32, y: i32) -> vec3<f32> {
    let c = clamp(vec2(x, y), vec2(0), vec2(i32(stage.veil.columns) - 1, i32(stage.veil.rows) - 1));
    let q = veil_smooth[u32(c.y) * stage.veil.columns + u32(c.x)];
    return vec3<f32>(vec3(q & 1023u, (q >> 10u) & 1023u, q >> 20u)) / 1023.0;
}

// The light the veil lets through at pixel `p`, bilinear between cells.
fn veil_at(p: vec2<i32>) -> vec3<f32> {
    let f = (vec2<f32>(p) + 0.5) / f32(stage.veil.cell_px) - 0.5;
    let c = vec2<i32>(floor(f));
    let t = f - floor(f);
    let top = mix(veil_cell(c.x, c.y), veil_cell(c.x + 1, c.y), t.x);
    let bottom = mix(veil_cell(c.x, c.y + 1), veil_cell(c.x + 1, c.y + 1), t.x);
    return mix(top, bottom, t.y);
}

// Runs over `skin_rect` only; the backdrop was copied in beforehand, so
// pixels without skin are left as they are.
@compute @workgroup_size(8, 8)
fn compose(@builtin(global_invocation_id) gid: vec3<u32>) {
    let q = gid.xy + stage.skin_rect.xy;
    if q.x >= stage.skin_rect.z || q.y >= stage.skin_rect.w {
        return;
    }
    let p = vec2<i32>(q);
    let texel = textureLoad(surface, p, 0);
    let skin = texel.xy;
    if skin.x == 0u {
        return;
    }
    var colour: vec3<f32>;
    if HEAT_MAP {
        colour = heat(p, skin);
    } else {
        // The skin's colour and the share of the sky it sees.
        let surface_skin = textureLoad(skin_colour, p, 0);
        colour = shade(p, skin, surface_skin.rgb * surface_skin.rgb, surface_skin.a);
    }
    output[q.y * frame.width + q.x] = pack4x8unorm(vec4(srgb_encode(colour), 1.0));
}

// Viridis (matplotlib's, public domain): `core::colour::viridis`'s stops,
// interpolated in sRGB as the chart's legend is, then decoded.
fn viridis(t: f32) -> vec3<f32> {
    let f = clamp(t, 0.0, 1.0) * 8.0;
    let i = min(u32(f), 7u);
    return srgb_decode(mix(viridis_stop_srgb(i), viridis_stop_srgb(i + 1u), f - f32(i)));
}

// Dots per skin mm² in false colour, lit so the head's shape still reads;
// untreated skin stays grey.
fn heat(p: vec2<i32>, skin: vec2<u32>) -> vec3<f32> {
    let n = decode_surface_normal(skin.y).xyz;
    let per_mm2 = od_at(p).g / (HEAT_OD * 3.14159265 * 0.25 * HEAT_DISC_MM * HEAT_DISC_MM);
    let light = 0.55 + 0.45 * max(dot(n, normalize(stage.light_dir)), 0.0);
    let t = per_mm2 / stage.heat_scale;
    let grey = vec3(0.25);
    return mix(grey, viridis(t), smoothstep(0.0, 0.03, t)) * light;
}

// How far light scattered in the skin wraps round past the terminator,
// red, green, blue (E: the order of skin's diffusion profiles, widest in
// red, as in d'Eon & Luebke's fit, GPU Gems 3 ch. 14).
const SKIN_WRAP: vec3<f32> = vec3(0.45, 0.28, 0.22);
// A shaved scalp's sheen: roughness (E: measured faces 0.3–0.5, Weyrich
// et al. 2006) and the reflectance at normal incidence of skin (n ≈ 1.4).
const SKIN_ROUGHNESS: f32 = 0.42;
const SKIN_F0: f32 = 0.028;
// The tear film over the cornea is smooth: a roughness that keeps its
// catchlight a few pixels wide at portrait sizes.
const EYE_ROUGHNESS: f32 = 0.12;

fn shade(p: vec2<i32>, skin: vec2<u32>, albedo: vec3<f32>, sky: f32) -> vec3<f32> {
    // The normal, and the fine relief's tilt, which only the sheen sees.
    let normal = decode_surface_normal(skin.y);
    let n = normal.xyz;
    let distance = bitcast<f32>(skin.x);

    // Pigment sits in the dermis under a scattering epidermis: blur it by a
    // fixed size on the skin, a Gaussian of that many pixels.
    let sigma = stage.dermal_blur_mm * frame.focal_px / max(distance, 1.0);
    var od = od_at(p);
    if DERMAL_BLUR && sigma > 0.3 {
        // A 3 × 3 Gaussian.
        let s2 = min(sigma, 1.5) * min(sigma, 1.5);
        var sum = vec3(0.0);
        var weight = 0.0;
        for (var k = 0; k < 9; k++) {
            let o = vec2(k % 3 - 1, k / 3 - 1);
            let w = exp(-0.5 * f32(o.x * o.x + o.y * o.y) / s2);
            sum += w * od_at(p + o);
            weight += w;
        }
        od = sum / weight;
    }


    // Studio light that follows the camera: key, headlight fill, sky
    // ambient. Light scattered under the skin wraps past the terminator,
    // red furthest (its diffusion profile is the widest), so the shadow
    // side turns warm and soft, as skin does and plaster does not.
    let view = normalize(frame.eye - vec3(0.0));
    let l = normalize(stage.light_dir);
    let key = max((dot(n, l) + SKIN_WRAP) / (1.0 + SKIN_WRAP), vec3(0.0));
    // A crease sees less of the sky and of the fill, and half as much of
    // the key (the occluder's own shadow, softened: there is no shadow map).
    let fill = 0.25 * max(dot(n, view), 0.0) * sky;
    let ambient = (0.10 + 0.06 * n.y) * sky;
    let diffuse = albedo * (0.85 * key * (0.5 + 0.5 * sky) + fill + ambient);
    // The sheen of a shaved scalp: GGX with skin's roughness and
    // reflectance, its Smith shadowing and Schlick's Fresnel.
    // (Products, not pow: pow is an exp and a log per lane on CPU drivers.)
    let h = normalize(l + view);
    // The eye's tear film: a sharp highlight (the catchlight).
    let wet = surface_is_wet(skin.y);
    let roughness = select(SKIN_ROUGHNESS, EYE_ROUGHNESS, wet);
    let a2 = roughness * roughness * roughness * roughness;
    let nh = clamp(dot(n, h) + normal.w, 0.0, 1.0);
    let lobe = nh * nh * (a2 - 1.0) + 1.0;
    let spread = a2 / (3.14159265 * lobe * lobe);
    let grazing = 1.0 - max(dot(h, view), 0.0);
    let grazing2 = grazing * grazing;
    let fresnel = SKIN_F0 + (1.0 - SKIN_F0) * grazing2 * grazing2 * grazing;
    let nl = max(dot(n, l), 0.0);
    let nv = max(dot(n, view), 1e-3);
    let k = 0.5 * roughness * roughness;
    let shadowing = nl / (nl * (1.0 - k) + k) / (nv * (1.0 - k) + k);
    let sheen = 0.85 * spread * fresnel * shadowing / 4.0;
    let colour = diffuse * exp(-od) * veil_at(p) + vec3(sheen);
    return clamp(colour, vec3(0.0), vec3(1.0));
}
