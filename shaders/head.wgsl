// Head raster: the skin into depth and one surface target holding the
// distance from the eye (which the splat depth-tests dots against) and the
// normal. One integer target: float targets are not renderable everywhere,
// and one load per pixel keeps compose cheap on CPU drivers.

@group(0) @binding(0) var<uniform> frame: FrameParams;

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world: vec3<f32>,
    @location(1) normal: vec3<f32>,
}

@vertex
fn vs_main(@location(0) position: vec3<f32>, @location(1) normal: vec3<f32>) -> VertexOut {
    var out: VertexOut;
    out.clip = frame.view_proj * vec4(position, 1.0);
    out.world = position;
    out.normal = normal;
    return out;
}

// x: distance from the eye (mm) as f32 bits, 0 where there is no skin;
// y: octahedral unit normal.
@fragment
fn fs_main(in: VertexOut) -> @location(0) vec2<u32> {
    return vec2(bitcast<u32>(length(in.world - frame.eye)), encode_normal(normalize(in.normal)));
}
