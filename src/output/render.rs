//! The offscreen renderer: scatter once per plan, then any number of frames.

use crate::core::camera::Camera;
use crate::core::error::{Result, SmpError};
use crate::gpu::GpuContext;
use crate::gpu::compose::{ComposeParams, ComposePipeline};
use crate::gpu::dot::{DOT_ALIVE, SESSION_SLOTS};
use crate::gpu::frame::{FrameParams, FrameTargets, FrameUniform, VeilGrid};
use crate::gpu::mesh::HeadBuffers;
use crate::gpu::raster::{RasterParams, RasterPipeline};
use crate::gpu::readback::ImageReadback;
use crate::gpu::scatter::blue_noise::BlueNoiseTile;
use crate::gpu::scatter::cells::{BASE_TILE_DENSITY, ScatterCells};
use crate::gpu::scatter::{DotSet, GpuDot, HAIR_SESSION, SCAR_SESSION, ScatterHead, ScatterJob, ScatterPipeline};
use crate::gpu::splat::{HairParams, SplatJob, SplatParams, SplatPipeline};
use crate::plan::Placement;
use crate::plan::Plan;
use crate::plan::aging::SessionParams;
use crate::plan::scene::HeadScene;
use std::time::{Duration, Instant};

/// Farthest the head reaches from the camera's target towards a camera (mm): the chin.
const HEAD_REACH_MM: f32 = 150.0;

/// Wall time of each stage of one frame, each submitted and waited for alone.
#[derive(Clone, Copy, Debug, Default)]
pub struct StageTimes {
    pub raster: Duration,
    pub splat: Duration,
    pub compose: Duration,
    pub readback: Duration,
}

/// What a frame draws on the skin: the SMP (with scar marks) and the
/// remaining hair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layers {
    pub pigment: bool,
    pub hair: bool,
}

impl Layers {
    pub const ALL: Layers = Layers { pigment: true, hair: true };
    pub const NONE: Layers = Layers { pigment: false, hair: false };
}

/// One frame's parameters: the uniform every stage shares, and each
/// stage's own.
struct FrameStages {
    frame: FrameUniform,
    raster: RasterParams,
    splat: SplatParams,
    hair: HairParams,
    compose: ComposeParams,
}

pub struct Renderer {
    pub ctx: GpuContext,
    scatter: ScatterPipeline,
    raster: RasterPipeline,
    splat: SplatPipeline,
    compose: ComposePipeline,
    head: HeadBuffers,
    scatter_head: ScatterHead,
    /// The training plans' grid, made when a plan asks for it.
    grid_head: Option<ScatterHead>,
    dots: DotSet,
    /// Whether `dots` holds `plan`'s scatter yet.
    scattered: bool,
    sessions: wgpu::Buffer,
    plan: Plan,
    /// The head's bounding box, to limit compose to where skin can be.
    head_bounds: (glam::Vec3, glam::Vec3),
    layers: Layers,
    /// Where the hair's growth field is centred: the cranium's centre.
    hair_centre: glam::Vec3,
    /// The landmarks the skin map on the GPU was laid out from.
    skin_landmarks: crate::core::landmarks::HeadLandmarks,
    targets: Option<FrameTargets>,
}

