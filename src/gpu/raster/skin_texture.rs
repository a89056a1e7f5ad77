//! A scan's skin texture on the GPU, with its mip chain: a 4096² scan
//! texture seen from conversation distance covers a few hundred pixels,
//! and without mips every pixel would pick one texel of pores and stubble
//! (a shimmer as the head turns). Mips are averaged in linear light, so a
//! far view keeps the skin's true brightness.

use crate::core::colour::linear_to_srgb;

use crate::core::colour::srgb_to_linear;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Largest side of a skin texture kept on the GPU: 4096² is 0.2 mm a texel
/// over a head, finer than any dot.
pub const MAX_SKIN_TEXTURE: u32 = 4096;

/// The texture (sRGB bytes kept as they are: compose decodes them after the
/// raster has filtered them) at most `MAX_SKIN_TEXTURE` a side, and a
/// trilinear sampler.
pub fn upload(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    image: &image::RgbaImage,
) -> (wgpu::TextureView, wgpu::Sampler) {
    let limit = MAX_SKIN_TEXTURE.min(device.limits().max_texture_dimension_2d);
    // Borrowed unless it must shrink: a 4096² scan is 64 MB to copy.
    let mut level = if image.width() > limit || image.height() > limit {
        let scale = limit as f32 / image.width().max(image.height()) as f32;
        let (w, h) = ((image.width() as f32 * scale) as u32, (image.height() as f32 * scale) as u32);
        Cow::Owned(image::imageops::resize(image, w.max(1), h.max(1), image::imageops::FilterType::Triangle))
    } else {
        Cow::Borrowed(image)
    };
    let size = wgpu::Extent3d { width: level.width().max(1), height: level.height().max(1), depth_or_array_layers: 1 };
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("skin texture"),
        size,
        mip_level_count: size.max_mips(wgpu::TextureDimension::D2),
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: wgpu::TextureFormat::Rgba8Unorm,
        usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
        view_formats: &[],
    });
    for mip_level in 0..texture.mip_level_count() {
        if mip_level > 0 {
            level = Cow::Owned(half_size(&level));
        }
        let extent = wgpu::Extent3d { width: level.width(), height: level.height(), depth_or_array_layers: 1 };
        queue.write_texture(
            wgpu::TexelCopyTextureInfo {
                texture: &texture,
                mip_level,
                origin: wgpu::Origin3d::ZERO,
                aspect: wgpu::TextureAspect::All,
            },
            level.as_raw(),
            wgpu::TexelCopyBufferLayout { offset: 0, bytes_per_row: Some(4 * extent.width), rows_per_image: None },
            extent,
        );
    }
    let sampler = device.create_sampler(&wgpu::SamplerDescriptor {
        label: Some("skin texture"),
        address_mode_u: wgpu::AddressMode::Repeat,
        address_mode_v: wgpu::AddressMode::Repeat,
        mag_filter: wgpu::FilterMode::Linear,
        min_filter: wgpu::FilterMode::Linear,
        mipmap_filter: wgpu::MipmapFilterMode::Linear,
        ..Default::default()
    });
    (texture.create_view(&Default::default()), sampler)
}

