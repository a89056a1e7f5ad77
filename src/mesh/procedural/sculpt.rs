//! The built-in heads' signed distance field: smoothly blended primitives,
//! shaped by a `HeadShape` (whose head, how round, how far the ears stand).

use glam::{Vec3, vec3};

/// What makes one built-in head differ from another. Lengths in mm in the
/// head frame, before `scale`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeadShape {
    /// The whole head's size against the default man's.
    pub scale: f32,
    /// Half-axes of the cranium's ellipsoid (x: half breadth, y: up from its
    /// centre, z: half length). The forehead stays where it is; a longer
    /// cranium grows backwards.
    pub cranium: Vec3,
    /// The occiput's bulge (mm, > 0) or flattening (< 0), on the midline
    /// behind and a little below the cranium's centre.
    pub occiput_mm: f32,
    /// How far the ears turn out from the head about their front edge (°).
    pub ear_out_deg: f32,
    /// Jaw and chin width against the man's (a woman's jaw is narrower).
    pub jaw: f32,
    /// The brow ridge's prominence against the man's.
    pub brow_ridge: f32,
    /// Lip fullness against the man's.
    pub lips: f32,
    /// Neck radius (mm).
    pub neck_mm: f32,
}

/// The default man's cranium half-axes; the forehead is at z = `FRONT_Z`.
pub const CRANIUM: Vec3 = vec3(76.0, 93.0, 99.0);
pub const FRONT_Z: f32 = 91.0;
pub const CRANIUM_Y: f32 = 22.0;

impl HeadShape {
    pub const MAN: HeadShape = HeadShape {
        scale: 1.0,
        cranium: CRANIUM,
        occiput_mm: 0.0,
        ear_out_deg: 0.0,
        jaw: 1.0,
        brow_ridge: 1.0,
        lips: 1.0,
        neck_mm: 54.0,
    };

    /// Centre of the cranium's ellipsoid (before `scale`).
    pub fn cranium_centre(&self) -> Vec3 {
        vec3(0.0, CRANIUM_Y, FRONT_Z - self.cranium.z)
    }

    /// The head's signed distance (mm), negative inside.
    pub fn distance(&self, p: Vec3) -> f32 {
        self.unscaled(p / self.scale) * self.scale
    }

    /// Signed distance to the nearer ear (lets tests tell ear from scalp).
    pub fn ear_distance(&self, p: Vec3) -> f32 {
        let q = p / self.scale;
        ear(self, q, 1.0).min(ear(self, q, -1.0)) * self.scale
    }

    /// Signed distance to the cranium alone, without face, ears or neck.
    pub fn cranium_distance(&self, p: Vec3) -> f32 {
        cranium(self, p / self.scale) * self.scale
    }

    fn unscaled(&self, p: Vec3) -> f32 {
        let s = self;
        let mut d = cranium(s, p);
        // Face mass, jaw and chin.
        d = smin(d, sd_ellipsoid(p, vec3(0.0, -35.0, 38.0), vec3(60.0 * s.jaw.sqrt(), 62.0, 55.0)), 18.0);
        d = smin(d, sd_ellipsoid(p, vec3(0.0, -90.0, 52.0), vec3(34.0 * s.jaw, 26.0, 36.0)), 14.0);
        for side in [-1.0f32, 1.0] {
            let jaw_x = |x: f32| x * s.jaw;
            d = smin(
                d,
                sd_capsule(p, vec3(jaw_x(50.0) * side, -52.0, 8.0), vec3(jaw_x(26.0) * side, -100.0, 50.0), 13.0),
                12.0,
            );
            // Cheekbones.
            d = smin(d, sd_ellipsoid(p, vec3(44.0 * side, -22.0, 60.0), vec3(18.0, 14.0, 18.0)), 10.0);
        }
        // Brow ridge.
        let ridge = 5.0 * s.brow_ridge;
        d = smin(d, sd_capsule(p, vec3(-38.0, 6.0, 78.0 + ridge), vec3(38.0, 6.0, 78.0 + ridge), ridge), 14.0);
        // Eye sockets, then the eyes in them.
        for side in [-1.0f32, 1.0] {
            d = smax(d, -sd_ellipsoid(p, vec3(32.0 * side, -9.0, 92.0), vec3(17.0, 12.0, 14.0)), 6.0);
            d = smin(d, sd_ellipsoid(p, vec3(32.0 * side, -10.0, 74.0), vec3(12.0, 10.0, 12.0)), 3.0);
            // Upper lid over the eye.
            d = smin(d, sd_ellipsoid(p, vec3(32.0 * side, -6.0, 76.0), vec3(14.0, 7.0, 11.0)), 4.0);
        }
        // Nose: bridge to tip, and the nostril wings.
        d = smin(d, sd_capsule(p, vec3(0.0, -2.0, 90.0), vec3(0.0, -40.0, 110.0), 7.5), 9.0);
        d = smin(d, sd_ellipsoid(p, vec3(0.0, -44.0, 102.0), vec3(15.0, 8.0, 10.0)), 5.0);
        // Lips and the mouth line.
        let lip = 6.5 * s.lips;
        d = smin(d, sd_ellipsoid(p, vec3(0.0, -62.0, 93.0), vec3(20.0, 4.5 * s.lips, lip)), 7.0);
        d = smin(d, sd_ellipsoid(p, vec3(0.0, -73.0, 91.0), vec3(18.0, 5.0 * s.lips, lip)), 7.0);
        d = smax(d, -sd_ellipsoid(p, vec3(0.0, -68.0, 101.0), vec3(21.0, 1.0, 6.0)), 1.5);
        // Ears.
        d = smin(d, ear(s, p, 1.0), 4.0);
        d = smin(d, ear(s, p, -1.0), 4.0);
        // Neck, cut flat at the bottom.
        d = smin(d, sd_capsule(p, vec3(0.0, -55.0, -18.0), vec3(0.0, -260.0, -12.0), s.neck_mm), 24.0);
        d.max(-(p.y + 205.0))
    }
}