impl Renderer {
    /// Uploads the head and scatters the plan's dots.
    pub fn new(ctx: GpuContext, scene: &HeadScene) -> Result<Self> {
        crate::gpu::mesh::check_fits(scene.mesh.positions.len(), scene.mesh.triangle_count(), &ctx.limits())?;
        let device = &ctx.device;
        let mut renderer = Self {
            scatter: ScatterPipeline::new(device),
            raster: RasterPipeline::new(device, &ctx.queue, scene.albedo.as_deref()),
            splat: SplatPipeline::new(device),
            compose: ComposePipeline::new(device),
            head: HeadBuffers::new(device, &scene.mesh, &scene.skin),
            scatter_head: ScatterHead::new(device, &scene.chart, BlueNoiseTile::builtin()),
            grid_head: None,
            scattered: false,
            dots: DotSet::empty(device),
            sessions: device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("no sessions"),
                size: 16,
                usage: wgpu::BufferUsages::STORAGE,
                mapped_at_creation: false,
            }),
            plan: scene.plan.clone(),
            head_bounds: scene.mesh.bounds(),
            hair_centre: scene.landmarks.cranium_centre,
            skin_landmarks: scene.landmarks,
            layers: Layers::ALL,
            targets: None,
            ctx,
        };
        renderer.set_plan(scene)?;
        Ok(renderer)
    }

    fn check_gpu(&self) -> Result<()> {
        self.ctx.check()
    }

    /// Re-scatters the dots for the scene's plan. The scene must hold the
    /// head this renderer was made with: a new head needs a new renderer.
    pub fn set_plan(&mut self, scene: &HeadScene) -> Result<()> {
        if scene.mesh.indices.len() as u32 != self.head.index_count {
            return Err(SmpError::Gpu(
                "set_plan was given another head than the renderer's: make a new Renderer for a new head".into(),
            ));
        }
        if scene.plan.placement == Placement::Grid && self.grid_head.is_none() {
            self.grid_head = Some(ScatterHead::new(&self.ctx.device, &scene.chart, BlueNoiseTile::grid()));
        }
        // A change of look only (skin, dilution, days…) keeps the dots.
        if !(self.scattered && scene.plan.same_dots(&self.plan)) {
            self.dots = self.scatter_dots(scene)?;
            self.scattered = true;
        }
        self.plan = scene.plan.clone();
        self.upload_sessions();
        self.hair_centre = scene.landmarks.cranium_centre;
        if scene.landmarks != self.skin_landmarks {
            self.head.set_skin(&self.ctx.queue, &scene.skin);
            self.skin_landmarks = scene.landmarks;
        }
        self.ctx.wait()?;
        self.check_gpu()
    }

    /// The plan's sessions, then remaining hair and scar marks, with the
    /// layers left out that `layers` hides.
    fn upload_sessions(&mut self) {
        let mut params = vec![SessionParams::hair(); SESSION_SLOTS as usize];
        for (k, s) in self.plan.sessions.iter().enumerate() {
            params[k] = SessionParams::pigment(&self.plan, s);
        }
        params[SCAR_SESSION as usize] = SessionParams::scar(1.0);
        for (k, p) in params.iter_mut().enumerate() {
            let hidden = if k == HAIR_SESSION as usize { !self.layers.hair } else { !self.layers.pigment };
            if hidden {
                *p = SessionParams::absent();
            }
        }
        self.sessions = crate::gpu::buffer_init(
            &self.ctx.device,
            &wgpu::util::BufferInitDescriptor {
                label: Some("session params"),
                contents: bytemuck::cast_slice(&params),
                usage: wgpu::BufferUsages::STORAGE,
            },
        );
    }

    /// Which layers the next frames draw (all by default): `smp look`
    /// compares the same view with and without the treatment and the hair.
    pub fn set_layers(&mut self, layers: Layers) {
        if self.layers != layers {
            self.layers = layers;
            self.upload_sessions();
        }
    }

    /// Forgets the dots, so the next `set_plan` scatters again even for the
    /// same plan (the scene's landmarks moved).
    pub fn invalidate_dots(&mut self) {
        self.scattered = false;
    }

    /// Lays out and runs the scatter for the scene's plan and waits for it
    /// (what `set_plan` does; benchmarks time it alone).
    pub fn scatter_dots(&self, scene: &HeadScene) -> Result<DotSet> {
        // The training grid is laid at the plan's own peak density, so the
        // densest zone shows the whole square lattice.
        let (tile, head, base) = match (scene.plan.placement, &self.grid_head) {
            (Placement::Grid, Some(grid)) => (BlueNoiseTile::grid(), grid, scene.plan.zones.max() / 100.0),
            _ => (BlueNoiseTile::builtin(), &self.scatter_head, BASE_TILE_DENSITY),
        };
        let cells = ScatterCells::plan(&scene.chart, &scene.density, tile, scene.plan.seed, base)?;
        let shares: Vec<f32> = scene.plan.sessions.iter().map(|s| s.share).collect();
        let mut marks = scar_dots(scene);
        // A scan's own texture has its brows already.
        if scene.albedo.is_none() {
            marks.extend(brow_dots(scene));
        }
        let mut encoder = self.ctx.device.create_command_encoder(&Default::default());
        let job = ScatterJob {
            cells: &cells,
            density: &scene.density,
            seed: scene.plan.seed,
            shares: &shares,
            marks: &marks,
        };
        let mut dots = self.scatter.scatter(&self.ctx, &mut encoder, head, &job)?;
        self.ctx.submit([encoder.finish()]);
        self.ctx.wait()?;
        self.check_gpu()?;
        dots.read_hair_count(&self.ctx)?;
        Ok(dots)
    }

    /// The splat's aging function run on the GPU for (session index, days)
    /// pairs with this renderer's plan: what tests compare with
    /// `plan::aging::dot_look`.
    pub fn looks_on_gpu(&self, probes: &[(u32, f32)]) -> Result<Vec<crate::gpu::splat::LookProbe>> {
        let probes: Vec<_> = probes
            .iter()
            .map(|&(session, days)| crate::gpu::splat::LookProbe { session, days, ..Default::default() })
            .collect();
        let splat = SplatParams::new(self.dots.count, 0.0, VeilGrid::new(1.0, 1.0, 64, 64));
        let looks = self.splat.probe_looks(&self.ctx, &splat, &self.sessions, &probes)?;
        self.check_gpu()?;
        Ok(looks)
    }

    pub fn dots(&self) -> &DotSet {
        &self.dots
    }

    fn targets(&mut self, width: u32, height: u32) -> Result<&FrameTargets> {
        let fits = self.targets.as_ref().is_some_and(|t| t.width == width && t.height == height);
        if !fits {
            self.targets = Some(FrameTargets::new(&self.ctx.device, width, height)?);
        }
        Ok(self.targets.as_ref().expect("targets were just made"))
    }

    /// One frame's parameters: the shared uniform, on the GPU, and each
    /// stage's own. `heat_per_mm2` > 0 makes a density heat map with that
    /// many dots per mm² at the top of the colour scale.
    fn frame_params(&self, camera: &Camera, width: u32, height: u32, days: f32, heat_per_mm2: f32) -> FrameStages {
        let skin_rect = self.skin_rect(camera, width, height);
        let shared = FrameParams::new(camera, width, height);
        let distance = (camera.eye - camera.target).length();
        let veil = VeilGrid::new(shared.focal_px, distance, width, height);
        // The nearest skin is ≥ the eye's distance to the head centre less
        // the head's reach.
        let nearest_pixel_mm = (distance - HEAD_REACH_MM).max(1.0) / shared.focal_px;
        FrameStages {
            frame: FrameUniform::new(&self.ctx.device, &shared, skin_rect, nearest_pixel_mm, heat_per_mm2 > 0.0),
            raster: RasterParams::new(camera, &self.plan),
            splat: SplatParams::new(self.dots.count, days, veil),
            hair: HairParams::new(&self.plan, self.hair_centre, self.dots.hair_count),
            compose: ComposeParams::new(camera, skin_rect, heat_per_mm2, veil),
        }
    }

    /// Pixels the head can cover: its bounding box projected, with a
    /// margin; the whole image if the box reaches behind the camera.
    fn skin_rect(&self, camera: &Camera, width: u32, height: u32) -> [u32; 4] {
        let whole = [0, 0, width, height];
        let view_proj = camera.view_proj(width as f32 / height as f32);
        let (lo, hi) = self.head_bounds;
        let (mut min, mut max) = (glam::Vec2::splat(f32::MAX), glam::Vec2::splat(f32::MIN));
        for k in 0..8 {
            let corner = glam::Vec3::new(
                if k & 1 == 0 { lo.x } else { hi.x },
                if k & 2 == 0 { lo.y } else { hi.y },
                if k & 4 == 0 { lo.z } else { hi.z },
            );
            let clip = view_proj * corner.extend(1.0);
            if clip.w <= 1e-3 {
                return whole;
            }
            let ndc = clip.truncate().truncate() / clip.w;
            let px = glam::Vec2::new((ndc.x * 0.5 + 0.5) * width as f32, (0.5 - 0.5 * ndc.y) * height as f32);
            min = min.min(px);
            max = max.max(px);
        }
        let clamp = |v: f32, limit: u32| v.clamp(0.0, limit as f32) as u32;
        [clamp(min.x - 2.0, width), clamp(min.y - 2.0, height), clamp(max.x + 3.0, width), clamp(max.y + 3.0, height)]
    }

    /// Renders one view of the healed result (four weeks after the last
    /// session) into an image in memory.
    pub fn render(&mut self, camera: &Camera, width: u32, height: u32) -> Result<image::RgbaImage> {
        self.render_at(camera, width, height, self.plan.healed_day())
    }

    /// Renders one view `days` after the first session.
    pub fn render_at(&mut self, camera: &Camera, width: u32, height: u32, days: f32) -> Result<image::RgbaImage> {
        self.render_frame(camera, width, height, days, 0.0)
    }

    /// The plan's dot density on the head in false colour (the heat map
    /// scale: `top_per_cm2` dots/cm² is its brightest colour).
    pub fn render_heat(
        &mut self,
        camera: &Camera,
        width: u32,
        height: u32,
        top_per_cm2: f32,
    ) -> Result<image::RgbaImage> {
        if !(top_per_cm2.is_finite() && top_per_cm2 > 0.0) {
            return Err(SmpError::Limit {
                what: format!("heat scale {top_per_cm2}"),
                problem: "expected dots/cm² above 0".into(),
            });
        }
        self.render_frame(camera, width, height, self.plan.healed_day(), top_per_cm2 / 100.0)
    }

    fn render_frame(
        &mut self,
        camera: &Camera,
        width: u32,
        height: u32,
        days: f32,
        heat: f32,
    ) -> Result<image::RgbaImage> {
        let mut encoder = self.record_frame(camera, width, height, days, heat)?;
        let targets = self.targets.as_ref().expect("record_frame made the targets");
        let readback = ImageReadback::record(&mut encoder, targets);
        self.ctx.submit([encoder.finish()]);
        let image = readback.finish(&self.ctx)?;
        self.check_gpu()?;
        Ok(image)
    }

    /// Renders one view and leaves it on the GPU, in `into` (COPY_DST, at
    /// least width × height × 4 bytes): packed sRGB RGBA8, rows of `width`
    /// pixels, what the live view draws into its window without reading it
    /// back. Frame and copy are one submission, so work submitted later sees
    /// the whole image. `heat_top_per_cm2` makes it a density heat map.
    /// Waits for the GPU to finish.
    pub fn render_on_gpu(
        &mut self,
        camera: &Camera,
        width: u32,
        height: u32,
        days: f32,
        heat_top_per_cm2: Option<f32>,
        into: &wgpu::Buffer,
    ) -> Result<()> {
        let bytes = width as u64 * height as u64 * 4;
        if into.size() < bytes {
            return Err(SmpError::Gpu(format!("render_on_gpu: {} bytes cannot hold {width}×{height}", into.size())));
        }
        let heat = heat_top_per_cm2.map_or(0.0, |top| top / 100.0);
        let mut encoder = self.record_frame(camera, width, height, days, heat)?;
        let targets = self.targets.as_ref().expect("record_frame made the targets");
        encoder.copy_buffer_to_buffer(&targets.output, 0, into, 0, bytes);
        self.ctx.submit([encoder.finish()]);
        self.ctx.wait()?;
        self.check_gpu()
    }

    /// Records raster, splat and compose of one frame into a new encoder.
    /// One submission holds a whole frame, so anything submitted later
    /// (the live view's present pass) sees a finished image.
    fn record_frame(
        &mut self,
        camera: &Camera,
        width: u32,
        height: u32,
        days: f32,
        heat: f32,
    ) -> Result<wgpu::CommandEncoder> {
        if !days.is_finite() || days < 0.0 {
            return Err(SmpError::Limit {
                what: format!("day {days}"),
                problem: "times are days from the first session: 0 or later".into(),
            });
        }
        self.targets(width, height)?;
        let stages = self.frame_params(camera, width, height, days, heat);
        let targets = self.targets.as_ref().expect("targets exist");
        let device = &self.ctx.device;
        let mut encoder = device.create_command_encoder(&Default::default());
        let FrameStages { frame, raster, splat, hair, compose } = &stages;
        self.raster.record(device, &mut encoder, targets, &self.head, frame, raster);
        let job = SplatJob { dots: &self.dots, sessions: &self.sessions, params: splat, hair };
        self.splat.record(device, &mut encoder, targets, frame, &job);
        self.compose.record(device, &mut encoder, targets, frame, compose);
        Ok(encoder)
    }

    /// Renders one view with every stage submitted and waited for alone,
    /// returning the image and each stage's wall time (for benchmarks).
    pub fn render_timed(&mut self, camera: &Camera, width: u32, height: u32) -> Result<(image::RgbaImage, StageTimes)> {
        self.targets(width, height)?;
        let stages = self.frame_params(camera, width, height, self.plan.healed_day(), 0.0);
        let FrameStages { frame, raster, splat, hair, compose } = &stages;
        let targets = self.targets.as_ref().expect("targets exist");
        let device = &self.ctx.device;
        let mut times = StageTimes::default();
        let stage = |record: &mut dyn FnMut(&mut wgpu::CommandEncoder)| -> Result<Duration> {
            let start = Instant::now();
            let mut encoder = device.create_command_encoder(&Default::default());
            record(&mut encoder);
            self.ctx.submit([encoder.finish()]);
            self.ctx.wait()?;
            Ok(start.elapsed())
        };
        times.raster = stage(&mut |e| self.raster.record(device, e, targets, &self.head, frame, raster))?;
        let job = SplatJob { dots: &self.dots, sessions: &self.sessions, params: splat, hair };
        times.splat = stage(&mut |e| self.splat.record(device, e, targets, frame, &job))?;
        times.compose = stage(&mut |e| self.compose.record(device, e, targets, frame, compose))?;
        let start = Instant::now();
        let mut encoder = device.create_command_encoder(&Default::default());
        let readback = ImageReadback::record(&mut encoder, targets);
        self.ctx.submit([encoder.finish()]);
        let image = readback.finish(&self.ctx)?;
        times.readback = start.elapsed();
        self.check_gpu()?;
        Ok((image, times))
    }
}

