#import common

// Head raster: the skin into depth and one surface target holding the
// distance from the eye (which the splat depth-tests dots against), the
// normal, and the skin's colour with the share of the sky it sees: the
// plan's skin laid over the head's skin map (scalp, blood, creases), or a
// scan's own texture. Integer targets: float targets are not renderable
// everywhere, and one load per pixel keeps compose cheap on CPU drivers.

@group(0) @binding(0) var<uniform> frame: FrameParams;
// The raster's own parameters. Rust twin: `gpu::raster::RasterParams`.
struct RasterParams {
    // The plan's skin (linear).
    skin: vec3<f32>,
    // How much blood a full byte of the skin map's blood shows through
    // this skin's melanin (`plan::skin::blood_seen` × `MAX_BLOOD`).
    blood_seen: f32,
    // Towards the key light.
    light_dir: vec3<f32>,
    _pad0: f32,
    // What the face has that the scalp has not (`plan::skin::face_tint`).
    face_tint: vec3<f32>,
    _pad1: f32,
    // What a unit of blood takes per channel (`plan::skin::BLOOD_ABSORB`).
    blood_absorb: vec3<f32>,
    _pad2: f32,
}
@group(1) @binding(0) var<uniform> stage: RasterParams;
// Only the textured pipeline (`fs_textured`) binds these.
@group(0) @binding(1) var skin_texture: texture_2d<f32>;
@group(0) @binding(2) var skin_sampler: sampler;

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) uv: vec2<f32>,
    // The skin at this vertex as the surface stores it (the square root
    // of linear light: cheap both ways, as fine as sRGB in the darks): the
    // plan's over the skin map, with the beard, the temples' veins, the
    // lips and the mouth's seam, or a scan's own vertex colour; and the sky it sees
    // (`chart::skin_map::SkinMap::packed`). Everything that is a colour per
    // vertex is folded in here: each value passed on to the fragments costs
    // CPU drivers ≈ 8 % of the raster to interpolate.
    @location(3) skin: vec4<f32>,
    // The eye seen between the lids: its share, and where on the eye's
    // front (iris radii from the pupil's centre); the lash line.
    @location(4) eye: vec4<f32>,
}

// The plan's skin over the skin map (blood share, scalp share, sky): the
// scalp's colour, the face's tan where there was no hair, the blood of
// lips, nose, cheeks and ears (`plan::skin`). Per vertex: it varies over
// centimetres, and the exps stay off the fragments.
fn plan_skin(map: vec4<f32>) -> vec4<f32> {
    let tan = mix(stage.face_tint, vec3(1.0), map.y);
    let blood = exp(-stage.blood_absorb * (map.x * stage.blood_seen));
    return vec4(sqrt(stage.skin * tan * blood), map.z);
}

@vertex
fn vs_main(
    @location(0) position: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) u: f32,
    @location(3) v: f32,
    @location(4) skin: vec4<f32>,
    @location(5) eye_map: vec4<f32>,
    @location(6) vein_map: vec4<f32>,
    @location(7) scan_colour: vec4<f32>,
) -> VertexOut {
    var out: VertexOut;
    out.clip = frame.view_proj * vec4(position, 1.0);
    out.world = position;
    out.normal = normal;
    out.uv = vec2(u, v);
    out.eye = vec4(skin.w, (eye_map.xy * 2.0 - 1.0) * IRIS_RANGE, eye_map.z);
    let planned = plan_skin(skin);
    var colour = planned.rgb;
    let seen = min(stage.blood_seen, 1.0);
    colour *= sqrt(1.0 - BEARD_SHADOW * eye_map.w * seen);
    colour *= sqrt(1.0 - VEIN_TINT * vein_map.x * seen);
    colour *= sqrt(mix(vec3(1.0), LIP_TINT, vein_map.y));
    colour = sqrt(mix(colour * colour, MOUTH_LINE, 0.8 * vein_map.z));
    if scan_colour.w > 0.5 {
        // A vertex-coloured scan: its colours are its skin, as a texture's
        // would be.
        colour = sqrt(srgb_decode(scan_colour.rgb));
    }
    out.skin = vec4(colour, planned.a);
    return out;
}

// Skin close up (E, from dermatoscope pictures of scalp and face): fine
// relief a few tenths of a millimetre across that breaks up the sheen, and
// pores, follicle openings up to ≈ 100 µm across, 2–3 to the mm² where
// the skin cuts the lattice they lie on, a little darker than the skin
// round them. Both fade out as a pixel grows past them.
// SKIN_DETAIL_PIXEL_MM comes from Rust (`gpu::frame`).
const RELIEF_MM: f32 = 0.7;
const RELIEF_SLOPE: f32 = 0.18;
const PORE_SPACING_MM: f32 = 0.35;
const PORE_RADIUS_MM: f32 = 0.05;
const PORE_DARKNESS: f32 = 0.25;