fn sd_ellipsoid(p: Vec3, c: Vec3, r: Vec3) -> f32 {
    // Inigo Quilez's bound for ellipsoids: good near the surface.
    let q = p - c;
    let k0 = (q / r).length();
    let k1 = (q / (r * r)).length();
    if k1 < 1e-9 { -r.min_element() } else { k0 * (k0 - 1.0) / k1 }
}

fn sd_capsule(p: Vec3, a: Vec3, b: Vec3, r: f32) -> f32 {
    let pa = p - a;
    let ba = b - a;
    let h = (pa.dot(ba) / ba.dot(ba)).clamp(0.0, 1.0);
    (pa - ba * h).length() - r
}

fn smin(a: f32, b: f32, k: f32) -> f32 {
    let h = (0.5 + 0.5 * (b - a) / k).clamp(0.0, 1.0);
    b + (a - b) * h - k * h * (1.0 - h)
}

fn smax(a: f32, b: f32, k: f32) -> f32 {
    -smin(-a, -b, k)
}

fn cranium(s: &HeadShape, p: Vec3) -> f32 {
    // Narrower at the forehead than at the parietal bosses, flatter on top.
    let c = s.cranium_centre();
    let front = ((p.z - c.z) / s.cranium.z).clamp(-1.0, 1.0);
    let taper = 1.0 - 0.05 * front.max(0.0) + 0.02 * (-front).max(0.0);
    let q = vec3(p.x / taper, p.y, p.z);
    let mut d = sd_ellipsoid(q, c, s.cranium) * taper.min(1.0);
    // The occiput: behind the centre, a little below it.
    let back = c + vec3(0.0, -12.0, -s.cranium.z);
    if s.occiput_mm > 0.0 {
        let bump = sd_ellipsoid(p, back + vec3(0.0, 0.0, 28.0), vec3(48.0, 40.0, 28.0 + s.occiput_mm));
        d = smin(d, bump, 16.0);
    } else if s.occiput_mm < 0.0 {
        // A flat back: the occiput cut by a plane, blended round.
        d = smax(d, back.z - s.occiput_mm - p.z, 24.0);
    }
    d
}

fn ear(s: &HeadShape, p: Vec3, side: f32) -> f32 {
    // Work in the left ear's frame, tilted back ~15°, turned out about its
    // front edge by `ear_out_deg`.
    let q = vec3(p.x * side, p.y, p.z);
    let hinge = vec3(72.0 * s.cranium.x / CRANIUM.x, -6.0, 6.0);
    let (so, co) = s.ear_out_deg.to_radians().sin_cos();
    let h = q - hinge;
    // The field is read at the point turned back, so the ear's back edge
    // (z < hinge) swings out to +x.
    let q = hinge + vec3(h.x * co + h.z * so, h.y, -h.x * so + h.z * co);
    let c = vec3(hinge.x + 6.0, -6.0, -8.0);
    let (s, co) = (0.26f32.sin(), 0.26f32.cos());
    let d = q - c;
    let r = vec3(d.x, d.y * co - d.z * s, d.y * s + d.z * co);
    let shell = sd_ellipsoid(r, Vec3::ZERO, vec3(9.0, 30.0, 18.0));
    let concha = sd_ellipsoid(r, vec3(7.0, -2.0, 1.0), vec3(5.0, 20.0, 11.0));
    smax(shell, -concha, 2.0)
}
