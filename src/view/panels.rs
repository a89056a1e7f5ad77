//! The window's egui panels: controls on the left, the timeline below, and
//! the head in the middle, where the mouse orbits, paints density or drags
//! the hairline. Plan edits go into a draft the head shows at once; the
//! window commits the draft as one undo step when the pointer is released.
//! Everything else comes out as `ViewAction`s, as a script's lines do.

use super::action::ViewAction;
pub use super::controls::{Compare, Controls, Tool};
pub use super::edits::HeadEdit;
use super::edits::finish_edit;
use super::state::{CLOSE_UP_MM, CONVERSATION_MM, Orbit, PlanHistory, TIMELINE_DAYS, timeline_day, timeline_position};
use super::tools::{HeadGeometry, StrokeInProgress, ViewPixel};
use crate::core::camera::View;
use crate::plan::hair::{HairColour, MAX_DAYS_SINCE_SHAVE};
use crate::plan::strokes::BrushMode;
use crate::plan::{MONK_SRGB, Plan, SkinTone, Sun};
use glam::Vec2;

/// Facts the status line shows.
pub struct Status<'a> {
    /// The head shown: builtin:NAME or the mesh file.
    pub head: &'a str,
    pub dot_slots: u32,
    pub head_ms: f32,
    pub frame_ms: f32,
    pub adapter: &'a str,
}

/// The timeline panel's height (points): its three rows and margins at
/// egui's default style.
const TIMELINE_PANEL_HEIGHT: f32 = 66.0;

pub struct PanelOutput {
    pub actions: Vec<ViewAction>,
    /// Where the head goes (points), and the comparison beside it.
    pub head_rect: egui::Rect,
    pub compare_rect: Option<egui::Rect>,
}

#[allow(clippy::too_many_arguments)]
pub fn show(
    ui: &mut egui::Ui,
    controls: &mut Controls,
    draft: &mut Plan,
    history: &PlanHistory,
    geometry: &HeadGeometry,
    edit: &mut HeadEdit,
    status: &Status,
) -> PanelOutput {
    let mut actions = Vec::new();
    egui::Panel::left("controls").show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading(&draft.name);
            files(ui, controls, history, &mut actions);
            ui.separator();
            head_picker(ui, status, &mut actions);
            camera(ui, controls);
            ui.separator();
            tools(ui, controls, &mut actions);
            ui.separator();
            density(ui, draft);
            ui.separator();
            sessions(ui, draft, &mut actions);
            ui.separator();
            client(ui, draft);
        });
    });
    // Three rows from the first frame on (egui would start a bottom panel
    // one row high and grow it), so the head's place in the window does not
    // change under a screenshot taken early.
    egui::Panel::bottom("timeline")
        .resizable(false)
        .default_size(TIMELINE_PANEL_HEIGHT)
        .show(ui, |ui| timeline(ui, controls, draft, status));
    let mut head_rect = egui::Rect::NOTHING;
    let mut compare_rect = None;
    egui::CentralPanel::no_frame().show(ui, |ui| {
        let whole = ui.available_rect_before_wrap();
        head_rect = whole;
        if controls.compare != Compare::Off {
            let half = whole.width() * 0.5;
            head_rect = egui::Rect::from_min_size(whole.min, egui::vec2(half - 1.0, whole.height()));
            let right = egui::Rect::from_min_max(egui::pos2(whole.min.x + half + 1.0, whole.min.y), whole.max);
            compare_rect = Some(right);
            label_halves(ui, controls, head_rect, right);
        }
        let response = ui.allocate_rect(head_rect, egui::Sense::click_and_drag());
        head_input(ui, &response, head_rect, controls, draft, geometry, edit);
        if !ui.input(|i| i.pointer.any_down()) {
            actions.extend(finish_edit(draft, history, geometry, edit));
        }
        if controls.tool == Tool::Hairline {
            draw_handles(ui, head_rect, controls, draft, geometry, edit);
        }
        if let (Tool::Landmarks, Some(landmarks)) = (controls.tool, &edit.landmarks) {
            super::landmark_handles::draw(ui, head_rect, controls, landmarks, geometry, edit.landmark);
        }
    });
    PanelOutput { actions, head_rect, compare_rect }
}

