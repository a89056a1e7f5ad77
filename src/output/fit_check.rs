//! `smp head inspect FILE --image check.png`: the fitted head seen from the
//! front, the left and the top, its plan's density map on the scalp (so
//! the hairline and zones show where they fell), the head frame's axes
//! from the cranium centre and the landmarks marked. A wrong fit shows at
//! a glance: a hairline over an ear, a front arrow out of the back of the
//! head, a brow marker on the cheek.

use crate::core::camera::{Camera, View};
use crate::core::error::Result;
use crate::core::landmarks::HeadLandmarks;
use crate::gpu::GpuContext;
use crate::mesh::source::HeadSource;
use crate::output::render::Renderer;
use crate::plan::Plan;
use crate::plan::scene::HeadScene;
use glam::{Vec2, Vec3};
use image::{Rgba, RgbaImage};

/// The views of the check, each a square this many pixels a side.
const VIEWS: [View; 3] = [View::Front, View::Left, View::Top];
const CELL_PX: u32 = 384;
/// Axis arrows' length from the cranium centre (mm).
pub const AXIS_MM: f32 = 110.0;

/// Left (+X, red), up (+Y, green), front (+Z, blue): the usual colours.
pub const AXES: [(Vec3, Rgba<u8>, &str); 3] = [
    (Vec3::X, Rgba([220, 40, 40, 255]), "left"),
    (Vec3::Y, Rgba([40, 170, 60, 255]), "up"),
    (Vec3::Z, Rgba([40, 90, 230, 255]), "front"),
];
const MARKER: Rgba<u8> = Rgba([255, 230, 0, 255]);
const OUTLINE: Rgba<u8> = Rgba([20, 20, 20, 255]);

/// Where world point `p` (mm) falls in an image `size` pixels square seen
/// by `camera`; `None` behind the eye.
pub fn pixel_of(camera: &Camera, size: u32, p: Vec3) -> Option<Vec2> {
    let clip = camera.view_proj(1.0) * p.extend(1.0);
    if clip.w <= 1e-3 {
        return None;
    }
    let ndc = clip.truncate() / clip.w;
    Some(Vec2::new((ndc.x * 0.5 + 0.5) * size as f32, (0.5 - ndc.y * 0.5) * size as f32))
}

fn plot(image: &mut RgbaImage, x: i64, y: i64, colour: Rgba<u8>) {
    if x >= 0 && y >= 0 && (x as u32) < image.width() && (y as u32) < image.height() {
        image.put_pixel(x as u32, y as u32, colour);
    }
}

fn disc(image: &mut RgbaImage, centre: Vec2, radius: f32, colour: Rgba<u8>) {
    let r = radius.ceil() as i64;
    for dy in -r..=r {
        for dx in -r..=r {
            if ((dx * dx + dy * dy) as f32) <= radius * radius {
                plot(image, centre.x.round() as i64 + dx, centre.y.round() as i64 + dy, colour);
            }
        }
    }
}

fn line(image: &mut RgbaImage, a: Vec2, b: Vec2, width: f32, colour: Rgba<u8>) {
    let steps = (b - a).length().ceil().max(1.0) as usize;
    for k in 0..=steps {
        disc(image, a + (b - a) * (k as f32 / steps as f32), width * 0.5, colour);
    }
}

/// Draws the axes and landmarks over a render from `camera`.
fn mark(image: &mut RgbaImage, camera: &Camera, landmarks: &HeadLandmarks) {
    let size = image.width();
    let centre = landmarks.cranium_centre;
    if let Some(c) = pixel_of(camera, size, centre) {
        for (axis, colour, name) in AXES {
            // An axis pointing at the eye shows as a dot, not an arrow.
            let Some(tip) = pixel_of(camera, size, centre + axis * AXIS_MM) else { continue };
            line(image, c, tip, 3.0, colour);
            disc(image, tip, 4.0, colour);
            if (tip - c).length() > 20.0 {
                crate::output::sheet::draw_text(image, tip.x as i64 + 6, tip.y as i64 - 4, 1, name, colour);
            }
        }
    }
    for (p, label) in [
        (landmarks.cranium_centre, "C"),
        (landmarks.brow, "B"),
        (landmarks.ear_top_left, "L"),
        (landmarks.ear_top_right, "R"),
        (landmarks.nape, "N"),
    ] {
        if let Some(at) = pixel_of(camera, size, p) {
            disc(image, at, 5.0, OUTLINE);
            disc(image, at, 3.5, MARKER);
            crate::output::sheet::draw_text(image, at.x as i64 + 7, at.y as i64 + 3, 1, label, OUTLINE);
        }
    }
}

/// The check sheet of `source`'s fit under the default plan.
pub fn fit_check_image(source: &HeadSource) -> Result<RgbaImage> {
    let scene = HeadScene::load(source, Plan::default())?;
    let mut renderer = Renderer::new(GpuContext::new()?, &scene)?;
    let dots = renderer.dots().read(&renderer.ctx)?;
    let grid = crate::output::heatmap::DensityGrid::measure(&scene, &dots);
    let mut cells = Vec::new();
    for view in VIEWS {
        let camera = Camera::for_view(view);
        let mut image = renderer.render_heat(&camera, CELL_PX, CELL_PX, grid.scale())?;
        mark(&mut image, &camera, &scene.landmarks);
        cells.push(image);
    }
    // The key to the markers (centre, brow, ear tops, nape) fits the
    // three cells' width.
    let title = format!("{} - fit: plan dots/cm2, axes, C B L R N", source.name());
    let columns: Vec<String> = VIEWS.iter().map(|v| v.name().to_string()).collect();
    Ok(crate::output::sheet::contact_sheet(&title, &["fit".to_string()], &columns, &[cells]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_project_where_the_view_sees_them() {
        let camera = Camera::for_view(View::Front);
        let landmarks = crate::mesh::procedural::builtin_landmarks();
        let centre = pixel_of(&camera, 400, landmarks.cranium_centre).unwrap();
        // Seen from the front: the head's left (+X) on the image's right,
        // up on the image's top.
        let left = pixel_of(&camera, 400, landmarks.cranium_centre + Vec3::X * 50.0).unwrap();
        let up = pixel_of(&camera, 400, landmarks.cranium_centre + Vec3::Y * 50.0).unwrap();
        assert!((centre.x - 200.0).abs() < 2.0, "{centre}");
        assert!(left.x > centre.x + 20.0 && (left.y - centre.y).abs() < 1.0, "{left} {centre}");
        assert!(up.y < centre.y - 20.0, "{up} {centre}");
        assert!(pixel_of(&camera, 400, camera.eye + (camera.eye - camera.target)).is_none());
    }
}
