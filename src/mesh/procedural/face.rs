//! The built-in heads' face: brow, eyes with their lids, nose, lips, cheeks,
//! jaw and chin, in the head frame before the shape's scale (mm, +Y up, +Z
//! the way the face looks). Sizes follow young adult norms (Farkas 1994;
//! `docs/heads.md` lists each and what the mesh measures).

use super::sdf::{capsule, disc, ellipsoid, ring, smax, smin, smoothstep, sphere, tapered_capsule};
use super::shape::HeadShape;
use glam::{Vec2, Vec3, vec2, vec3};

/// The eyeball: its centre (left eye; the right mirrors it) and radius.
/// Pupils 63 mm apart, the cornea ≈ 8 mm behind the glabella and ≈ 1 mm in
/// front of the cheek below it.
pub const EYE_CENTRE: Vec3 = vec3(31.5, -8.0, 67.5);
pub const EYE_RADIUS: f32 = 12.0;
/// The eye's half-width as the fissure shows it: wider than the ball, as
/// the canthi wrap round its sides (and the caruncle fills the inner
/// corner), so ex–en is the norm's ≈ 31 mm.
const EYE_HALF_WIDTH: f32 = 17.0;
/// The iris's radius on the eye (visible iris ≈ 11.8 mm across; the
/// shader's `IRIS_RADIUS_MM`).
pub const IRIS_RADIUS: f32 = 5.9;
/// How far the lids stand over the eyeball (mm): the lid margin's step.
const LID_OVER_EYE: f32 = 1.8;
/// The palpebral fissure in the eye's plane: medial and lateral canthus
/// (mm from the pupil's axis, + outwards; the corners' rounding adds a
/// millimetre all round), the upper and lower margins'
/// heights over the line between them, and the lateral canthus's rise.
const MEDIAL_CANTHUS: f32 = -18.0;
const LATERAL_CANTHUS: f32 = 16.0;
const UPPER_MARGIN: f32 = 4.2;
const LOWER_MARGIN: f32 = 4.0;
const CANTHAL_TILT: f32 = 0.07;
const FISSURE_ROUNDING: f32 = 1.0;

/// The mouth's line on the midline (y, z): the stomion.
pub const STOMION: Vec2 = vec2(-71.5, 90.0);
/// Half the mouth's width (cheilion), ≈ 53 mm between the corners.
pub const MOUTH_HALF_WIDTH: f32 = 26.5;
/// The upper lip's tubercle, at the midline over the seam.
const UPPER_TUBERCLE: Vec3 = vec3(0.0, -69.3, 88.6);

/// The eye's plane coordinates of `p` for the eye on `side` (+1 left, -1
/// right): (outwards from the pupil's axis, up from the fissure's line).
fn fissure_coordinates(p: Vec3) -> Vec2 {
    let u = p.x.abs() - EYE_CENTRE.x;
    let v = p.y - EYE_CENTRE.y - CANTHAL_TILT * u;
    vec2(u, v)
}

/// Negative inside the palpebral fissure (the opening between the lids).
fn fissure(q: Vec2) -> f32 {
    let half = 0.5 * (LATERAL_CANTHUS - MEDIAL_CANTHUS);
    let mid = 0.5 * (LATERAL_CANTHUS + MEDIAL_CANTHUS);
    // Each margin an arc through both canthi; the upper lid's highest point
    // a little towards the nose, the lower's lowest a little outwards.
    let arc = |h: f32| (half * half + h * h) / (2.0 * h);
    let (ru, rl) = (arc(UPPER_MARGIN), arc(LOWER_MARGIN));
    let below_upper = disc(q, vec2(mid - 1.5, UPPER_MARGIN - ru), ru);
    let above_lower = disc(q, vec2(mid + 1.5, rl - LOWER_MARGIN), rl);
    // Offset outwards: corners rounded over a millimetre, as the lids'
    // margins meet (the inner corner round the caruncle is blunter still).
    below_upper.max(above_lower) - FISSURE_ROUNDING
}

