//! Drawing on the head: a click in the window becomes a point on the skin
//! and a point on the scalp chart, where the density brush and the hairline
//! handles work. Chart space keeps both valid on any head. No window here,
//! so all of it is tested headless.

use crate::chart::ScalpChart;
use crate::chart::outline::{HAIRLINE_AZIMUTH_DEG, HAIRLINE_HEIGHT_MM, ScalpOutline};
use crate::core::camera::Camera;
use crate::core::landmarks::HeadLandmarks;
use crate::mesh::bvh::TriangleBvh;
use crate::mesh::{HeadMesh, ray_triangle};
use crate::plan::scene::HeadScene;
use crate::plan::strokes::{BrushMode, BrushStroke, MAX_STROKE_POINTS};
use crate::plan::{Hairline, Plan};
use glam::{Vec2, Vec3};
use std::sync::{Arc, OnceLock};

/// Azimuths (degrees) of the handles a hairline gets when the practitioner
/// first drags it: the front line between the temple points.
pub const HANDLE_AZIMUTHS: [f32; 9] = [-52.0, -39.0, -26.0, -13.0, 0.0, 13.0, 26.0, 39.0, 52.0];
/// Handles keep this far apart in azimuth (degrees), so the line stays a
/// function of azimuth as the plan file requires.
const HANDLE_GAP_DEG: f32 = 2.0;

/// The window's copy of the head: enough to turn clicks into chart points.
pub struct HeadGeometry {
    mesh: Arc<HeadMesh>,
    /// Built on a thread of its own once per head (a second on a large
    /// scan); until then a pick tests every triangle.
    bvh: Arc<OnceLock<TriangleBvh>>,
    landmarks: HeadLandmarks,
    chart: ScalpChart,
    /// The skin map's sky (`SkinMap::sky`): the costly part, kept.
    sky: Vec<f32>,
    albedo: Option<std::sync::Arc<image::RgbaImage>>,
    /// A built-in head's face (eyes, vermilion).
    face: Option<crate::mesh::procedural::sculpt::HeadShape>,
}

/// A pixel of a view `size` pixels large, as seen by `camera`.
#[derive(Clone, Copy, Debug)]
pub struct ViewPixel {
    pub pixel: Vec2,
    pub size: [u32; 2],
    pub mirror: bool,
}

impl HeadGeometry {
    pub fn from_scene(scene: &HeadScene) -> Self {
        let mesh = Arc::new(scene.mesh.clone());
        let bvh = Arc::new(OnceLock::new());
        let (for_bvh, filled) = (Arc::clone(&mesh), Arc::clone(&bvh));
        // Detached: it ends when built, and a head replaced meanwhile only
        // drops its result.
        let _ = std::thread::Builder::new().name("pick hierarchy".into()).spawn(move || {
            let _ = filled.set(TriangleBvh::build(&for_bvh));
        });
        Self {
            mesh,
            bvh,
            landmarks: scene.landmarks,
            chart: scene.chart.clone(),
            sky: scene.skin.sky.clone(),
            albedo: scene.albedo.clone(),
            face: scene.skin.face,
        }
    }

    pub fn landmarks(&self) -> HeadLandmarks {
        self.landmarks
    }

    /// Landmarks corrected by hand; the hairline handles follow the brow.
    pub fn set_landmarks(&mut self, landmarks: HeadLandmarks) {
        self.landmarks = landmarks;
    }

    /// A scene of this head with another plan (the split view's other half).
    pub fn scene(&self, plan: Plan) -> crate::Result<HeadScene> {
        let mut scene =
            HeadScene::with_sky((*self.mesh).clone(), self.landmarks, self.chart.clone(), self.sky.clone(), plan)?;
        scene.albedo = self.albedo.clone();
        if let Some(face) = self.face {
            scene.skin.set_face(&scene.mesh, &scene.landmarks, &scene.chart, face);
        }
        Ok(scene)
    }

    /// The nearest skin point under a pixel, if the head is there.
    pub fn pick(&self, camera: &Camera, at: ViewPixel) -> Option<Vec3> {
        let [w, h] = at.size.map(|s| s.max(1) as f32);
        let x = if at.mirror { w - at.pixel.x } else { at.pixel.x };
        let ndc = Vec2::new(2.0 * x / w - 1.0, 1.0 - 2.0 * at.pixel.y / h);
        let inverse = camera.view_proj(w / h).inverse();
        let near = inverse.project_point3(ndc.extend(0.0));
        let far = inverse.project_point3(ndc.extend(1.0));
        let dir = (far - near).normalize_or_zero();
        if dir == Vec3::ZERO {
            return None;
        }
        let hit = match self.bvh.get() {
            Some(bvh) => bvh.nearest_hit(&self.mesh, near, dir),
            None => {
                let p = &self.mesh.positions;
                self.mesh
                    .indices
                    .chunks_exact(3)
                    .filter_map(|t| ray_triangle(near, dir, &[p[t[0] as usize], p[t[1] as usize], p[t[2] as usize]]))
                    .min_by(f32::total_cmp)
            }
        };
        hit.map(|t| near + dir * t)
    }

