// Head raster: the skin into depth and one surface target holding the
// distance from the eye (which the splat depth-tests dots against) and the
// normal, and for a head with its own skin texture (a scan) the skin's
// colour. Integer targets: float targets are not renderable everywhere, and
// one load per pixel keeps compose cheap on CPU drivers.

@group(0) @binding(0) var<uniform> frame: FrameParams;
// Only the textured pipeline (`fs_textured`) binds these.
@group(0) @binding(1) var skin_texture: texture_2d<f32>;
@group(0) @binding(2) var skin_sampler: sampler;

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) uv: vec2<f32>,
}

@vertex
fn vs_main(
    @location(0) position: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) u: f32,
    @location(3) v: f32,
) -> VertexOut {
    var out: VertexOut;
    out.clip = frame.view_proj * vec4(position, 1.0);
    out.world = position;
    out.normal = normal;
    out.uv = vec2(u, v);
    return out;
}

// x: distance from the eye (mm) as f32 bits, 0 where there is no skin;
// y: octahedral unit normal.
@fragment
fn fs_main(in: VertexOut) -> @location(0) vec2<u32> {
    return vec2(bitcast<u32>(length(in.world - frame.eye)), encode_normal(normalize(in.normal)));
}

// As `fs_main`, and z: the skin texture's sRGB colour, packed RGBA8.
@fragment
fn fs_textured(in: VertexOut) -> @location(0) vec4<u32> {
    let colour = textureSample(skin_texture, skin_sampler, in.uv);
    return vec4(
        bitcast<u32>(length(in.world - frame.eye)),
        encode_normal(normalize(in.normal)),
        pack4x8unorm(colour),
        0u,
    );
}