/// The eye on the side of `p`: the ball with its cornea, the lids round it
/// with the fissure cut through them, the upper lid's crease.
fn eye(p: Vec3) -> f32 {
    let c = vec3(EYE_CENTRE.x * p.x.signum(), EYE_CENTRE.y, EYE_CENTRE.z);
    let ball = eyeball(p, c);
    let q = fissure_coordinates(p);
    // The lids: wider than the ball, so the fissure's corners (the canthi)
    // wrap round its sides; the opening runs through their front only.
    let opening = fissure(q).max(c.z + 4.0 - p.z);
    let r = (p - c).length();
    let over = EYE_RADIUS + LID_OVER_EYE;
    let mut lids = smax(ellipsoid(p, c, vec3(EYE_HALF_WIDTH + LID_OVER_EYE + 1.0, over, over)), -opening, 0.6);
    // The upper lid's crease: a shallow groove ≈ 6 mm above the margin.
    let half = 0.5 * (LATERAL_CANTHUS - MEDIAL_CANTHUS);
    let ru = (half * half + UPPER_MARGIN * UPPER_MARGIN) / (2.0 * UPPER_MARGIN);
    let crease = ring(q, vec2(-1.5 - 0.25, UPPER_MARGIN - ru), ru + 6.0) - 0.7;
    let crease = crease.max(q.x.abs() - 13.0).max(EYE_RADIUS + 0.6 - r);
    lids = smax(lids, -crease, 0.6);
    ball.min(lids)
}

/// Share of the eyeball's surface (sclera and iris) at skin point `p`: 1 on
/// the eye seen through the fissure, 0 on the lids and elsewhere.
pub fn eye_share(p: Vec3) -> f32 {
    let c = vec3(EYE_CENTRE.x * p.x.signum(), EYE_CENTRE.y, EYE_CENTRE.z);
    1.0 - smoothstep(0.2, 0.6, eyeball(p, c))
}

/// The eyeball round `c` with its cornea.
fn eyeball(p: Vec3, c: Vec3) -> f32 {
    let ball = ellipsoid(p, c, vec3(EYE_HALF_WIDTH, EYE_RADIUS, EYE_RADIUS));
    ball.min(sphere(p, c + vec3(0.0, 0.0, 5.4), 7.8))
}

/// The lash line at skin point `p`: 1 along the upper lid's margin where
/// the lashes root (dense), less along the lower's, fading to the canthi;
/// 0 elsewhere. Drawn as a darkening: the lashes themselves are finer than
/// a pixel of a portrait.
pub fn lash_share(p: Vec3) -> f32 {
    let c = vec3(EYE_CENTRE.x * p.x.signum(), EYE_CENTRE.y, EYE_CENTRE.z);
    // On the lids' front only: not the eye, not the canthi's floor.
    if p.z < c.z + 4.5 || eyeball(p, c) < 1.0 {
        return 0.0;
    }
    let q = fissure_coordinates(p);
    let from_margin = fissure(q);
    let upper = q.y > 0.0;
    let width = if upper { 2.4 } else { 1.2 };
    let across = 1.0 - smoothstep(0.45, 0.8, ((q.x - 0.5 * (LATERAL_CANTHUS + MEDIAL_CANTHUS)) / 15.5).abs());
    let strength = if upper { 1.0 } else { 0.5 };
    strength * across * (1.0 - smoothstep(0.0, width, from_margin))
}

/// A man's shaved beard at skin point `p`: 1 where the beard grows
/// (moustache, chin, jaw, cheeks below the beard line, sideburns, the neck
/// above the larynx), fading over a few millimetres at its edges; 0 on a
/// head without one (`HeadShape::larynx` 0, the woman) and on the lips.
pub fn beard_share(s: &HeadShape, p: Vec3, n: Vec3) -> f32 {
    if s.larynx <= 0.0 {
        return 0.0;
    }
    let x = p.x.abs();
    // The beard's upper edge across the face (x, y): under the nose, down
    // round the nasolabial cheek, up the cheek line to the sideburn.
    const TOP: [(f32, f32); 6] =
        [(0.0, -53.0), (18.0, -58.0), (35.0, -66.0), (50.0, -48.0), (62.0, -22.0), (72.0, 0.0)];
    let top = TOP
        .windows(2)
        .find(|w| x <= w[1].0)
        .map_or(TOP[5].1, |w| w[0].1 + (w[1].1 - w[0].1) * (x - w[0].0) / (w[1].0 - w[0].0));
    let below_top = smoothstep(-1.0, 4.0, top - p.y);
    // Down the neck to above the larynx, and in front of the ear.
    let above_neck = smoothstep(-160.0, -140.0, p.y);
    let in_front = smoothstep(-12.0, -2.0, p.z);
    let lips = vermilion_share(s, p, n);
    below_top * above_neck * in_front * (1.0 - lips)
}

