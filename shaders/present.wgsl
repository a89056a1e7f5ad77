#import common

// Present: the head image, left on the GPU by compose as packed sRGB bytes,
// drawn into the live view's window where egui leaves room for it. A render
// pass reading a buffer: no readback, no texture upload, no sRGB sampling
// (on CPU drivers those cost more than the head itself).

// Rust twin: `gpu::present::PresentParams`.
struct PresentParams {
    // Window pixel of the image's top-left corner.
    origin: vec2<i32>,
    // The image's width and height in pixels.
    size: vec2<u32>,
    // 1: mirror left and right (the client's view in a mirror).
    mirror: u32,
    _pad0: u32,
    _pad1: u32,
    _pad2: u32,
}

@group(0) @binding(0) var<uniform> present: PresentParams;
@group(0) @binding(1) var<storage, read> image: array<u32>;

// SRGB_TARGET (a switch): the variant for sRGB swapchains decodes the
// bytes, which the hardware encodes again on write.

// Shown where the window is larger than the image (a resize in flight).
const UNDRAWN: vec3<f32> = vec3<f32>(0.1, 0.1, 0.11);

@vertex
fn vs_main(@builtin(vertex_index) i: u32) -> @builtin(position) vec4<f32> {
    // One triangle over the whole target; the scissor keeps it in its rect.
    let corner = vec2<f32>(f32((i << 1u) & 2u), f32(i & 2u));
    return vec4<f32>(corner * 2.0 - 1.0, 0.0, 1.0);
}

@fragment
fn fs_main(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    let p = vec2<i32>(floor(position.xy)) - present.origin;
    var colour = UNDRAWN;
    if all(p >= vec2(0)) && all(vec2<u32>(p) < present.size) {
        var x = u32(p.x);
        if present.mirror != 0u {
            x = present.size.x - 1u - x;
        }
        colour = unpack4x8unorm(image[u32(p.y) * present.size.x + x]).rgb;
        if SRGB_TARGET {
            colour = srgb_decode(colour);
        }
    } else if SRGB_TARGET {
        colour = srgb_decode(colour);
    }
    return vec4<f32>(colour, 1.0);
}