fn files(ui: &mut egui::Ui, controls: &mut Controls, history: &PlanHistory, actions: &mut Vec<ViewAction>) {
    ui.horizontal(|ui| {
        if ui.add_enabled(history.can_undo(), egui::Button::new("Undo")).clicked() {
            actions.push(ViewAction::Undo);
        }
        if ui.add_enabled(history.can_redo(), egui::Button::new("Redo")).clicked() {
            actions.push(ViewAction::Redo);
        }
        if ui.button("Save plan").clicked() {
            actions.push(ViewAction::Save(None));
        }
    });
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(&mut controls.open_path).hint_text("plan.toml").desired_width(150.0));
        if ui.button("Open").clicked() && !controls.open_path.trim().is_empty() {
            actions.push(ViewAction::Open(controls.open_path.trim().into()));
        }
    })
    .response
    .on_hover_text("A plan file's path (or drop the file on the window)");
    ui.horizontal(|ui| {
        if ui.button("Screenshot").clicked() {
            actions.push(ViewAction::Screenshot { path: None, size: controls.shot_size });
        }
        egui::ComboBox::from_id_salt("shot size")
            .selected_text(match controls.shot_size {
                None => "as shown".to_string(),
                Some([w, h]) => format!("{w}×{h}"),
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut controls.shot_size, None, "as shown");
                for size in [[1920, 1080], [2048, 2048], [3840, 2160], [4096, 4096]] {
                    ui.selectable_value(&mut controls.shot_size, Some(size), format!("{}×{}", size[0], size[1]));
                }
            });
    });
}

fn camera(ui: &mut egui::Ui, controls: &mut Controls) {
    ui.label("View");
    ui.horizontal_wrapped(|ui| {
        for view in View::ALL {
            if ui.button(view.name()).clicked() {
                let distance = controls.orbit.distance_mm;
                controls.orbit = Orbit::from_view(view);
                controls.orbit.distance_mm = distance;
            }
        }
    });
    ui.horizontal(|ui| {
        if ui.button("conversation (1 m)").clicked() {
            controls.orbit.distance_mm = CONVERSATION_MM;
        }
        if ui.button("close-up (25 cm)").clicked() {
            controls.orbit.distance_mm = CLOSE_UP_MM;
        }
    });
    ui.checkbox(&mut controls.mirror, "mirror (as the client sees it)");
    ui.checkbox(&mut controls.heat, "density heat map (dots/cm²)");
    ui.horizontal(|ui| {
        ui.label("compare");
        let mut day = match controls.compare {
            Compare::Day(d) => d,
            _ => 5.0 * 365.25,
        };
        ui.selectable_value(&mut controls.compare, Compare::Off, "off");
        ui.selectable_value(&mut controls.compare, Compare::Day(day), "another day");
        ui.selectable_value(&mut controls.compare, Compare::Saved, "saved plan");
        if let Compare::Day(_) = controls.compare
            && ui.add(egui::DragValue::new(&mut day).range(0.0..=TIMELINE_DAYS).suffix(" days")).changed()
        {
            controls.compare = Compare::Day(day);
        }
    });
}

/// The built-in heads: the plan is laid onto the one picked.
fn head_picker(ui: &mut egui::Ui, status: &Status, actions: &mut Vec<ViewAction>) {
    use crate::mesh::procedural::BuiltinHead;
    egui::ComboBox::from_label("head").selected_text(status.head).show_ui(ui, |ui| {
        for head in BuiltinHead::ALL {
            let label = format!("builtin:{}", head.name());
            let picked = ui.selectable_label(label == status.head, &label).on_hover_text(head.description());
            if picked.clicked() && label != status.head {
                actions.push(ViewAction::Head(head));
            }
        }
    });
}

fn tools(ui: &mut egui::Ui, controls: &mut Controls, actions: &mut Vec<ViewAction>) {
    ui.label("Drag on the head to");
    ui.horizontal(|ui| {
        ui.selectable_value(&mut controls.tool, Tool::Orbit, "turn");
        ui.selectable_value(&mut controls.tool, Tool::Brush(BrushMode::Add), "add dots");
        ui.selectable_value(&mut controls.tool, Tool::Brush(BrushMode::Remove), "remove dots");
        ui.selectable_value(&mut controls.tool, Tool::Hairline, "move hairline");
        ui.selectable_value(&mut controls.tool, Tool::Landmarks, "landmarks");
    });
    if let Tool::Brush(_) = controls.tool {
        ui.add(egui::Slider::new(&mut controls.brush_radius_mm, 2.0..=40.0).text("brush radius, mm"));
        ui.add(egui::Slider::new(&mut controls.brush_dots_per_cm2, 5.0..=150.0).text("strength, dots/cm²"));
    }
    if controls.tool == Tool::Landmarks {
        ui.horizontal(|ui| {
            ui.small("drag brow, ears, nape onto the skin; the axes show the fit (front through the face)");
            if ui.button("Save landmarks").on_hover_text("beside the mesh file, for every later render").clicked() {
                actions.push(ViewAction::SaveLandmarks);
            }
        });
    }
    ui.small("right-drag pans, the wheel zooms, whatever the tool");
}