/// Where `p` is on the eye's front, in iris radii from the pupil's centre
/// (the gaze straight ahead): x outwards, y up.
pub fn iris_coordinates(p: Vec3) -> Vec2 {
    let c = vec3(EYE_CENTRE.x * p.x.signum(), EYE_CENTRE.y, EYE_CENTRE.z);
    vec2((p.x - c.x) * p.x.signum(), p.y - c.y) / IRIS_RADIUS
}

/// The dental arch: how far back the lips and chin lie at `x` from the
/// midline.
fn arch(x: f32) -> f32 {
    x * x / 90.0
}

fn nose(s: &HeadShape, p: Vec3) -> f32 {
    let k = s.nose;
    // Bridge from the nasion to above the tip, widening down.
    let mut d = tapered_capsule(p, vec3(0.0, -1.0, 81.0), vec3(0.0, -34.0, 93.0 + 2.0 * k), 5.5, 7.0 * k);
    // The tip (pronasale ≈ 20 mm in front of the subnasale), a little
    // broader than deep, its two domes just showing.
    let tip = vec3(0.0, -41.0, 92.5 + 6.0 * k);
    d = smin(d, ellipsoid(p, tip, vec3(8.0 * k, 6.5, 7.0 * k)), 3.0);
    for side in [-1.0f32, 1.0] {
        d = smin(d, sphere(p, tip + vec3(side * 2.6, 0.5, 1.0), 5.0 * k), 1.5);
    }
    // The nose's base between the alae, over the columella.
    d = smin(d, ellipsoid(p, vec3(0.0, -46.5, 91.0), vec3(12.0 * k, 5.5, 8.0)), 3.0);
    // The alae: al–al ≈ 35 mm in men, 31 in women; their crease where they
    // meet the cheek.
    for side in [-1.0f32, 1.0] {
        let c = vec3(side * 12.0 * k, -45.5, 88.5);
        d = smin(d, ellipsoid(p, c, vec3(5.5 * k, 4.8, 6.0)), 4.0);
    }
    // Nostrils, opening downwards either side of the columella.
    for side in [-1.0f32, 1.0] {
        let nostril = ellipsoid(p, vec3(side * 6.0 * k, -50.5, 96.5), vec3(3.0 * k, 2.4, 5.0 * k));
        d = smax(d, -nostril, 0.8);
    }
    d
}

fn mouth(s: &HeadShape, p: Vec3) -> f32 {
    let w = MOUTH_HALF_WIDTH * s.mouth;
    let q = vec3(p.x, p.y, p.z + arch(p.x));
    let full = s.lips;
    // The lips' body over the teeth, tapering into the corners.
    let mut d = ellipsoid(q, vec3(0.0, -70.0, 80.0), vec3(w + 2.0, 16.0, 9.0));
    // Upper and lower vermilion, blended wide into the lips' body so they
    // rise out of it (rolls set on it read as a mannequin's), the upper's
    // tubercle at the midline.
    d = smin(d, ellipsoid(q, vec3(0.0, -66.8, 86.3 + full), vec3(w - 1.0, 4.0 * full, 3.6 * full)), 4.5);
    d = smin(d, ellipsoid(q, vec3(0.0, -76.3, 85.2 + full), vec3(w - 3.5, 4.6 * full, 4.0 * full)), 4.5);
    d = smin(d, ellipsoid(q, UPPER_TUBERCLE + vec3(0.0, 0.0, full), vec3(7.0, 2.6, 2.4 * full)), 2.0);
    // Philtral columns from the columella to the cupid's bow.
    for side in [-1.0f32, 1.0] {
        let column = capsule(q, vec3(side * 3.8, -53.5, 86.0), vec3(side * 5.0, -61.5, 86.3 + full), 1.3);
        d = smin(d, column, 2.5);
    }
    // The mouth's line, closed.
    let slit = ellipsoid(q, vec3(0.0, STOMION.x, 96.0), vec3(w + 1.0, 0.8, 9.0));
    smax(d, -slit, 1.0)
}