// A hash of lattice cell `c`; `salt` keeps the relief's and the pores'
// lattices apart.
fn cell_hash(c: vec3<i32>, salt: u32) -> u32 {
    return pcg(bitcast<u32>(c.x) ^ pcg(bitcast<u32>(c.y) ^ pcg(bitcast<u32>(c.z) ^ salt)));
}

fn lattice_hash(c: vec3<i32>) -> f32 {
    return unit_float(cell_hash(c, 0u));
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
        let h = cell_hash(c, 0x9e3779b9u);
        let jitter = vec3(unit_float(h), unit_float(pcg(h)), unit_float(pcg(h ^ 0x85ebca6bu)));
        nearest = min(nearest, length(vec3<f32>(c) + jitter - q));
    }
    let r = PORE_RADIUS_MM / PORE_SPACING_MM;
    return 1.0 - smoothstep(0.5 * r, r, nearest);
}

// The skin map packs iris coordinates within ± this many iris radii
// (`chart::skin_map::IRIS_RANGE`).
const IRIS_RANGE: f32 = 3.0;
// The eye's colours (linear): a warm, slightly shaded sclera (E: eye
// photographs read ≈ sRGB 215/205/195 in the open fissure), a brown iris
// with radial fibres and a dark limbal ring, a black pupil 0.3 of the
// iris across.
const SCLERA: vec3<f32> = vec3(0.68, 0.61, 0.55);
const IRIS_BROWN: vec3<f32> = vec3(0.10, 0.045, 0.018);
const PUPIL_SHARE: f32 = 0.305;

fn eye_colour(iris: vec2<f32>) -> vec3<f32> {
    let r = length(iris);
    let a = atan2(iris.y, iris.x);
    let fibres = 0.8 + 0.2 * sin(a * 41.0 + 2.5 * sin(a * 7.0)) * sin(a * 13.0 + 1.0);
    // Lighter round the pupil's collarette, darker at the limbus.
    let collarette = 1.0 + 0.6 * exp(-40.0 * (r - 0.45) * (r - 0.45));
    let limbus = mix(1.0, 0.45, smoothstep(0.8, 1.0, r));
    let iris_colour = IRIS_BROWN * fibres * collarette * limbus;
    let pupil = 1.0 - smoothstep(PUPIL_SHARE - 0.03, PUPIL_SHARE + 0.02, r);
    let inside = 1.0 - smoothstep(0.97, 1.06, r);
    return mix(SCLERA, mix(iris_colour, vec3(0.004), pupil), inside);
}

// The built-in eye's shape (`mesh::procedural::face`): iris radius, the
// ball's half-axes, the cornea's sphere (its centre's offset and radius).
const IRIS_RADIUS_MM: f32 = 5.9;
const EYEBALL: vec3<f32> = vec3(17.0, 12.0, 12.0);
const CORNEA_OFFSET_MM: f32 = 5.4;
const CORNEA_RADIUS_MM: f32 = 7.8;
// How far an eye turns towards the camera (E: a comfortable gaze without
// turning the head is within ≈ 25°).
const GAZE_MAX: f32 = 0.44;

// Iris coordinates with the eye turned to look at the camera: the skin map
// has them for a gaze straight ahead, from which the point's place on the
// ball, and so the ball's centre, follow.
fn gaze_iris(world: vec3<f32>, ahead: vec2<f32>) -> vec2<f32> {
    let xy = ahead * IRIS_RADIUS_MM;
    let r = length(xy);
    let ball = EYEBALL.z * sqrt(max(1.0 - dot(xy / EYEBALL.xy, xy / EYEBALL.xy), 0.0));
    let cornea = CORNEA_OFFSET_MM + sqrt(max(CORNEA_RADIUS_MM * CORNEA_RADIUS_MM - r * r, 0.0));
    // x is outwards from the midline in the skin map: back to the head frame.
    let side = select(-1.0, 1.0, world.x >= 0.0);
    let offset = vec3(xy.x * side, xy.y, max(ball, cornea));
    let to_camera = normalize(frame.eye - (world - offset));
    let tilt = min(acos(clamp(to_camera.z, -1.0, 1.0)), GAZE_MAX);
    let across = to_camera.xy / max(length(to_camera.xy), 1e-6);
    let gaze = vec3(across * sin(tilt), cos(tilt));
    let right = normalize(cross(vec3(0.0, 1.0, 0.0), gaze));
    let up = cross(gaze, right);
    if dot(offset, gaze) <= 0.0 {
        return vec2(IRIS_RANGE);
    }
    return vec2(dot(offset, right) * side, dot(offset, up)) / IRIS_RADIUS_MM;
}