fn density(ui: &mut egui::Ui, plan: &mut Plan) {
    ui.label("Density");
    let mut peak = plan.zones.max();
    if ui.add(egui::Slider::new(&mut peak, 0.0..=200.0).text("dots/cm², densest zone")).changed() {
        plan.set_peak_density(peak);
    }
    for (name, value) in [
        ("front", &mut plan.zones.front),
        ("top", &mut plan.zones.top),
        ("crown", &mut plan.zones.crown),
        ("temples", &mut plan.zones.temples),
        ("sides", &mut plan.zones.sides),
        ("back", &mut plan.zones.back),
    ] {
        ui.add(egui::Slider::new(value, 0.0..=200.0).text(format!("{name}, dots/cm²")));
    }
    if plan.hairline.points.is_empty() {
        ui.add(
            egui::Slider::new(&mut plan.hairline.height_above_brow_mm, 40.0..=110.0).text("hairline, mm above brow"),
        );
    } else if ui.button("hairline: back to height and recession").clicked() {
        plan.hairline.points.clear();
    }
    if !plan.strokes.is_empty() && ui.button(format!("clear {} brush strokes", plan.strokes.len())).clicked() {
        plan.strokes.clear();
    }
}

fn sessions(ui: &mut egui::Ui, plan: &mut Plan, actions: &mut Vec<ViewAction>) {
    ui.horizontal(|ui| {
        ui.label("Sessions");
        if ui.small_button("+ touch-up").clicked() {
            actions.push(ViewAction::AddTouchUp);
        }
    });
    for (k, s) in plan.sessions.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("session {}", k + 1));
            if k > 0 {
                ui.add(egui::DragValue::new(&mut s.day).range(1.0..=36_500.0).speed(1.0).suffix(" days"));
                if ui.small_button("remove").clicked() {
                    actions.push(ViewAction::RemoveSession(k + 1));
                }
            } else {
                ui.label("day 0");
            }
        });
        ui.add(egui::Slider::new(&mut s.share, 0.0..=1.0).text("share of density"));
        ui.add(egui::Slider::new(&mut s.dilution, 1.0..=30.0).text("dilution, water:pigment"));
        let mut d = s.healed_diameter_mm();
        if ui.add(egui::Slider::new(&mut d, 0.05..=0.6).text("dot, mm")).changed() {
            s.dot_diameter_mm = Some(d);
        }
    }
}