/// Cheekbones, cheeks, jaw and chin: the bones' masses under soft tissue.
fn jaw_and_cheeks(s: &HeadShape, p: Vec3) -> f32 {
    let j = s.jaw;
    // Midface: maxilla and the cheeks' soft tissue.
    let mut d = ellipsoid(p, vec3(0.0, -34.0, 42.0), vec3(55.0, 46.0, 46.0));
    d = smin(d, ellipsoid(p, vec3(0.0, -48.0, 70.0), vec3(34.0, 26.0, 17.0)), 10.0);
    for side in [-1.0f32, 1.0] {
        // Zygoma: zy–zy ≈ 137 mm in men.
        d = smin(d, ellipsoid(p, vec3(side * 46.0, -16.0, 52.0), vec3(14.0, 8.0, 15.0)), 14.0);
        // Mandible: ramus up to the ear, body to the chin; the angle (go–go
        // ≈ 100 mm in men) under the ear lobe.
        let gonion = vec3(side * 47.0 * j, -84.0, -2.0);
        d = smin(d, capsule(p, vec3(side * 52.0, -30.0, -4.0), gonion, 8.0), 10.0);
        let body = capsule(p, gonion, vec3(side * 15.0 * j, -112.0, 62.0), 6.5 * j.sqrt());
        d = smin(d, body, 12.0);
        // Masseter: from the cheekbone to the jaw's angle, filling the side
        // of the face between cheek and ramus.
        let masseter = capsule(p, vec3(side * 50.0, -24.0, 28.0), vec3(side * 46.0 * j, -78.0, 10.0), 10.0);
        d = smin(d, masseter, 12.0);
        // The cheek's soft tissue over the buccal hollow, from the cheekbone
        // down to the jaw.
        d = smin(d, ellipsoid(p, vec3(side * 40.0, -44.0, 47.0), vec3(17.0, 22.0, 24.0)), 14.0);
        // The buccal fat between that and the masseter: a healthy adult's
        // cheek runs flat from cheekbone to jaw, without a hollow.
        d = smin(d, ellipsoid(p, vec3(side * 47.0, -52.0, 34.0), vec3(12.0, 20.0, 17.0)), 14.0);
    }
    // Lower face over the teeth and the mandible's body.
    d = smin(d, ellipsoid(p, vec3(0.0, -83.0, 44.0), vec3(40.0 * j, 38.0, 42.0)), 14.0);
    // Chin: the menton ≈ 50 mm below the stomion, pogonion in front.
    let chin = ellipsoid(p, vec3(0.0, -103.0, 70.0), vec3(20.0 * j, 15.0, 13.0));
    d = smin(d, chin, 12.0);
    // The labiomental fold between lip and chin.
    let fold = capsule(p, vec3(-14.0, -88.0, 92.0), vec3(14.0, -88.0, 92.0), 4.0);
    smax(d, -fold, 4.0)
}

/// Brow ridge, eye sockets and eyes.
fn brow_and_eyes(s: &HeadShape, p: Vec3, mut d: f32) -> f32 {
    // Superciliary arches over each eye, meeting at the glabella.
    let ridge = s.brow_ridge;
    for side in [-1.0f32, 1.0] {
        let arch = ellipsoid(p, vec3(side * 22.0, 9.0, 77.0 + 1.5 * ridge), vec3(24.0, 7.5, 8.0 + 1.0 * ridge));
        d = smin(d, arch, 12.0);
    }
    // The orbit: the brow's bone and the cheek's end round the eye, whose
    // lids blend into them.
    for side in [-1.0f32, 1.0] {
        // Deeper towards the nose, where the inner canthus sits back.
        let c = vec3(side * (EYE_CENTRE.x - 2.0), EYE_CENTRE.y, EYE_CENTRE.z + 2.0);
        d = smax(d, -ellipsoid(p, c, vec3(EYE_HALF_WIDTH + 2.0, 12.5, 13.0)), 3.0);
    }
    smin(d, eye(p), 3.0)
}

/// Where a part can change the field: the box where its value, on any
/// built-in head, is within its blend radius and 25 mm of the skin (a
/// blend is exact once the part is a blend radius farther than the rest,
/// and the mesher reads exact values only within 12.5 mm of the skin).
/// Measured on a 2 mm grid and widened by a step;
/// `sculpt::tests::gated_field_is_the_whole_field` holds them to it.
pub struct Reach {
    lo: Vec3,
    hi: Vec3,
}

