// Head raster: the skin into depth and one surface target holding the
// distance from the eye (which the splat depth-tests dots against), the
// normal, and the skin's colour with the share of the sky it sees: the
// plan's skin laid over the head's skin map (scalp, blood, creases), or a
// scan's own texture. Integer targets: float targets are not renderable
// everywhere, and one load per pixel keeps compose cheap on CPU drivers.

@group(0) @binding(0) var<uniform> frame: FrameParams;
// Only the textured pipeline (`fs_textured`) binds these.
@group(0) @binding(1) var skin_texture: texture_2d<f32>;
@group(0) @binding(2) var skin_sampler: sampler;

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) uv: vec2<f32>,
    // The skin map (`chart::skin_map::SkinMap::packed`): blood share,
    // scalp share, sky.
    @location(3) skin: vec4<f32>,
}

@vertex
fn vs_main(
    @location(0) position: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) u: f32,
    @location(3) v: f32,
    @location(4) skin: vec4<f32>,
) -> VertexOut {
    var out: VertexOut;
    out.clip = frame.view_proj * vec4(position, 1.0);
    out.world = position;
    out.normal = normal;
    out.uv = vec2(u, v);
    out.skin = skin;
    return out;
}

// Skin close up (E, from dermatoscope pictures of scalp and face): fine
// relief a few tenths of a millimetre across that breaks up the sheen, and
// pores, follicle openings up to ≈ 100 µm across, 2–3 to the mm² where the skin
// cuts the lattice they lie on,
// a little darker than the skin round them. Both fade out as a pixel
// grows past them, so a far view neither shimmers nor pays for them.
const RELIEF_MM: f32 = 0.7;
const RELIEF_SLOPE: f32 = 0.18;
const PORE_SPACING_MM: f32 = 0.35;
const PORE_RADIUS_MM: f32 = 0.05;
const PORE_DARKNESS: f32 = 0.25;

fn lattice_hash(c: vec3<i32>) -> f32 {
    return unit_float(pcg(bitcast<u32>(c.x) ^ pcg(bitcast<u32>(c.y) ^ pcg(bitcast<u32>(c.z)))));
}

// Value noise and its gradient (x: value; yzw: gradient), trilinear
// between lattice hashes with a smoothstep fade.
fn value_noise(p: vec3<f32>) -> vec4<f32> {
    let c = vec3<i32>(floor(p));
    let f = fract(p);
    let s = f * f * (3.0 - 2.0 * f);
    let ds = 6.0 * f * (1.0 - f);
    let a = lattice_hash(c);
    let b = lattice_hash(c + vec3(1, 0, 0));
    let cc = lattice_hash(c + vec3(0, 1, 0));
    let d = lattice_hash(c + vec3(1, 1, 0));
    let e = lattice_hash(c + vec3(0, 0, 1));
    let g = lattice_hash(c + vec3(1, 0, 1));
    let h = lattice_hash(c + vec3(0, 1, 1));
    let k = lattice_hash(c + vec3(1, 1, 1));
    let k1 = b - a;
    let k2 = cc - a;
    let k3 = e - a;
    let k4 = a - b - cc + d;
    let k5 = a - cc - e + h;
    let k6 = a - b - e + g;
    let k7 = -a + b + cc - d + e - g - h + k;
    let value = a + k1 * s.x + k2 * s.y + k3 * s.z + k4 * s.x * s.y + k5 * s.y * s.z + k6 * s.z * s.x
        + k7 * s.x * s.y * s.z;
    let gradient = ds * vec3(
        k1 + k4 * s.y + k6 * s.z + k7 * s.y * s.z,
        k2 + k4 * s.x + k5 * s.z + k7 * s.x * s.z,
        k3 + k6 * s.x + k5 * s.y + k7 * s.x * s.y,
    );
    return vec4(value, gradient);
}

// How much of a pore covers skin point `p` (mm): one opening anywhere in
// each cell of a lattice (so the skin, cutting it, sees them at random,
// not in rows), looked for in the 27 cells round `p`.
fn pore(p: vec3<f32>) -> f32 {
    let q = p / PORE_SPACING_MM;
    let base = vec3<i32>(floor(q));
    var nearest = 1e9;
    for (var i = 0; i < 27; i++) {
        let c = base + vec3(i % 3 - 1, (i / 3) % 3 - 1, i / 9 - 1);
        let h = pcg(bitcast<u32>(c.x) ^ pcg(bitcast<u32>(c.y) ^ pcg(bitcast<u32>(c.z) ^ 0x9e3779b9u)));
        let jitter = vec3(unit_float(h), unit_float(pcg(h)), unit_float(pcg(h ^ 0x85ebca6bu)));
        nearest = min(nearest, length(vec3<f32>(c) + jitter - q));
    }
    let r = PORE_RADIUS_MM / PORE_SPACING_MM;
    return 1.0 - smoothstep(0.5 * r, r, nearest);
}

struct SkinDetail {
    normal: vec3<f32>,
    shade: f32,
}

fn skin_detail(in: VertexOut, distance: f32) -> SkinDetail {
    var detail = SkinDetail(normalize(in.normal), 1.0);
    let pixel_mm = distance / frame.focal_px;
    if pixel_mm > 0.25 {
        return detail;
    }
    let n = detail.normal;
    let fine = value_noise(in.world / RELIEF_MM).yzw + 0.5 * value_noise(in.world * (2.3 / RELIEF_MM)).yzw;
    let tangent_slope = fine - n * dot(fine, n);
    let relief = RELIEF_SLOPE * (1.0 - smoothstep(0.08, 0.25, pixel_mm));
    detail.normal = normalize(n - relief * tangent_slope);
    if pixel_mm < 0.06 {
        detail.shade = 1.0 - PORE_DARKNESS * pore(in.world) * (1.0 - smoothstep(0.02, 0.06, pixel_mm));
    }
    return detail;
}

// x: distance from the eye (mm) as f32 bits, 0 where there is no skin;
// y: octahedral unit normal; z: the skin's sRGB colour and its sky (A);
// w: the normal with the fine relief, for the sheen only (light diffused
// under the skin over a millimetre does not see the relief).
fn surface_texel(in: VertexOut, colour: vec3<f32>) -> vec4<u32> {
    let distance = length(in.world - frame.eye);
    let detail = skin_detail(in, distance);
    return vec4(
        bitcast<u32>(distance),
        encode_normal(normalize(in.normal)),
        pack4x8unorm(vec4(srgb_encode(colour * detail.shade), in.skin.z)),
        encode_normal(detail.normal),
    );
}

// The plan's skin: the scalp's colour, the face's tan where there was no
// hair, the blood of lips, nose, cheeks and ears (`plan::skin`).
@fragment
fn fs_main(in: VertexOut) -> @location(0) vec4<u32> {
    let tan = mix(frame.face_tint, vec3(1.0), in.skin.y);
    let blood = exp(-frame.blood_absorb * (in.skin.x * frame.blood_seen));
    return surface_texel(in, frame.skin * tan * blood);
}

// A scan's own colour, lit with the sky of its shape.
@fragment
fn fs_textured(in: VertexOut) -> @location(0) vec4<u32> {
    return surface_texel(in, srgb_decode(textureSample(skin_texture, skin_sampler, in.uv).rgb));
}
