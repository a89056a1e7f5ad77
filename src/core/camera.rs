//! Named views of the head and the perspective camera behind them.

use crate::core::error::SmpError;
use glam::{Mat4, Vec3, Vec4, vec3};

/// The views a practitioner looks at a head from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    Front,
    Back,
    /// The client's left side.
    Left,
    /// The client's right side.
    Right,
    /// From above, face at the top of the image (like the chart).
    Top,
    /// Front and the client's left, from slightly above.
    ThreeQuarter,
    /// Head and shoulders, turned a little to the client's left, at eye
    /// height: what a client is shown first.
    Portrait,
}

impl View {
    pub const ALL: [View; 7] =
        [View::Front, View::Back, View::Left, View::Right, View::Top, View::ThreeQuarter, View::Portrait];

    pub fn name(self) -> &'static str {
        match self {
            View::Front => "front",
            View::Back => "back",
            View::Left => "left",
            View::Right => "right",
            View::Top => "top",
            View::ThreeQuarter => "three-quarter",
            View::Portrait => "portrait",
        }
    }

    pub fn parse(name: &str) -> Result<View, SmpError> {
        View::ALL.into_iter().find(|v| v.name() == name.trim().to_lowercase()).ok_or_else(|| SmpError::UnknownView {
            name: name.to_string(),
            known: View::ALL.map(|v| v.name()).join(", "),
        })
    }

    /// Unit direction from the head towards the camera, and the camera's up.
    fn direction(self) -> (Vec3, Vec3) {
        let (e, a) = (10f32.to_radians(), 35f32.to_radians());
        match self {
            View::Front => (vec3(0.0, e.sin(), e.cos()), Vec3::Y),
            View::Back => (vec3(0.0, e.sin(), -e.cos()), Vec3::Y),
            View::Left => (vec3(e.cos(), e.sin(), 0.0), Vec3::Y),
            View::Right => (vec3(-e.cos(), e.sin(), 0.0), Vec3::Y),
            View::Top => (Vec3::Y, Vec3::Z),
            View::ThreeQuarter => {
                let e = 15f32.to_radians();
                (vec3(a.sin() * e.cos(), e.sin(), a.cos() * e.cos()), Vec3::Y)
            }
            View::Portrait => {
                let (a, e) = (20f32.to_radians(), 4f32.to_radians());
                (vec3(a.sin() * e.cos(), e.sin(), a.cos() * e.cos()), Vec3::Y)
            }
        }
    }

    /// Radius round the aim point the view keeps in frame (mm).
    fn frame_radius_mm(self) -> f32 {
        if self == View::Portrait { PORTRAIT_RADIUS_MM } else { FRAME_RADIUS_MM }
    }

    /// How far below the head centre the view aims, across the view (mm).
    pub fn aim_below_mm(self) -> f32 {
        if self == View::Portrait { PORTRAIT_AIM_BELOW_MM } else { 0.0 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub eye: Vec3,
    pub target: Vec3,
    pub up: Vec3,
    pub fov_y_deg: f32,
}

/// Centre of the cranium in the head frame, where views aim.
const HEAD_CENTRE: Vec3 = vec3(0.0, 15.0, 0.0);
/// Radius round the centre a view keeps in frame (head, ears and chin).
const FRAME_RADIUS_MM: f32 = 150.0;
const FOV_Y_DEG: f32 = 30.0;
/// The portrait: head, neck and the shoulders' start, aimed below the
/// head's centre so the chin sits a little under the middle.
const PORTRAIT_RADIUS_MM: f32 = 215.0;
const PORTRAIT_AIM_BELOW_MM: f32 = 55.0;
/// Nearest and farthest eye distances (mm) a view accepts.
pub const DISTANCE_RANGE_MM: (f32, f32) = (150.0, 3000.0);

impl Camera {
    /// A view that frames the whole head (the portrait: head and shoulders).
    pub fn for_view(view: View) -> Self {
        Self::at_distance(view, Self::framing_distance(view))
    }

    /// Eye distance (mm from the aim point) that frames what `view` shows.
    pub fn framing_distance(view: View) -> f32 {
        view.frame_radius_mm() / (0.5 * FOV_Y_DEG.to_radians()).sin()
    }

    /// A view from `distance` mm: ≈ 1000 is conversation distance, ≈ 250 a
    /// close-up, where single dots show.
    pub fn at_distance(view: View, distance: f32) -> Self {
        let fov_y_deg = FOV_Y_DEG;
        let (dir, up) = view.direction();
        let screen_up = dir.cross(up.cross(dir)).normalize_or(Vec3::Y);
        let target = HEAD_CENTRE - screen_up * view.aim_below_mm();
        Self { eye: target + dir * distance, target, up, fov_y_deg }
    }

    pub fn view(&self) -> Mat4 {
        let f = (self.target - self.eye).normalize();
        let s = f.cross(self.up).normalize();
        let u = s.cross(f);
        Mat4::from_cols(
            Vec4::new(s.x, u.x, -f.x, 0.0),
            Vec4::new(s.y, u.y, -f.y, 0.0),
            Vec4::new(s.z, u.z, -f.z, 0.0),
            Vec4::new(-s.dot(self.eye), -u.dot(self.eye), f.dot(self.eye), 1.0),
        )
    }

    /// Right-handed perspective with WebGPU's 0..1 depth.
    pub fn projection(&self, aspect: f32) -> Mat4 {
        let (near, far) = (10.0f32, 5000.0f32);
        let f = 1.0 / (0.5 * self.fov_y_deg.to_radians()).tan();
        Mat4::from_cols(
            Vec4::new(f / aspect, 0.0, 0.0, 0.0),
            Vec4::new(0.0, f, 0.0, 0.0),
            Vec4::new(0.0, 0.0, far / (near - far), -1.0),
            Vec4::new(0.0, 0.0, near * far / (near - far), 0.0),
        )
    }

    pub fn view_proj(&self, aspect: f32) -> Mat4 {
        self.projection(aspect) * self.view()
    }

    /// Focal length in pixels for an image `height` pixels tall.
    pub fn focal_px(&self, height: u32) -> f32 {
        0.5 * height as f32 / (0.5 * self.fov_y_deg.to_radians()).tan()
    }

    /// Direction towards the key light: above and to the left of the camera.
    pub fn key_light(&self) -> Vec3 {
        let f = (self.target - self.eye).normalize();
        let s = f.cross(self.up).normalize();
        let u = s.cross(f);
        (-0.45 * s + 0.6 * u - 0.65 * f).normalize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_parse_and_unknown_views_are_named() {
        for v in View::ALL {
            assert_eq!(View::parse(v.name()).unwrap(), v);
        }
        let e = View::parse("sideways").unwrap_err().to_string();
        assert!(e.contains("sideways") && e.contains("three-quarter"), "{e}");
    }

    #[test]
    fn front_view_sees_the_face_in_the_middle() {
        let cam = Camera::for_view(View::Front);
        let clip = cam.view_proj(1.0) * Vec4::new(0.0, 15.0, 90.0, 1.0);
        let ndc = clip / clip.w;
        assert!(ndc.x.abs() < 0.05 && ndc.y.abs() < 0.2 && (0.0..1.0).contains(&ndc.z), "{ndc}");
        // The client's left ear (+X) appears on the image's right.
        let ear = cam.view_proj(1.0) * Vec4::new(80.0, 0.0, 0.0, 1.0);
        assert!(ear.x / ear.w > 0.2);
    }
}
