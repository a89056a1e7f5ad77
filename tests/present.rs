//! The live view's present pass: what the window shows of a head image left
//! on the GPU is exactly the image `smp render` reads back, mirrored when
//! asked, and nothing outside its rect is touched. Rendered headless into
//! an offscreen target of the window's formats.

mod common;

use smp_studio::gpu::present::{PresentPipeline, PresentedImage};
use smp_studio::gpu::readback::read_buffer;
use smp_studio::view::state::Orbit;
use smp_studio::{Plan, View};

const TARGET: [u32; 2] = [448, 300]; // 448 × 4 bytes: rows copy out unpadded
const RECT: [u32; 4] = [40, 30, 320, 240];
const CLEAR: [u8; 4] = [26, 26, 28, 255];

/// Presents the head into a `format` target and reads the target back as RGBA.
fn present(format: wgpu::TextureFormat, mirror: bool) -> (image::RgbaImage, image::RgbaImage) {
    let (scene, mut renderer) = common::renderer(Plan::default());
    let camera = Orbit::from_view(View::ThreeQuarter).camera();
    let day = scene.plan.healed_day();
    let [_, _, w, h] = RECT;
    let expected = renderer.render_at(&camera, w, h, day).expect("render");
    let ctx = renderer.ctx.clone();
    let device = &ctx.device;
    let image = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("head image"),
        size: (w * h * 4) as u64,
        usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    renderer.render_on_gpu(&camera, w, h, day, None, &image).expect("render on the GPU");
    let target = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("window stand-in"),
        size: wgpu::Extent3d { width: TARGET[0], height: TARGET[1], depth_or_array_layers: 1 },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
        view_formats: &[],
    });
    let view = target.create_view(&Default::default());
    let pipeline = PresentPipeline::new(device, format);
    let mut encoder = device.create_command_encoder(&Default::default());
    {
        let clear = CLEAR.map(|c| c as f64 / 255.0);
        let clear = if format.is_srgb() { clear.map(srgb_to_linear) } else { clear };
        let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
            label: Some("present test"),
            color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                view: &view,
                depth_slice: None,
                resolve_target: None,
                ops: wgpu::Operations {
                    load: wgpu::LoadOp::Clear(wgpu::Color { r: clear[0], g: clear[1], b: clear[2], a: 1.0 }),
                    store: wgpu::StoreOp::Store,
                },
            })],
            depth_stencil_attachment: None,
            timestamp_writes: None,
            occlusion_query_set: None,
            multiview_mask: None,
        });
        let presented = PresentedImage { output: &image, width: w, height: h, rect: RECT, mirror };
        pipeline.draw(device, &mut pass, &presented, TARGET);
    }
    let out = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("target readback"),
        size: (TARGET[0] * TARGET[1] * 4) as u64,
        usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::COPY_SRC,
        mapped_at_creation: false,
    });
    encoder.copy_texture_to_buffer(
        target.as_image_copy(),
        wgpu::TexelCopyBufferInfo {
            buffer: &out,
            layout: wgpu::TexelCopyBufferLayout { offset: 0, bytes_per_row: Some(TARGET[0] * 4), rows_per_image: None },
        },
        wgpu::Extent3d { width: TARGET[0], height: TARGET[1], depth_or_array_layers: 1 },
    );
    ctx.submit([encoder.finish()]);
    let mut bytes = read_buffer(&ctx, &out, out.size()).expect("read back");
    if matches!(format, wgpu::TextureFormat::Bgra8Unorm | wgpu::TextureFormat::Bgra8UnormSrgb) {
        for px in bytes.chunks_exact_mut(4) {
            px.swap(0, 2);
        }
    }
    let shown = image::RgbaImage::from_raw(TARGET[0], TARGET[1], bytes).unwrap();
    let expected = if mirror { image::imageops::flip_horizontal(&expected) } else { expected };
    (shown, expected)
}

fn srgb_to_linear(c: f64) -> f64 {
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

/// Largest channel difference inside the rect, and whether every pixel
/// outside it kept the clear colour.
fn check(shown: &image::RgbaImage, expected: &image::RgbaImage) -> (u8, bool) {
    let [x0, y0, w, h] = RECT;
    let mut worst = 0u8;
    let mut outside_kept = true;
    for (x, y, px) in shown.enumerate_pixels() {
        let inside = (x0..x0 + w).contains(&x) && (y0..y0 + h).contains(&y);
        if inside {
            let e = expected.get_pixel(x - x0, y - y0);
            for c in 0..3 {
                worst = worst.max(px[c].abs_diff(e[c]));
            }
        } else if px.0[..3].iter().zip(&CLEAR).any(|(a, b)| a.abs_diff(*b) > 1) {
            outside_kept = false;
        }
    }
    (worst, outside_kept)
}

#[test]
fn the_window_shows_the_rendered_image_byte_for_byte() {
    for format in [wgpu::TextureFormat::Bgra8Unorm, wgpu::TextureFormat::Rgba8Unorm] {
        for mirror in [false, true] {
            let (shown, expected) = present(format, mirror);
            let (worst, outside_kept) = check(&shown, &expected);
            assert_eq!(worst, 0, "{format:?} mirror {mirror}: the window's pixels differ by up to {worst}");
            assert!(outside_kept, "{format:?}: the present pass drew outside its rect");
        }
    }
}

#[test]
fn an_srgb_window_shows_the_same_colours() {
    let (shown, expected) = present(wgpu::TextureFormat::Bgra8UnormSrgb, false);
    let (worst, outside_kept) = check(&shown, &expected);
    assert!(worst <= 1, "decoded and encoded again, the bytes moved by {worst}");
    assert!(outside_kept);
}