fn client(ui: &mut egui::Ui, plan: &mut Plan) {
    ui.label("Client");
    ui.horizontal(|ui| {
        for (k, rgb) in MONK_SRGB.iter().enumerate() {
            let colour = egui::Color32::from_rgb(rgb[0], rgb[1], rgb[2]);
            let chosen = plan.client.skin_tone == SkinTone::Monk(k as u8 + 1);
            let swatch = egui::Button::new(format!("{}", k + 1)).fill(colour).selected(chosen);
            if ui.add(swatch).on_hover_text(format!("Monk skin tone {}", k + 1)).clicked() {
                plan.client.skin_tone = SkinTone::Monk(k as u8 + 1);
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label("sun");
        ui.selectable_value(&mut plan.client.sun, Sun::Low, "low");
        ui.selectable_value(&mut plan.client.sun, Sun::Normal, "normal");
        ui.selectable_value(&mut plan.client.sun, Sun::High, "high");
    });
    ui.add(egui::Slider::new(&mut plan.client.scalp_tan, 0.0..=1.0).text("scalp tan, share of the face's"));
    // The remaining hair: it grows between shaves, the SMP does not.
    let hair = &mut plan.client.hair;
    egui::ComboBox::from_label("hair colour").selected_text(hair.colour.name().replace('_', " ")).show_ui(ui, |ui| {
        for colour in HairColour::ALL {
            ui.selectable_value(&mut hair.colour, colour, colour.name().replace('_', " "));
        }
    });
    ui.add(egui::Slider::new(&mut hair.grey_share, 0.0..=1.0).text("grey hairs, share"));
    ui.add(
        egui::Slider::new(&mut hair.days_since_shave, 0.0..=MAX_DAYS_SINCE_SHAVE).text("days since shave").step_by(0.5),
    );
}

fn timeline(ui: &mut egui::Ui, controls: &mut Controls, plan: &Plan, status: &Status) {
    let mut position = timeline_position(controls.day);
    ui.horizontal(|ui| {
        let play = if controls.playing { "pause" } else { "play" };
        if ui.button(play).clicked() {
            controls.playing = !controls.playing;
            if controls.playing && controls.day >= TIMELINE_DAYS {
                controls.day = 0.0;
            }
        }
        ui.label(day_label(controls.day));
        ui.spacing_mut().slider_width = (ui.available_width() - 130.0).max(100.0);
        let slider = egui::Slider::new(&mut position, 0.0..=1.0).show_value(false).text("day 0 … 10 years");
        let response = ui.add(slider);
        // A mark under the slider at every session.
        let rail = response.rect;
        for s in &plan.sessions {
            let x = rail.left() + 9.0 + (rail.width() - 18.0) * timeline_position(s.day);
            ui.painter().line_segment(
                [egui::pos2(x, rail.bottom() - 5.0), egui::pos2(x, rail.bottom() + 1.0)],
                egui::Stroke::new(2.0, egui::Color32::from_rgb(230, 160, 60)),
            );
        }
        if response.changed() {
            controls.day = timeline_day(position).min(TIMELINE_DAYS);
            controls.playing = false;
        }
    });
    ui.horizontal(|ui| {
        for (k, s) in plan.sessions.iter().enumerate() {
            if ui.small_button(format!("S{} {}", k + 1, day_label(s.day))).clicked() {
                controls.day = s.day + 1.0;
            }
        }
        if ui.small_button("healed").clicked() {
            controls.day = plan.healed_day();
        }
        if ui.small_button("5 years").clicked() {
            controls.day = 5.0 * 365.25;
        }
    });
    // One line whatever the message: a wrapped status would move the head.
    let line = format!(
        "{} dot slots · head {:.0} ms · window {:.0} ms ({:.0} fps) · {}{}{}",
        status.dot_slots,
        status.head_ms,
        status.frame_ms,
        1000.0 / status.frame_ms.max(1.0),
        status.adapter,
        if controls.status.is_empty() { "" } else { " · " },
        controls.status
    );
    ui.add(egui::Label::new(line.as_str()).truncate()).on_hover_text(line);
}

fn label_halves(ui: &egui::Ui, controls: &Controls, left: egui::Rect, right: egui::Rect) {
    let (a, b) = match controls.compare {
        Compare::Day(d) => (day_label(controls.day), day_label(d)),
        Compare::Saved => ("as edited".to_string(), "as saved".to_string()),
        Compare::Off => return,
    };
    for (rect, text) in [(left, a), (right, b)] {
        ui.painter().text(
            rect.left_top() + egui::vec2(10.0, 8.0),
            egui::Align2::LEFT_TOP,
            text,
            egui::FontId::proportional(16.0),
            egui::Color32::WHITE,
        );
    }
}

/// Orbit, pan and zoom, or paint and drag the hairline, by the tool.
fn head_input(
    ui: &egui::Ui,
    response: &egui::Response,
    rect: egui::Rect,
    controls: &mut Controls,
    draft: &mut Plan,
    geometry: &HeadGeometry,
    edit: &mut HeadEdit,
) {
    let delta = response.drag_delta();
    if response.dragged_by(egui::PointerButton::Secondary) {
        controls.orbit.pan(delta.x, delta.y, rect.height());
    }
    if response.hovered() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y + 50.0 * (i.zoom_delta() - 1.0));
        if scroll != 0.0 {
            controls.orbit.zoom(scroll / 50.0);
        }
    }
    let ppp = ui.pixels_per_point();
    let pixel_of = |pos: egui::Pos2| ViewPixel {
        pixel: Vec2::new((pos.x - rect.left()) * ppp, (pos.y - rect.top()) * ppp),
        size: [(rect.width() * ppp).round() as u32, (rect.height() * ppp).round() as u32],
        mirror: controls.mirror,
    };
    let camera = controls.orbit.camera();
    let chart_under = |pos: egui::Pos2| geometry.pick(&camera, pixel_of(pos)).map(|p| geometry.chart_point(p));
    let primary =
        response.dragged_by(egui::PointerButton::Primary) || response.drag_started_by(egui::PointerButton::Primary);
    let pointer = response.interact_pointer_pos();
    match controls.tool {
        Tool::Orbit => {
            if response.dragged_by(egui::PointerButton::Primary) {
                controls.orbit.drag(if controls.mirror { -delta.x } else { delta.x }, delta.y);
            }
        }
        Tool::Brush(mode) => {
            if let (true, Some(pos)) = (primary, pointer)
                && let Some(chart) = chart_under(pos)
            {
                match &mut edit.stroke {
                    Some(stroke) => {
                        stroke.extend(chart);
                        draft.strokes.pop();
                    }
                    None => {
                        edit.stroke = Some(StrokeInProgress::start(
                            mode,
                            controls.brush_dots_per_cm2,
                            controls.brush_radius_mm,
                            chart,
                        ))
                    }
                }
                // The stroke so far is part of the draft: the head shows it.
                draft.strokes.extend(edit.stroke.as_ref().map(|s| s.stroke.clone()));
            }
            if let Some(pos) = response.hover_pos() {
                // The brush outline, roughly: its radius at the skin's distance.
                let radius = brush_radius_points(&camera, controls.brush_radius_mm, rect.height());
                ui.painter().circle_stroke(pos, radius, egui::Stroke::new(1.5, egui::Color32::from_white_alpha(180)));
            }
        }
        Tool::Hairline => {
            if let (true, Some(pos)) = (primary, pointer) {
                if edit.handle.is_none() {
                    edit.handle = nearest_handle(pos, rect, controls, draft, geometry);
                }
                if let (Some(index), Some(chart)) = (edit.handle, chart_under(pos)) {
                    geometry.drag_handle(&mut draft.hairline, index, chart);
                }
            }
        }
        Tool::Landmarks => {
            if let (true, Some(pos), Some(landmarks)) = (primary, pointer, edit.landmarks.as_mut()) {
                super::landmark_handles::drag(ui, pos, rect, controls, landmarks, &mut edit.landmark, geometry);
            }
        }
    }
}

