//! What raster, splat and compose share of a frame: the camera and image
//! size (`FrameParams`), the veil's grid, and the offscreen targets of one
//! frame size.

use crate::core::camera::Camera;
use crate::core::error::{Result, SmpError};

/// Pixel format of the final image: sRGB-encoded bytes, written by the
/// compose compute pass (sRGB formats cannot be storage textures).
/// Per pixel: eye distance (f32 bits) and octahedral normal with the fine
/// relief's tilt for the sheen: integer, as float targets are not
/// renderable on GL, and one target, one load.
pub const SURFACE_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rg32Uint;
/// Per pixel: the skin's colour (square root of linear light) and the sky
/// it sees. A target of its own: one 128-bit target cost twice the
/// raster's time on CPU drivers.
pub const SKIN_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;
pub const DEPTH_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Depth32Float;
/// Pixels larger than this (mm on the nearest skin) see no pores or
/// relief: the raster then uses its variant without `SKIN_DETAIL`.
pub const SKIN_DETAIL_PIXEL_MM: f32 = 0.15;

/// Studio backdrop, linear RGB, top to bottom of the image.
pub const BACKGROUND_TOP: [f32; 3] = [0.30, 0.31, 0.33];
pub const BACKGROUND_BOTTOM: [f32; 3] = [0.12, 0.12, 0.13];

/// The backdrop as sRGB bytes, rows of `width` RGBA pixels.
fn background_rows(width: u32, height: u32) -> Vec<u8> {
    let padded_row = width * 4;
    let mut bytes = vec![0u8; (padded_row * height) as usize];
    for y in 0..height {
        let v = (y as f32 + 0.5) / height as f32;
        let c = [0, 1, 2].map(|i| {
            let lin = BACKGROUND_TOP[i] + (BACKGROUND_BOTTOM[i] - BACKGROUND_TOP[i]) * v;
            (crate::core::colour::linear_to_srgb(lin) * 255.0).round() as u8
        });
        for x in 0..width {
            let at = (y * padded_row + x * 4) as usize;
            bytes[at..at + 4].copy_from_slice(&[c[0], c[1], c[2], 255]);
        }
    }
    bytes
}

/// What every stage reads of a frame: the camera and the image's size.
/// Each stage's own parameters live with the stage (`raster`, `splat`,
/// `compose`). WGSL twin: `FrameParams` in `shaders/common.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
pub struct FrameParams {
    pub view_proj: [[f32; 4]; 4],
    pub eye: [f32; 3],
    pub focal_px: f32,
    pub width: u32,
    pub height: u32,
    pub _pad: [u32; 2],
}
const _: () = assert!(std::mem::size_of::<FrameParams>() == 96);

impl FrameParams {
    pub fn new(camera: &Camera, width: u32, height: u32) -> Self {
        Self {
            view_proj: camera.view_proj(width as f32 / height as f32).to_cols_array_2d(),
            eye: camera.eye.to_array(),
            focal_px: camera.focal_px(height),
            width,
            height,
            _pad: [0; 2],
        }
    }
}

/// How far red light carries a dot's shadow sideways in the dermis before
/// it comes back out (mm; E, "a millimetre or more", see `HALO_CHANNELS`):
/// the veil's cell side on the skin.
pub const VEIL_MM: f32 = 3.0;
/// The veil's smallest cell (pixels): its buffer is sized for it.
pub const VEIL_MIN_CELL_PX: u32 = 2;
/// Its largest: a macro view keeps the shadow 3 mm wide up to this many
/// pixels (32 made a 5° lens's veil 0.4 mm cells: blue blots round each dot).
pub const VEIL_MAX_CELL_PX: u32 = 512;

/// The veil's grid for one frame (`FrameTargets::veil`): what the splat
/// fills and compose reads, so both stages' parameters carry it. WGSL
/// twin: `VeilGrid` in `shaders/common.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct VeilGrid {
    /// Cell side (pixels).
    pub cell_px: u32,
    pub columns: u32,
    pub rows: u32,
    pub _pad: u32,
}
const _: () = assert!(std::mem::size_of::<VeilGrid>() == 16);

impl VeilGrid {
    /// Cells `VEIL_MM` across on skin `distance_mm` from the eye, covering
    /// an image `width` × `height`.
    pub fn new(focal_px: f32, distance_mm: f32, width: u32, height: u32) -> Self {
        let px = (VEIL_MM * focal_px / distance_mm.max(1.0)).round();
        let cell_px = (px.max(0.0) as u32).clamp(VEIL_MIN_CELL_PX, VEIL_MAX_CELL_PX);
        Self { cell_px, columns: width.div_ceil(cell_px), rows: height.div_ceil(cell_px), _pad: 0 }
    }
}