impl Reach {
    pub const fn new(lo: Vec3, hi: Vec3) -> Self {
        Self { lo, hi }
    }

    /// Whether the part is evaluated at `p`: always when not `gated`.
    pub fn holds(&self, p: Vec3, gated: bool) -> bool {
        !gated || (p.cmpge(self.lo).all() && p.cmplt(self.hi).all())
    }
}

// The mouth's and the brows' fields are loose bounds: they stay under the
// limit across the face's width, so only their height limits them.
const NOSE_REACH: Reach = Reach::new(vec3(-46.0, -82.0, 46.0), vec3(46.0, 34.0, 200.0));
const MOUTH_REACH: Reach = Reach::new(vec3(-200.0, -116.0, -42.0), vec3(200.0, -22.0, 200.0));
const BROW_AND_EYES_REACH: Reach = Reach::new(vec3(-200.0, -60.0, 16.0), vec3(200.0, 50.0, 200.0));

/// The face on the cranium `d`; `gated`: each part only within its reach.
pub fn face(s: &HeadShape, p: Vec3, d: f32, gated: bool) -> f32 {
    let mut d = smin(d, jaw_and_cheeks(s, p), 16.0);
    if BROW_AND_EYES_REACH.holds(p, gated) {
        d = brow_and_eyes(s, p, d);
    }
    if NOSE_REACH.holds(p, gated) {
        d = smin(d, nose(s, p), 3.0);
    }
    if MOUTH_REACH.holds(p, gated) {
        d = smin(d, mouth(s, p), 3.0);
    }
    d
}

/// The upper and lower vermilion's signed distances (mm): the lips' red
/// parts, in the arch's frame.
fn vermilion_distance(s: &HeadShape, p: Vec3) -> f32 {
    let w = MOUTH_HALF_WIDTH * s.mouth;
    let full = s.lips;
    let q = vec3(p.x, p.y, p.z + arch(p.x));
    let upper = ellipsoid(q, vec3(0.0, -66.8, 86.3 + full), vec3(w - 1.0, 4.0 * full, 3.6 * full));
    let lower = ellipsoid(q, vec3(0.0, -76.3, 85.2 + full), vec3(w - 3.5, 4.6 * full, 4.0 * full));
    let tubercle = ellipsoid(q, UPPER_TUBERCLE + vec3(0.0, 0.0, full), vec3(7.0, 2.6, 2.4 * full));
    upper.min(lower).min(tubercle)
}

/// Vermilion (the lips' red) at skin point `p` with normal `n`: 1 on the
/// lips, 0 on the skin round them, the border sharp, the cupid's bow
/// dipping at the midline between the philtral columns.
pub fn vermilion_share(s: &HeadShape, p: Vec3, n: Vec3) -> f32 {
    let x = p.x.abs();
    let bow = 1.0 * (-((x - 5.0) / 2.6).powi(2)).exp() - 0.6 * (-(x / 2.0).powi(2)).exp();
    let upper_border = -61.8 - 0.6 * (s.lips - 1.0) * 8.0 + bow;
    let below_border = smoothstep(-0.2, 0.3, upper_border - p.y);
    let on_lip = 1.0 - smoothstep(0.4, 1.2, vermilion_distance(s, p));
    on_lip * below_border * smoothstep(-0.3, 0.2, n.z)
}

/// The mouth's line at skin point `p`: 1 in the closed lips' seam (the
/// oral fissure, in shadow between them), fading over a millimetre and
/// into the corners; 0 elsewhere. Drawn as a darkening, as the lash line:
/// the seam is finer than the sky's occlusion sees.
pub fn mouth_line_share(s: &HeadShape, p: Vec3) -> f32 {
    let w = MOUTH_HALF_WIDTH * s.mouth;
    let q = vec3(p.x, p.y, p.z + arch(p.x));
    if q.z < 84.0 {
        return 0.0;
    }
    let across = 1.0 - smoothstep(0.8 * w, 1.05 * w, p.x.abs());
    across * (1.0 - smoothstep(0.5, 1.6, (q.y - STOMION.x).abs()))
}