/// Points on screen a length on the skin near the head's centre spans.
fn brush_radius_points(camera: &crate::core::camera::Camera, radius_mm: f32, height_points: f32) -> f32 {
    let distance = (camera.eye - camera.target).length().max(1.0);
    radius_mm * camera.focal_px(height_points.max(1.0) as u32) / distance
}

fn handle_positions(
    rect: egui::Rect,
    controls: &Controls,
    plan: &Plan,
    geometry: &HeadGeometry,
) -> Vec<Option<egui::Pos2>> {
    let camera = controls.orbit.camera();
    let size = [rect.width().max(1.0) as u32, rect.height().max(1.0) as u32];
    geometry
        .hairline_handles(&plan.hairline)
        .into_iter()
        .map(|h| {
            let skin = geometry.skin_point(geometry.handle_chart(h))?;
            let at = geometry.on_screen(&camera, size, controls.mirror, skin)?;
            Some(rect.left_top() + egui::vec2(at.x, at.y))
        })
        .collect()
}

fn nearest_handle(
    pos: egui::Pos2,
    rect: egui::Rect,
    controls: &Controls,
    plan: &Plan,
    geometry: &HeadGeometry,
) -> Option<usize> {
    handle_positions(rect, controls, plan, geometry)
        .into_iter()
        .enumerate()
        .filter_map(|(k, p)| Some((k, p?.distance(pos))))
        .filter(|(_, d)| *d < 20.0)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

fn draw_handles(
    ui: &egui::Ui,
    rect: egui::Rect,
    controls: &Controls,
    plan: &Plan,
    geometry: &HeadGeometry,
    edit: &HeadEdit,
) {
    let points = handle_positions(rect, controls, plan, geometry);
    let painter = ui.painter().with_clip_rect(rect);
    let line: Vec<egui::Pos2> = points.iter().flatten().copied().collect();
    painter.add(egui::Shape::line(line, egui::Stroke::new(1.0, egui::Color32::from_rgb(255, 200, 80))));
    for (k, p) in points.iter().enumerate() {
        if let Some(p) = p {
            let held = edit.handle == Some(k);
            painter.circle(
                *p,
                if held { 7.0 } else { 5.0 },
                egui::Color32::from_rgb(255, 200, 80),
                egui::Stroke::new(1.0, egui::Color32::BLACK),
            );
        }
    }
}

pub fn day_label(day: f32) -> String {
    if day < 60.0 {
        format!("day {day:.0}")
    } else if day < 730.0 {
        format!("month {:.0}", day / 30.44)
    } else {
        format!("year {:.1}", day / 365.25)
    }
}