/// The next mip level: half the size (rounded down, at least 1), each texel
/// the average in linear light of the 2×2 (or, along an odd side, 3) texels
/// it covers, so no row or column of the level above is dropped.
pub fn half_size(image: &image::RgbaImage) -> image::RgbaImage {
    // sRGB bytes to linear and back by tables, built once for every level:
    // a 4096² chain encodes 16 M values.
    const STEPS: usize = 16_384;
    static TABLES: OnceLock<(Vec<f32>, Vec<u8>)> = OnceLock::new();
    let (decode, encode) = TABLES.get_or_init(|| {
        let decode = (0..=255).map(|v| srgb_to_linear(v as f32 / 255.0)).collect();
        let encode = (0..=STEPS)
            .map(|k| (linear_to_srgb(k as f32 / STEPS as f32) * 255.0).round().clamp(0.0, 255.0) as u8)
            .collect();
        (decode, encode)
    });
    let (w, h) = image.dimensions();
    let (nw, nh) = ((w / 2).max(1), (h / 2).max(1));
    // Source texels [start, end) along one side for output texel i.
    let spans = |n: u32, src: u32| -> Vec<(usize, usize)> {
        (0..n)
            .map(|i| {
                let start = (i * src / n).min(src - 1);
                let end = if i + 1 == n { src } else { ((i + 1) * src / n).max(start + 1) };
                (start as usize, end as usize)
            })
            .collect()
    };
    let mut out = Vec::with_capacity(4 * (nw * nh) as usize);
    let to_byte = |v: f32| encode[(v.clamp(0.0, 1.0) * STEPS as f32).round() as usize];
    if w % 2 == 0 && h % 2 == 0 {
        // The usual power-of-two texture: exactly 2×2 each, two rows at a time.
        for pair in image.as_raw().chunks_exact(8 * w as usize) {
            let (upper, lower) = pair.split_at(4 * w as usize);
            for (a, b) in upper.chunks_exact(8).zip(lower.chunks_exact(8)) {
                for c in 0..3 {
                    let sum = decode[a[c] as usize]
                        + decode[a[c + 4] as usize]
                        + decode[b[c] as usize]
                        + decode[b[c + 4] as usize];
                    out.push(to_byte(0.25 * sum));
                }
                out.push(((a[3] as u32 + a[7] as u32 + b[3] as u32 + b[7] as u32 + 2) / 4) as u8);
            }
        }
        return image::RgbaImage::from_raw(nw, nh, out).expect("a level's bytes fill it");
    }
    let (columns, rows) = (spans(nw, w), spans(nh, h));
    let source = image.as_raw();
    let stride = 4 * w as usize;
    for &(y0, y1) in &rows {
        for &(x0, x1) in &columns {
            let mut sum = [0.0f32; 4];
            for row in source[y0 * stride..y1 * stride].chunks_exact(stride) {
                for p in row[4 * x0..4 * x1].chunks_exact(4) {
                    sum[0] += decode[p[0] as usize];
                    sum[1] += decode[p[1] as usize];
                    sum[2] += decode[p[2] as usize];
                    sum[3] += p[3] as f32;
                }
            }
            let count = ((y1 - y0) * (x1 - x0)) as f32;
            for v in &sum[..3] {
                out.push(to_byte(v / count));
            }
            out.push((sum[3] / count).round() as u8);
        }
    }
    image::RgbaImage::from_raw(nw, nh, out).expect("a level's bytes fill it")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_is_the_linear_average_of_the_texels_it_covers() {
        // Black and white texels: half the light, which sRGB writes as 188.
        let checker = image::RgbaImage::from_fn(8, 6, |x, y| {
            let v = if (x + y) % 2 == 0 { 255 } else { 0 };
            image::Rgba([v, v, v, 255])
        });
        let half = half_size(&checker);
        assert_eq!(half.dimensions(), (4, 3));
        assert!(half.pixels().all(|p| p.0 == [188, 188, 188, 255]), "{:?}", half.get_pixel(0, 0));
        // An odd side keeps its last column: 3 → 1 averages all three.
        let odd = image::RgbaImage::from_fn(3, 1, |x, _| image::Rgba([if x == 2 { 255 } else { 0 }, 0, 0, 255]));
        let one = half_size(&odd);
        assert_eq!(one.dimensions(), (1, 1));
        assert_eq!(one.get_pixel(0, 0).0[0], (linear_to_srgb(1.0 / 3.0) * 255.0).round() as u8);
        // Down to 1×1 from any size.
        let mut level = image::RgbaImage::new(37, 5);
        let mut levels = 1;
        while level.dimensions() != (1, 1) {
            level = half_size(&level);
            levels += 1;
        }
        let expected =
            wgpu::Extent3d { width: 37, height: 5, depth_or_array_layers: 1 }.max_mips(wgpu::TextureDimension::D2);
        assert_eq!(levels, expected);
    }
}
