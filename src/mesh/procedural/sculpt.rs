//! The built-in heads' signed distance field: smoothly blended primitives,
//! shaped by a `HeadShape` (whose head, how round, how far the ears stand).

use super::face::Reach;
use super::sdf::{capsule, ellipsoid, smax, smin, sphere};
pub use super::shape::{BUST_BOTTOM_Y, CRANIUM, CRANIUM_Y, FRONT_Z, HeadShape};
use glam::{Vec3, vec2, vec3};

impl HeadShape {
    /// The triangle size (mm) wanted round `p` (head frame, after `scale`):
    /// 5 on the shoulders and chest, 2.5 on the head, 1.25 on the ears and
    /// round eyes, nose and mouth, 0.625 on the lids, nostrils and lips.
    pub fn cell_wanted_mm(&self, p: Vec3) -> f32 {
        let q = p / self.scale;
        let eye = super::face::EYE_CENTRE;
        let from_eye = (vec3(q.x.abs(), q.y, q.z) - eye) / vec3(26.0, 18.0, 20.0);
        let nose_and_mouth = q.x.abs() < 34.0 && (-92.0..-30.0).contains(&q.y) && q.z > 78.0;
        let lids = (from_eye * vec3(1.1, 1.6, 1.0)).length() < 1.0 && q.z > eye.z;
        let lips_and_nostrils = q.x.abs() < 30.0 && (-84.0..-40.0).contains(&q.y) && q.z > 82.0;
        // The temples, for their veins (`chart::veins`): 1.25 mm triangles
        // draw lines ≈ 3 mm wide.
        let temple = (vec3(q.x.abs(), q.y, q.z) - vec3(62.0, 32.0, 36.0)).abs().cmplt(vec3(16.0, 34.0, 34.0)).all();
        if lids || lips_and_nostrils {
            0.625
        } else if from_eye.length() < 1.0 || nose_and_mouth || temple || self.ear_distance(p) < 4.0 * self.scale {
            1.25
        } else if q.y > -150.0 {
            2.5
        } else {
            5.0
        }
    }

    /// The head's signed distance (mm), negative inside.
    pub fn distance(&self, p: Vec3) -> f32 {
        self.unscaled(p / self.scale) * self.scale
    }

    /// Signed distance to the nearer ear (lets tests tell ear from scalp).
    pub fn ear_distance(&self, p: Vec3) -> f32 {
        let q = p / self.scale;
        ear(self, q, q.x.signum()) * self.scale
    }

    /// Signed distance to the cranium alone, without face, ears or neck.
    pub fn cranium_distance(&self, p: Vec3) -> f32 {
        cranium(self, p / self.scale) * self.scale
    }

    fn unscaled(&self, p: Vec3) -> f32 {
        self.field(p, true)
    }

    /// The field. Face, ears and bust exist only inside their boxes (a
    /// far part's blend tail would otherwise reach the skin through the
    /// bust's wide blends). `gated`: each of their parts only where it can
    /// change the field (`face::Reach`), which saves most of the work; the
    /// whole field, only to test that the gates change nothing.
    fn field(&self, p: Vec3, gated: bool) -> f32 {
        let mut d = cranium(self, p);
        if FACE_REACH.holds(p, true) {
            d = super::face::face(self, p, d, gated);
        }
        if EAR_REACH.holds(vec3(p.x.abs(), p.y, p.z), true) {
            d = smin(d, ear(self, p, p.x.signum()), 3.0);
        }
        if BUST_REACH.holds(p, true) { bust(self, p, d, gated) } else { d }
    }
}

const FACE_REACH: Reach = Reach::new(vec3(-95.0, -155.0, -35.0), vec3(95.0, 45.0, 200.0));
const EAR_REACH: Reach = Reach::new(vec3(55.0, -65.0, -60.0), vec3(200.0, 45.0, 30.0));
const BUST_REACH: Reach = Reach::new(vec3(-300.0, -400.0, -200.0), vec3(300.0, 25.0, 200.0));
// The bust's parts below their tops (blend radius and 30 mm over each).
const BELOW_SCM: Reach = Reach::new(vec3(-300.0, -400.0, -200.0), vec3(300.0, 5.0, 200.0));
const BELOW_TRAPEZIUS: Reach = Reach::new(vec3(-300.0, -400.0, -200.0), vec3(300.0, -46.0, 200.0));
const BELOW_SHOULDERS: Reach = Reach::new(vec3(-300.0, -400.0, -200.0), vec3(300.0, -134.0, 200.0));
const ROUND_LARYNX: Reach = Reach::new(vec3(-52.0, -199.0, -10.0), vec3(52.0, -93.0, 200.0));