/// One frame's shared parameters on the GPU, with what the passes'
/// recording needs of the frame on the CPU.
pub struct FrameUniform {
    pub buffer: wgpu::Buffer,
    /// Pixels the head can cover, [x0, y0, x1, y1).
    pub skin_rect: [u32; 4],
    /// Smallest pixel (mm on the skin) in view: the nearest skin's.
    pub nearest_pixel_mm: f32,
    /// A density heat map instead of the skin (`ComposeParams::heat_scale`).
    pub heat: bool,
}

impl FrameUniform {
    pub fn new(
        device: &wgpu::Device,
        params: &FrameParams,
        skin_rect: [u32; 4],
        nearest_pixel_mm: f32,
        heat: bool,
    ) -> Self {
        let buffer = super::uniform_buffer(device, "frame params", params);
        Self { buffer, skin_rect, nearest_pixel_mm, heat }
    }
}

/// The textures and buffers of one frame size.
pub struct FrameTargets {
    pub width: u32,
    pub height: u32,
    pub surface: wgpu::TextureView,
    /// The skin's colour and sky (`SKIN_FORMAT`).
    pub skin: wgpu::TextureView,
    pub depth: wgpu::TextureView,
    /// The image: sRGB RGBA8 pixels packed in u32, rows of `width`. A
    /// buffer, not a storage texture: CPU drivers write it faster, and it
    /// copies out without row padding.
    pub output: wgpu::Buffer,
    /// The backdrop, copied into the output before compose shades the skin.
    pub background: wgpu::Buffer,
    pub optical_density: wgpu::Buffer,
    /// The dots' red shadow carried sideways by the dermis: optical density
    /// (3 × fixed-point u32) on a grid of cells `VEIL_MM` across, read
    /// back smoothly by compose. Sized for the smallest cell.
    pub veil: wgpu::Buffer,
    /// The light the smoothed veil lets through, per cell: red, green and
    /// blue in 10 bits each of one u32.
    pub veil_smooth: wgpu::Buffer,
    /// Where the output is copied to be read back.
    pub staging: wgpu::Buffer,
}

impl FrameTargets {
    /// Checks the size against the device before allocating anything.
    pub fn new(device: &wgpu::Device, width: u32, height: u32) -> Result<Self> {
        let limits = device.limits();
        let max = limits.max_texture_dimension_2d;
        if width == 0 || height == 0 || width > max || height > max {
            return Err(SmpError::Limit {
                what: format!("image size {width}×{height}"),
                problem: format!("each side must be 1 to {max} pixels on this device"),
            });
        }
        // The pigment buffer (3 × u32 per pixel) is the largest binding.
        let od_bytes = width as u64 * height as u64 * 12;
        let od_limit = limits.max_storage_buffer_binding_size.min(limits.max_buffer_size);
        if od_bytes > od_limit {
            return Err(SmpError::Limit {
                what: format!("image size {width}×{height}"),
                problem: format!(
                    "its pigment buffer needs {} MiB, this device binds at most {} MiB: render smaller",
                    od_bytes >> 20,
                    od_limit >> 20
                ),
            });
        }
        let texture = |label, format, usage| {
            device.create_texture(&wgpu::TextureDescriptor {
                label: Some(label),
                size: wgpu::Extent3d { width, height, depth_or_array_layers: 1 },
                mip_level_count: 1,
                sample_count: 1,
                dimension: wgpu::TextureDimension::D2,
                format,
                usage,
                view_formats: &[],
            })
        };
        let view = |t: &wgpu::Texture| t.create_view(&Default::default());
        let surface_texture = texture(
            "surface",
            SURFACE_FORMAT,
            wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::TEXTURE_BINDING,
        );
        let image_bytes = width as u64 * height as u64 * 4;
        let veil_bytes = width.div_ceil(VEIL_MIN_CELL_PX) as u64 * height.div_ceil(VEIL_MIN_CELL_PX) as u64 * 12;
        let output = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("output"),
            size: image_bytes,
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let background = crate::gpu::buffer_init(
            device,
            &wgpu::util::BufferInitDescriptor {
                label: Some("background"),
                contents: &background_rows(width, height),
                usage: wgpu::BufferUsages::COPY_SRC,
            },
        );
        Ok(Self {
            width,
            height,
            surface: view(&surface_texture),
            skin: view(&texture(
                "skin",
                SKIN_FORMAT,
                wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::TEXTURE_BINDING,
            )),
            depth: view(&texture("depth", DEPTH_FORMAT, wgpu::TextureUsages::RENDER_ATTACHMENT)),
            output,
            background,
            optical_density: device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("optical density"),
                size: od_bytes,
                usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            }),
            veil: device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("veil"),
                size: veil_bytes,
                usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            }),
            veil_smooth: device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("veil, smoothed"),
                size: veil_bytes,
                usage: wgpu::BufferUsages::STORAGE,
                mapped_at_creation: false,
            }),
            staging: device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("image readback"),
                size: image_bytes,
                usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
                mapped_at_creation: false,
            }),
        })
    }
}
