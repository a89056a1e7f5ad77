// Head raster: the skin into depth, a normal target and the distance from
// the eye, which the splat depth-tests dots against.

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

struct SurfaceOut {
    // xyz: unit normal; w: 1 where there is skin.
    @location(0) normal: vec4<f32>,
    // Distance from the eye in mm as f32 bits (float targets are not
    // renderable everywhere); 0 where there is no skin.
    @location(1) distance: u32,
}

@fragment
fn fs_main(in: VertexOut) -> SurfaceOut {
    var out: SurfaceOut;
    out.normal = vec4(normalize(in.normal), 1.0);
    out.distance = bitcast<u32>(length(in.world - frame.eye));
    return out;
}