    /// Where a skin point lies on the scalp chart (mm).
    pub fn chart_point(&self, skin: Vec3) -> Vec2 {
        self.chart.chart_of_point(skin)
    }

    /// The skin point at a chart point, with its outward normal.
    pub fn skin_point(&self, chart: Vec2) -> Option<(Vec3, Vec3)> {
        let theta = chart.x.atan2(chart.y);
        let phi = self.chart.colatitude_at(chart.length(), theta);
        let skin = self.chart.skin_at(crate::chart::direction(phi, theta))?;
        Some((skin.position, skin.normal))
    }

    /// Where a skin point shows in a view, if it faces the camera.
    pub fn on_screen(&self, camera: &Camera, size: [u32; 2], mirror: bool, skin: (Vec3, Vec3)) -> Option<Vec2> {
        let (p, n) = skin;
        if n.dot(camera.eye - p) <= 0.0 {
            return None;
        }
        let [w, h] = size.map(|s| s.max(1) as f32);
        let clip = camera.view_proj(w / h) * p.extend(1.0);
        if clip.w <= 0.0 {
            return None;
        }
        let ndc = clip.truncate().truncate() / clip.w;
        let x = (ndc.x * 0.5 + 0.5) * w;
        Some(Vec2::new(if mirror { w - x } else { x }, (0.5 - 0.5 * ndc.y) * h))
    }

    /// Distance over the skin from the vertex to the brow (mm): hairline
    /// heights are measured up from there.
    fn brow_rho(&self) -> f32 {
        self.chart.chart_of_point(self.landmarks.brow).length()
    }

    /// The hairline's handles as (azimuth°, mm above the brow): its own
    /// points, or the line its numbers draw sampled at `HANDLE_AZIMUTHS`.
    pub fn hairline_handles(&self, hairline: &Hairline) -> Vec<[f32; 2]> {
        if !hairline.points.is_empty() {
            return hairline.points.clone();
        }
        let outline = ScalpOutline::new(&self.chart, &self.landmarks, hairline.front_line());
        let brow = self.brow_rho();
        HANDLE_AZIMUTHS.iter().map(|&deg| [deg, brow - outline.boundary(deg.to_radians())]).collect()
    }

    /// A handle as a chart point.
    pub fn handle_chart(&self, handle: [f32; 2]) -> Vec2 {
        let rho = self.brow_rho() - handle[1];
        let theta = handle[0].to_radians();
        Vec2::new(rho * theta.sin(), rho * theta.cos())
    }

    /// Moves handle `index` of the hairline to chart point `to`: the line
    /// becomes explicit points (the plan's `hairline.points`). The handle
    /// stays between its neighbours and within the range a plan allows.
    pub fn drag_handle(&self, hairline: &mut Hairline, index: usize, to: Vec2) {
        let mut handles = self.hairline_handles(hairline);
        if index >= handles.len() {
            return;
        }
        let lo = if index == 0 { *HAIRLINE_AZIMUTH_DEG.start() } else { handles[index - 1][0] + HANDLE_GAP_DEG };
        let hi = if index + 1 == handles.len() {
            *HAIRLINE_AZIMUTH_DEG.end()
        } else {
            handles[index + 1][0] - HANDLE_GAP_DEG
        };
        let azimuth = to.x.atan2(to.y).to_degrees().clamp(lo, hi);
        let height = (self.brow_rho() - to.length()).clamp(*HAIRLINE_HEIGHT_MM.start(), *HAIRLINE_HEIGHT_MM.end());
        handles[index] = [azimuth, height];
        hairline.points = handles;
    }
}

/// A brush stroke being painted: pointer samples on the chart, kept a
/// quarter of the radius apart (closer adds nothing to a soft brush).
#[derive(Clone, Debug)]
pub struct StrokeInProgress {
    pub stroke: BrushStroke,
}

impl StrokeInProgress {
    pub fn start(mode: BrushMode, dots_per_cm2: f32, radius_mm: f32, at: Vec2) -> Self {
        Self { stroke: BrushStroke { mode, dots_per_cm2, radius_mm, path_mm: vec![at.to_array()] } }
    }