struct SurfaceOut {
    // x: distance from the eye (mm) as f32 bits, 0 where there is no skin;
    // y: the normal, and the fine relief's tilt for the sheen (light
    // diffused under the skin over a millimetre does not see the relief).
    @location(0) surface: vec2<u32>,
    // The skin's colour (square root of linear light) and its sky.
    @location(1) skin: vec4<f32>,
}

// SKIN_DETAIL (a switch, set per variant by `gpu::shaders`): whether this
// pipeline can draw the close-up detail; picked per frame, as an untaken
// branch this size still costs CPU drivers two thirds of the raster's time.

// Close up (under 0.15 mm a pixel) the relief and pores are drawn; a far
// view neither shimmers nor pays for them.
// The lashes' colour where they root along the lid margins (linear).
const LASH: vec3<f32> = vec3(0.018, 0.013, 0.011);

// A shaved beard's shadow: the stubble's shafts in the skin take a little
// of each channel, least of blue (they read blue-grey through the
// epidermis, E: shaved faces photograph 5–10 % darker there), and show
// through melanin as blood does (`stage.blood_seen`).
const BEARD_SHADOW: vec3<f32> = vec3(0.20, 0.18, 0.12);

// The temples' veins (`chart::veins`) take a little of red and green,
// less of blue, through melanin as blood does.
const VEIN_TINT: vec3<f32> = vec3(0.22, 0.15, 0.05);

// The lips' own colour over the blood's (linear, multiplied): the
// vermilion's thin, unkeratinised skin lets more of the blood's colour
// through and scatters less, so it photographs darker and pinker than the
// skin round it (E: light-skinned lips ≈ sRGB 195/120/115 beside skin
// ≈ 230/185/160), and its seam, in shadow.
const LIP_TINT: vec3<f32> = vec3(0.74, 0.60, 0.70);
const MOUTH_LINE: vec3<f32> = vec3(0.045, 0.018, 0.016);

fn surface_out(in: VertexOut, skin_in: vec4<f32>) -> SurfaceOut {
    var skin = skin_in;
    if in.eye.w > 0.0 {
        skin = vec4(sqrt(mix(skin.rgb * skin.rgb, LASH, 0.85 * in.eye.w)), skin.a);
    }
    let distance = length(in.world - frame.eye);
    let n = normalize(in.normal);
    let pixel_mm = distance / frame.focal_px;
    // The eye's colour takes over within the lids' margin, not across a
    // whole triangle of it (a pale fringe on the lid otherwise).
    let eye = smoothstep(0.25, 0.75, in.eye.x);
    if eye > 0.0 {
        let colour = sqrt(mix(skin.rgb * skin.rgb, eye_colour(gaze_iris(in.world, in.eye.yz)), eye));
        // The eye: wet (compose gives it a sharp highlight), no pores.
        var normal = encode_surface_normal(n, 0.0);
        if eye > 0.5 {
            normal = normal & WET_SURFACE_MASK;
        }
        return SurfaceOut(vec2(bitcast<u32>(distance), normal), vec4(colour, skin.a));
    }
    if !SKIN_DETAIL || pixel_mm > SKIN_DETAIL_PIXEL_MM {
        return SurfaceOut(vec2(bitcast<u32>(distance), encode_surface_normal(n, 0.0)), skin);
    }
    let fine = value_noise(in.world / RELIEF_MM).yzw + 0.5 * value_noise(in.world * (2.3 / RELIEF_MM)).yzw;
    let relief = RELIEF_SLOPE * (1.0 - smoothstep(0.06, SKIN_DETAIL_PIXEL_MM, pixel_mm));
    let relieved = normalize(n - relief * (fine - n * dot(fine, n)));
    let half_vector = normalize(normalize(stage.light_dir) + (frame.eye - in.world) / distance);
    let tilt = dot(relieved - n, half_vector);
    var shade = 1.0;
    if pixel_mm < 0.06 {
        shade = 1.0 - PORE_DARKNESS * pore(in.world) * (1.0 - smoothstep(0.02, 0.06, pixel_mm));
    }
    return SurfaceOut(
        vec2(bitcast<u32>(distance), encode_surface_normal(n, tilt)),
        vec4(skin.rgb * sqrt(shade), skin.a),
    );
}

@fragment
fn fs_main(in: VertexOut) -> SurfaceOut {
    return surface_out(in, in.skin);
}

// A scan's own colour (sRGB), lit with the sky of its shape.
@fragment
fn fs_textured(in: VertexOut) -> SurfaceOut {
    let colour = sqrt(srgb_decode(textureSample(skin_texture, skin_sampler, in.uv).rgb));
    return surface_out(in, vec4(colour, in.skin.a));
}