/// The plan's scar marks as dots on the skin (paler marks the splat draws
/// like pigment of negative density); the mark's width rides in its size.
fn scar_dots(scene: &HeadScene) -> Vec<GpuDot> {
    let chart = &scene.chart;
    crate::plan::scars::scar_marks(&scene.plan, chart, &scene.landmarks)
        .into_iter()
        .filter_map(|mark| {
            let theta = mark.chart.x.atan2(mark.chart.y);
            let phi = chart.colatitude_at(mark.chart.length(), theta);
            let skin = chart.skin_at(crate::chart::direction(phi, theta))?;
            Some(GpuDot {
                position: skin.position.to_array(),
                normal_oct: crate::chart::surface::encode_normal(skin.normal),
                rank: 0.0,
                size_jitter: mark.diameter_mm,
                shade_jitter: 1.0,
                packed: SCAR_SESSION | DOT_ALIVE,
            })
        })
        .collect()
}

/// The eyebrows as hair units on the skin; each tuft's place along its brow
/// rides in its rank, after `BROW_RANK`.
fn brow_dots(scene: &HeadScene) -> Vec<GpuDot> {
    crate::plan::brows::brow_tufts(&scene.chart, &scene.landmarks, scene.plan.seed)
        .into_iter()
        .map(|tuft| GpuDot {
            position: tuft.position.to_array(),
            normal_oct: crate::chart::surface::encode_normal(tuft.normal),
            rank: crate::gpu::scatter::BROW_RANK + tuft.along,
            size_jitter: 1.0,
            shade_jitter: 1.0,
            packed: HAIR_SESSION | DOT_ALIVE,
        })
        .collect()
}