    pub fn extend(&mut self, to: Vec2) {
        let last = Vec2::from(*self.stroke.path_mm.last().expect("a stroke starts with a point"));
        if (to - last).length() >= 0.25 * self.stroke.radius_mm && self.stroke.path_mm.len() < MAX_STROKE_POINTS {
            self.stroke.path_mm.push(to.to_array());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::camera::View;

    fn head() -> (HeadScene, HeadGeometry) {
        let scene = HeadScene::builtin(Plan::default()).unwrap();
        let geometry = HeadGeometry::from_scene(&scene);
        (scene, geometry)
    }

    #[test]
    fn a_click_on_the_crown_from_above_lands_near_the_chart_origin_and_back_on_screen() {
        let (_, g) = head();
        let camera = Camera::for_view(View::Top);
        let size = [400, 300];
        let at = ViewPixel { pixel: Vec2::new(200.0, 150.0), size, mirror: false };
        let skin = g.pick(&camera, at).expect("the head is in the middle of the top view");
        let chart = g.chart_point(skin);
        assert!(chart.length() < 25.0, "the middle of the top view is near the vertex, got {chart}");
        let back = g.on_screen(&camera, size, false, g.skin_point(chart).unwrap()).unwrap();
        assert!((back - at.pixel).length() < 1.5, "chart → skin → screen returns to the click: {back}");
        // Mirrored, the same skin shows at the mirrored pixel.
        let mirrored = g.on_screen(&camera, size, true, g.skin_point(chart).unwrap()).unwrap();
        assert!((mirrored.x - (400.0 - back.x)).abs() < 1e-3);
        let corner = ViewPixel { pixel: Vec2::new(2.0, 2.0), size, mirror: false };
        assert_eq!(g.pick(&camera, corner), None, "the corner of the view is backdrop");
    }

    #[test]
    fn a_brush_stroke_raises_density_along_its_path_only() {
        let (mut scene, g) = head();
        let camera = Camera::for_view(View::Top);
        let size = [400, 400];
        let chart_at = |x: f32, y: f32| {
            g.chart_point(g.pick(&camera, ViewPixel { pixel: Vec2::new(x, y), size, mirror: false }).unwrap())
        };
        // A drag across the crown from the view's left to right.
        let mut stroke = StrokeInProgress::start(BrushMode::Add, 60.0, 8.0, chart_at(150.0, 230.0));
        for k in 1..=20 {
            stroke.extend(chart_at(150.0 + 5.0 * k as f32, 230.0));
        }
        assert!(stroke.stroke.path_mm.len() >= 4, "samples a quarter radius apart: {:?}", stroke.stroke.path_mm);
        let before = scene.density.clone();
        let mut plan = scene.plan.clone();
        plan.strokes.push(stroke.stroke.clone());
        scene.set_plan(plan).unwrap();
        let mid = chart_at(200.0, 230.0);
        let added = (scene.density.sample(mid) - before.sample(mid)) * 100.0;
        assert!((added - 60.0).abs() < 1.0, "full strength on the path: +{added} dots/cm²");
        let off = mid + Vec2::new(0.0, 20.0);
        assert!((scene.density.sample(off) - before.sample(off)).abs() < 1e-6, "nothing two radii off the path");
        // Removing more than is there leaves none, not a negative density.
        let mut plan = scene.plan.clone();
        plan.strokes.push(BrushStroke {
            mode: BrushMode::Remove,
            dots_per_cm2: 500.0,
            radius_mm: 10.0,
            path_mm: vec![mid.to_array()],
        });
        scene.set_plan(plan).unwrap();
        assert_eq!(scene.density.sample(mid), 0.0);
    }

    #[test]
    fn dragging_a_hairline_handle_moves_the_line_there_and_nowhere_else() {
        let (scene, g) = head();
        let mut hairline = scene.plan.hairline.clone();
        let handles = g.hairline_handles(&hairline);
        assert_eq!(handles.len(), HANDLE_AZIMUTHS.len());
        assert!((handles[4][1] - hairline.height_above_brow_mm).abs() < 0.5, "the midline handle: {:?}", handles[4]);
        // Lower the midline handle by 8 mm (further from the vertex).
        let target = g.handle_chart([0.0, handles[4][1] - 8.0]);
        g.drag_handle(&mut hairline, 4, target);
        assert_eq!(hairline.points.len(), HANDLE_AZIMUTHS.len());
        let mut plan = scene.plan.clone();
        plan.hairline = hairline.clone();
        plan.validate().expect("a dragged hairline is a valid plan");
        let outline = ScalpOutline::new(&scene.chart, &scene.landmarks, hairline.front_line());
        let old = ScalpOutline::new(&scene.chart, &scene.landmarks, scene.plan.hairline.front_line());
        assert!((outline.boundary(0.0) - old.boundary(0.0) - 8.0).abs() < 0.3, "the midline moved 8 mm");
        let side = 39f32.to_radians();
        assert!((outline.boundary(side) - old.boundary(side)).abs() < 0.6, "the handles either side stayed");
        // A handle dragged past its neighbour stops short of it.
        g.drag_handle(&mut hairline, 4, g.handle_chart([30.0, 70.0]));
        assert!(hairline.points[4][0] < hairline.points[5][0]);
        let mut plan = scene.plan.clone();
        plan.hairline = hairline;
        plan.validate().expect("still in order");
    }
}