fn cranium(s: &HeadShape, p: Vec3) -> f32 {
    // Narrower at the forehead than at the parietal bosses, flatter on top.
    let c = s.cranium_centre();
    let front = ((p.z - c.z) / s.cranium.z).clamp(-1.0, 1.0);
    let taper = 1.0 - 0.05 * front.max(0.0) + 0.02 * (-front).max(0.0);
    let q = vec3(p.x / taper, p.y, p.z);
    let mut d = ellipsoid(q, c, s.cranium) * taper.min(1.0);
    // The occiput: behind the centre, a little below it.
    let back = c + vec3(0.0, -12.0, -s.cranium.z);
    if s.occiput_mm > 0.0 {
        let bump = ellipsoid(p, back + vec3(0.0, 0.0, 28.0), vec3(48.0, 40.0, 28.0 + s.occiput_mm));
        d = smin(d, bump, 16.0);
    } else if s.occiput_mm < 0.0 {
        // A flat back: the occiput cut by a plane, blended round.
        d = smax(d, back.z - s.occiput_mm - p.z, 24.0);
    }
    d
}

fn ear(s: &HeadShape, p: Vec3, side: f32) -> f32 {
    // The left ear's frame: turned out about its front edge by
    // `ear_out_deg`, tilted back ≈ 23° from vertical (E: ear axis 15–30°).
    let q = vec3(p.x * side, p.y, p.z);
    let hinge = vec3(72.0 * s.cranium.x / CRANIUM.x, -6.0, 6.0);
    let (so, co) = s.ear_out_deg.to_radians().sin_cos();
    let h = q - hinge;
    // The field is read at the point turned back, so the ear's back edge
    // (z < hinge) swings out to +x.
    let q = hinge + vec3(h.x * co + h.z * so, h.y, -h.x * so + h.z * co);
    let c = vec3(hinge.x + 6.0, -13.0, -6.0);
    let (st, ct) = 0.4f32.sin_cos();
    let d = q - c;
    // a: backwards along the ear, b: up it, n: out from the head (the ear
    // stands ≈ 11° off the skull even when it lies close; more, and the
    // chart, which sees the outermost skin, would put scalp dots on it).
    let (a, b) = (-d.z * ct - d.y * st, d.y * ct - d.z * st);
    let n = d.x + 0.2 * (a + 10.0).max(0.0);
    let e = vec3(a, b, n);
    // The plate: sa–sba ≈ 62 mm long, ≈ 34 wide.
    let plate = ellipsoid(e, vec3(0.0, 0.0, 1.5), vec3(16.5, 30.0, 4.0));
    // The helix: a rolled rim round the back and the top.
    let rim = ((vec2(a / 15.0, b / 28.5).length() - 1.0) * 15.5).abs();
    let helix = (vec2(rim, n - 4.0).length() - 2.6).max((-6.0 - a).min(2.0 - b));
    // The antihelix: a ridge inside the rim, forking up and forwards.
    let anti = ((vec2(a + 2.0, b + 2.0) / vec2(10.5, 16.0)).length() - 1.0).abs() * 10.0;
    let antihelix = (vec2(anti, n - 4.5).length() - 1.8).max(-(a + b * 0.3 + 4.0)).max(b - 14.0);
    // The lobe, soft and thick; the tragus in front of the concha.
    let lobe = ellipsoid(e, vec3(-1.0, -23.0, 2.5), vec3(9.0, 8.5, 4.0));
    let tragus = ellipsoid(e, vec3(-12.5, -6.0, 5.0), vec3(3.0, 4.5, 3.2));
    let mut ear = smin(plate, helix, 1.5);
    ear = smin(ear, antihelix, 1.5);
    ear = smin(ear, lobe, 3.0);
    ear = smin(ear, tragus, 1.5);
    // The concha: the bowl before the ear canal.
    let concha = ellipsoid(e, vec3(-4.0, -5.0, 7.0), vec3(8.5, 11.0, 6.5));
    smax(ear, -concha, 1.2)
}

