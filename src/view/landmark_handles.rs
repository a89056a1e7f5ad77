//! The landmarks tool: the brow, the ears' tops and the nape as handles on
//! the head, dragged over the skin to correct what fitting found on an
//! imported head. Brow and nape stay on the midline, as the chart's
//! outline assumes.

use super::controls::Controls;
use super::tools::{HeadGeometry, ViewPixel};
use crate::core::landmarks::HeadLandmarks;
use glam::{Vec2, Vec3};

pub const NAMES: [&str; 4] = ["brow", "ear-left", "ear-right", "nape"];

pub fn get(l: &HeadLandmarks, which: usize) -> Vec3 {
    [l.brow, l.ear_top_left, l.ear_top_right, l.nape][which.min(3)]
}

/// Sets landmark `which` to a skin point (brow and nape onto the midline).
pub fn set(l: &mut HeadLandmarks, which: usize, p: Vec3) {
    let midline = Vec3::new(0.0, p.y, p.z);
    match which {
        0 => l.brow = midline,
        1 => l.ear_top_left = p,
        2 => l.ear_top_right = p,
        _ => l.nape = midline,
    }
}

fn positions(rect: egui::Rect, controls: &Controls, l: &HeadLandmarks, g: &HeadGeometry) -> Vec<Option<egui::Pos2>> {
    let camera = controls.orbit.camera();
    let size = [rect.width().max(1.0) as u32, rect.height().max(1.0) as u32];
    (0..4)
        .map(|k| {
            let p = get(l, k);
            // The skin's normal there, for hiding handles round the back.
            let (_, normal) = g.skin_point(g.chart_point(p))?;
            let at = g.on_screen(&camera, size, controls.mirror, (p, normal))?;
            Some(rect.left_top() + egui::vec2(at.x, at.y))
        })
        .collect()
}

/// A drag with the tool: picks the nearest handle on press, moves it to the
/// skin under the pointer. Returns whether a landmark moved.
pub fn drag(
    ui: &egui::Ui,
    pos: egui::Pos2,
    rect: egui::Rect,
    controls: &Controls,
    landmarks: &mut HeadLandmarks,
    held: &mut Option<usize>,
    g: &HeadGeometry,
) -> bool {
    if held.is_none() {
        *held = positions(rect, controls, landmarks, g)
            .into_iter()
            .enumerate()
            .filter_map(|(k, p)| Some((k, p?.distance(pos))))
            .filter(|(_, d)| *d < 20.0)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(k, _)| k);
    }
    let Some(which) = *held else { return false };
    let ppp = ui.pixels_per_point();
    let pixel = ViewPixel {
        pixel: Vec2::new((pos.x - rect.left()) * ppp, (pos.y - rect.top()) * ppp),
        size: [(rect.width() * ppp).round() as u32, (rect.height() * ppp).round() as u32],
        mirror: controls.mirror,
    };
    match g.pick(&controls.orbit.camera(), pixel) {
        Some(skin) => {
            set(landmarks, which, skin);
            true
        }
        None => false,
    }
}

pub fn draw(
    ui: &egui::Ui,
    rect: egui::Rect,
    controls: &Controls,
    l: &HeadLandmarks,
    g: &HeadGeometry,
    held: Option<usize>,
) {
    let painter = ui.painter().with_clip_rect(rect);
    // The head frame's axes from the cranium centre, as `smp head inspect
    // --image` draws them: a fit gone wrong shows as a front axis not
    // through the face.
    let camera = controls.orbit.camera();
    let size = [rect.width().max(1.0) as u32, rect.height().max(1.0) as u32];
    let project = |p: Vec3| {
        let at = g.on_screen(&camera, size, controls.mirror, (p, camera.eye - p))?;
        Some(rect.left_top() + egui::vec2(at.x, at.y))
    };
    if let Some(centre) = project(l.cranium_centre) {
        for (axis, colour, name) in crate::output::fit_check::AXES {
            let Some(tip) = project(l.cranium_centre + axis * crate::output::fit_check::AXIS_MM) else { continue };
            let colour = egui::Color32::from_rgb(colour[0], colour[1], colour[2]);
            painter.line_segment([centre, tip], egui::Stroke::new(2.0, colour));
            painter.text(tip, egui::Align2::LEFT_BOTTOM, name, egui::FontId::proportional(12.0), colour);
        }
    }
    for (k, p) in positions(rect, controls, l, g).into_iter().enumerate() {
        let Some(p) = p else { continue };
        let colour = egui::Color32::from_rgb(90, 200, 255);
        painter.circle(
            p,
            if held == Some(k) { 7.0 } else { 5.0 },
            colour,
            egui::Stroke::new(1.0, egui::Color32::BLACK),
        );
        painter.text(
            p + egui::vec2(8.0, -8.0),
            egui::Align2::LEFT_BOTTOM,
            NAMES[k],
            egui::FontId::proportional(13.0),
            colour,
        );
    }
}