/// Neck and shoulders, the top of the chest: a portrait bust.
fn bust(s: &HeadShape, p: Vec3, d: f32, gated: bool) -> f32 {
    let neck = s.neck_mm;
    let mut d = smin(d, capsule(p, vec3(0.0, -62.0, -16.0), vec3(0.0, -230.0, -8.0), neck), 22.0);
    for side in [-1.0f32, 1.0] {
        if BELOW_SCM.holds(p, gated) {
            // Sternocleidomastoid: from behind the ear to the sternum.
            let scm = capsule(p, vec3(side * 46.0, -48.0, -22.0), vec3(side * 13.0, -206.0, 36.0), 0.16 * neck);
            d = smin(d, scm, 14.0);
        }
        if BELOW_TRAPEZIUS.holds(p, gated) {
            // Trapezius: the slope from the neck to the shoulder.
            let shoulder = vec3(side * 150.0 * s.shoulders, -222.0, -22.0);
            d = smin(d, capsule(p, vec3(side * 30.0, -130.0, -40.0), shoulder, 24.0), 30.0);
        }
        if BELOW_SHOULDERS.holds(p, gated) {
            // Deltoid cap and the clavicle.
            let shoulder = vec3(side * 150.0 * s.shoulders, -222.0, -22.0);
            d = smin(d, sphere(p, shoulder + vec3(side * 18.0, -18.0, 8.0), 40.0), 30.0);
            // The shoulder's top over the supraclavicular hollow.
            let top = ellipsoid(p, vec3(side * 78.0 * s.shoulders, -212.0, 0.0), vec3(62.0, 28.0, 46.0));
            d = smin(d, top, 20.0);
            let clavicle =
                capsule(p, vec3(side * 16.0, -206.0, 44.0), vec3(side * 130.0 * s.shoulders, -206.0, 6.0), 4.5);
            d = smin(d, clavicle, 14.0);
        }
    }
    if BELOW_SHOULDERS.holds(p, gated) {
        // Chest.
        d = smin(d, ellipsoid(p, vec3(0.0, -290.0, -8.0), vec3(160.0 * s.shoulders, 80.0, 95.0)), 40.0);
    }
    // The larynx (Adam's apple), marked in men.
    if s.larynx > 0.0 && ROUND_LARYNX.holds(p, gated) {
        let apple = ellipsoid(p, vec3(0.0, -146.0, 33.0 + 5.0 * s.larynx), vec3(11.0, 15.0, 9.0 * s.larynx + 2.0));
        d = smin(d, apple, 8.0);
    }
    // The bust ends in a flat cut across the chest.
    d.max(-(p.y - BUST_BOTTOM_Y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::procedural::BuiltinHead;

    /// The parts' reach leaves the field unchanged within 5 mm of the skin
    /// (where Newton's steps read it), within 10 µm to 15 mm (where the
    /// mesher's band reads it), and its sign everywhere, on every
    /// head: on a 6 mm grid over the mesher's box, set off the grid's axes.
    #[test]
    fn gated_field_is_the_whole_field() {
        for head in BuiltinHead::ALL {
            let shape = head.shape();
            let (lo, hi) = (vec3(-225.0, -330.0, -160.0), vec3(225.0, 130.0, 130.0));
            let steps = ((hi - lo) / 6.0).as_uvec3();
            let mut near = 0;
            for i in 0..steps.x {
                for j in 0..steps.y {
                    for k in 0..steps.z {
                        let p = (lo + vec3(i as f32, j as f32, k as f32) * 6.0 + 0.37) / shape.scale;
                        let whole = shape.field(p, false);
                        let gated = shape.field(p, true);
                        if whole.abs() < 15.0 {
                            near += 1;
                            let tolerance = if whole.abs() < 5.0 { 1e-4 } else { 1e-2 };
                            assert!(
                                (whole - gated).abs() < tolerance,
                                "{}: at {p} the field is {whole}, gated {gated}",
                                head.name()
                            );
                        } else {
                            assert_eq!(
                                whole < 0.0,
                                gated < 0.0,
                                "{}: at {p} the field is {whole}, gated {gated}",
                                head.name()
                            );
                        }
                    }
                }
            }
            assert!(near > 10_000, "{}: only {near} points near the skin", head.name());
        }
    }
}
