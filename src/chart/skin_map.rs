//! Where the head's skin differs, per vertex: the scalp that grew hair (it
//! lacks the face's tan, `plan::skin`), the blood that reddens lips, nose
//! tip, cheeks and ears, and how much of the sky each point sees (soft
//! occlusion in creases, eye sockets and ears). The raster reads it packed
//! (`SkinMap::packed`); a scan with its own texture uses the sky only.

use super::ScalpChart;
use super::outline::{FrontLine, ScalpOutline, smoothstep};
use crate::core::landmarks::HeadLandmarks;
use crate::mesh::HeadMesh;
use crate::mesh::procedural::face;
use crate::mesh::procedural::sculpt::HeadShape;
use glam::{IVec3, Vec2, Vec3, vec3};

/// Most blood a region adds (lips): packed as a share of this.
pub const MAX_BLOOD: f32 = 2.0;
/// The vermilion's blood on a built-in face: lips a dusky pink over light
/// skin (E: light-skinned lips photograph ≈ sRGB 195/120/115), not the
/// soft patch's full `MAX_BLOOD`, which spreads thinner.
const VERMILION_BLOOD: f32 = 1.15;
/// Iris coordinates are packed within ± this many iris radii (the eye
/// seen between the lids is within ≈ 2.6).
pub const IRIS_RANGE: f32 = 3.0;

/// Per-vertex skin of one head.
#[derive(Clone, Debug, PartialEq)]
pub struct SkinMap {
    /// 1 where hair grew (the scalp inside a natural hairline), 0 on the
    /// face, ears and neck.
    pub scalp: Vec<f32>,
    /// Blood a region adds over the face's, in `plan::skin::BLOOD_ABSORB`
    /// units: lips up to 2, nose tip, cheeks and ears ≈ 0.5.
    pub blood: Vec<f32>,
    /// Share of the sky a vertex sees: 1 in the open, less in a crease.
    pub sky: Vec<f32>,
    /// 1 on the eye seen between the lids (sclera, iris, cornea), 0 on skin.
    pub eye: Vec<f32>,
    /// Where a vertex is on the eye's front, in iris radii from the pupil's
    /// centre (`mesh::procedural::face::iris_coordinates`).
    pub iris: Vec<Vec2>,
    /// The lash line's darkness along the lid margins, 0 to 1.
    pub lash: Vec<f32>,
    /// A man's shaved beard, 0 to 1: its stubble under the skin shades it.
    pub beard: Vec<f32>,
    /// The temples' veins, 0 to 1 (`chart::veins`): drawn on a built-in
    /// head, whose temples are meshed finely enough for them; none on a
    /// scan, which shows its own in its texture.
    pub veins: Vec<f32>,
    /// A built-in face's vermilion, 0 to 1: the lips' own colour, darker
    /// and pinker than the blood alone makes them.
    pub vermilion: Vec<f32>,
    /// The closed mouth's seam, 0 to 1: a line in shadow.
    pub mouth_line: Vec<f32>,
    /// The built-in head's shape, whose face gives eyes and vermilion; none
    /// for a scan (its regions come from the landmarks alone).
    pub face: Option<HeadShape>,
}

impl SkinMap {
    pub fn build(mesh: &HeadMesh, landmarks: &HeadLandmarks, chart: &ScalpChart) -> Self {
        Self::with_sky(sky_visibility(mesh), mesh, landmarks, chart)
    }

    /// The map of a head whose sky (`sky_visibility`, the costly part) is
    /// known already: the regions are laid out from the landmarks.
    pub fn with_sky(sky: Vec<f32>, mesh: &HeadMesh, landmarks: &HeadLandmarks, chart: &ScalpChart) -> Self {
        let n = sky.len();
        let mut map = Self {
            scalp: Vec::new(),
            blood: Vec::new(),
            sky,
            eye: vec![0.0; n],
            iris: vec![Vec2::ZERO; n],
            lash: vec![0.0; n],
            beard: vec![0.0; n],
            veins: Vec::new(),
            vermilion: vec![0.0; n],
            mouth_line: vec![0.0; n],
            face: None,
        };
        map.place(mesh, landmarks, chart);
        map
    }

    /// A built-in head's face: its eyes, and lips red to the vermilion's
    /// border rather than a soft patch.
    pub fn set_face(&mut self, mesh: &HeadMesh, landmarks: &HeadLandmarks, chart: &ScalpChart, shape: HeadShape) {
        self.face = Some(shape);
        let scale = shape.scale;
        self.eye = mesh.positions.iter().map(|&p| face::eye_share(p / scale)).collect();
        self.iris = mesh
            .positions
            .iter()
            .zip(&self.eye)
            .map(|(&p, &e)| if e > 0.0 { face::iris_coordinates(p / scale) } else { Vec2::ZERO })
            .collect();
        self.lash = mesh.positions.iter().map(|&p| face::lash_share(p / scale)).collect();
        // The beard ends where the scalp's hair begins (sideburns into the
        // temples): the hair stage draws that hair.
        self.beard = mesh
            .positions
            .iter()
            .zip(&mesh.normals)
            .zip(&self.scalp)
            .map(|((&p, &n), &scalp)| face::beard_share(&shape, p / scale, n) * (1.0 - scalp))
            .collect();
        self.vermilion = mesh
            .positions
            .iter()
            .zip(&mesh.normals)
            .map(|(&p, &n)| face::vermilion_share(&shape, p / scale, n))
            .collect();
        self.mouth_line = mesh.positions.iter().map(|&p| face::mouth_line_share(&shape, p / scale)).collect();
        self.place(mesh, landmarks, chart);
    }

    /// Lays the regions out again from the landmarks (after a hand
    /// correction); the sky depends on the shape alone and is kept.
    pub fn place(&mut self, mesh: &HeadMesh, landmarks: &HeadLandmarks, chart: &ScalpChart) {
        let outline = ScalpOutline::new(chart, landmarks, FrontLine::TYPICAL);
        self.scalp = mesh
            .positions
            .iter()
            .map(|&p| smoothstep(-5.0, 10.0, outline.depth_inside(chart.chart_of_point(p))))
            .collect();
        let regions = BloodRegions::new(mesh, landmarks);
        self.veins = match self.face {
            Some(_) => mesh
                .positions
                .iter()
                .zip(&mesh.normals)
                .map(|(&p, &n)| match regions.temple_veins(p, n) {
                    0.0 => 0.0,
                    mask => mask * super::veins::vein_lines(p),
                })
                .collect(),
            None => vec![0.0; mesh.positions.len()],
        };
        self.blood = mesh
            .positions
            .iter()
            .zip(&mesh.normals)
            .map(|(&p, &n)| match &self.face {
                Some(shape) => regions
                    .blood_without_lips(p, n)
                    .max(VERMILION_BLOOD * face::vermilion_share(shape, p / shape.scale, n)),
                None => regions.blood(p, n),
            })
            .collect();
    }

    /// Per vertex, three words of four unorm bytes: blood / `MAX_BLOOD`,
    /// scalp share, sky, eye share; the iris coordinates (± `IRIS_RANGE` to
    /// 0–1), the lash line, the beard; the temples' veins, the vermilion,
    /// the mouth's line and a spare byte (`shaders/raster.wgsl` reads three
    /// `Unorm8x4`).
    pub fn packed(&self) -> Vec<[u32; 3]> {
        let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u32;
        let iris = |v: f32| byte(0.5 + 0.5 * v / IRIS_RANGE);
        (0..self.sky.len())
            .map(|i| {
                let skin = byte(self.blood[i] / MAX_BLOOD)
                    | byte(self.scalp[i]) << 8
                    | byte(self.sky[i]) << 16
                    | byte(self.eye[i]) << 24;
                let face = iris(self.iris[i].x)
                    | iris(self.iris[i].y) << 8
                    | byte(self.lash[i]) << 16
                    | byte(self.beard[i]) << 24;
                let lips = byte(self.veins[i]) | byte(self.vermilion[i]) << 8 | byte(self.mouth_line[i]) << 16;
                [skin, face, lips]
            })
            .collect()
    }
}

/// The face's redder places, placed from the landmarks and the nose tip,
/// and the temples, where veins show.
struct BloodRegions {
    nose: Vec3,
    lips: Vec3,
    cheeks: [Vec3; 2],
    ears: [Vec3; 2],
    temples: [Vec3; 2],
    scale: f32,
}

impl BloodRegions {
    fn new(mesh: &HeadMesh, l: &HeadLandmarks) -> Self {
        let nose = nose_tip(mesh, l);
        // Offsets in the head frame from the nose tip, scaled by the head's
        // breadth at the ears (the built-in head's 144 mm is 1): lips ≈ 24
        // mm below and 12 behind it, cheekbones ≈ 44 mm to each side.
        let scale = (l.ear_top_left - l.ear_top_right).length() / 144.0;
        let cheek = |side: f32| nose + vec3(44.0 * side, 22.0, -34.0) * scale;
        let ear = |top: Vec3| top + vec3(6.0 * top.x.signum(), -28.0, -2.0) * scale;
        // The temporal fossa: in front of and above the ear, behind the
        // orbit's rim, where the superficial temporal vein's frontal branch
        // climbs towards the forehead under thin skin.
        let temple = |top: Vec3| top + vec3(-12.0 * top.x.signum(), 10.0, 42.0) * scale;
        Self {
            nose,
            lips: nose + vec3(0.0, -24.0, -12.0) * scale,
            cheeks: [cheek(1.0), cheek(-1.0)],
            ears: [ear(l.ear_top_left), ear(l.ear_top_right)],
            temples: [temple(l.ear_top_left), temple(l.ear_top_right)],
            scale,
        }
    }

    /// Where veins may show at the temples: the fossa's side of the head,
    /// fading out towards the brow, the ear and the crown (exactly 0 beyond).
    fn temple_veins(&self, p: Vec3, n: Vec3) -> f32 {
        let bump = |c: Vec3, r: Vec3| (-2.0 * ((p - c) / r).length_squared()).exp();
        let radii = vec3(18.0, 30.0, 30.0) * self.scale;
        let sideways = smoothstep(0.45, 0.8, n.x.abs());
        let mask = self.temples.map(|c| bump(c, radii)).iter().fold(0.0f32, |a, &b| a.max(b)) * sideways;
        if mask < 0.02 { 0.0 } else { mask }
    }

    fn blood(&self, p: Vec3, n: Vec3) -> f32 {
        let bump = |c: Vec3, r: Vec3| (-2.0 * ((p - c) / r).length_squared()).exp();
        let front = smoothstep(0.0, 0.4, n.z);
        let lips = MAX_BLOOD * bump(self.lips, vec3(22.0, 12.0, 16.0)) * front;
        lips.max(self.blood_without_lips(p, n))
    }

    fn blood_without_lips(&self, p: Vec3, n: Vec3) -> f32 {
        let bump = |c: Vec3, r: Vec3| (-2.0 * ((p - c) / r).length_squared()).exp();
        let front = smoothstep(0.0, 0.4, n.z);
        let nose = 0.6 * bump(self.nose, vec3(12.0, 12.0, 12.0));
        let cheeks = self.cheeks.map(|c| 0.5 * bump(c, vec3(22.0, 20.0, 24.0)) * front);
        let ears = self.ears.map(|c| 0.6 * bump(c, vec3(20.0, 44.0, 30.0)));
        nose.max(cheeks[0]).max(cheeks[1]).max(ears[0]).max(ears[1])
    }
}

/// The most forward point of the midline between 15 and 75 mm below the
/// brow; below the brow if the mesh has none there (a cropped scan).
fn nose_tip(mesh: &HeadMesh, l: &HeadLandmarks) -> Vec3 {
    mesh.positions
        .iter()
        .filter(|p| p.x.abs() < 10.0 && p.y < l.brow.y - 15.0 && p.y > l.brow.y - 75.0 && p.z > l.brow.z - 20.0)
        .copied()
        .max_by(|a, b| a.z.total_cmp(&b.z))
        .unwrap_or(l.brow + vec3(0.0, -48.0, 20.0))
}

/// Size (mm) of the surface elements the occlusion is summed over.
const ELEMENT_MM: f32 = 4.0;
/// How far (mm) an element can shade: a crease, an eye socket, an ear;
/// not the shoulders' shadow on the chin.
const SHADE_REACH_MM: f32 = 30.0;

/// A patch of surface: its area-weighted centre, unit normal and area.
#[derive(Clone, Copy)]
struct Element {
    centre: Vec3,
    normal: Vec3,
    area: f32,
}

/// Share of the sky each vertex sees: the surface is summed into elements
/// of `ELEMENT_MM` (triangles binned by cell and by the sign of their
/// normal's largest axis, so an ear's two faces stay apart), each element
/// is shaded by the discs of the others within `SHADE_REACH_MM` (the
/// solid angle of a disc, cosine weighted; Bunnell, "Dynamic ambient
/// occlusion", GPU Gems 2 ch. 14), and each vertex takes its nearby
/// elements' values. Linear in the mesh size.
pub fn sky_visibility(mesh: &HeadMesh) -> Vec<f32> {
    let elements = surface_elements(mesh);
    if elements.is_empty() {
        return vec![1.0; mesh.positions.len()];
    }
    let centres: Vec<Vec3> = elements.iter().map(|e| e.centre).collect();
    let reach = Grid::new(&centres, SHADE_REACH_MM / 2.5);
    let near = Grid::new(&centres, ELEMENT_MM);
    let element_sky = parallel_map(elements.len(), |i| {
        let r = elements[i];
        let at = r.centre + 0.5 * r.normal;
        let mut occluded = 0.0;
        reach.for_each_near(at, SHADE_REACH_MM, |j| {
            let e = elements[j as usize];
            let v = e.centre - at;
            let d2 = v.length_squared();
            if j as usize == i || !(1.0..SHADE_REACH_MM * SHADE_REACH_MM).contains(&d2) {
                return;
            }
            let w = v / d2.sqrt();
            let cos_r = r.normal.dot(w);
            if cos_r <= 0.0 {
                return;
            }
            let fade = (1.0 - d2 / (SHADE_REACH_MM * SHADE_REACH_MM)).powi(2);
            occluded += e.area * e.normal.dot(w).abs() * cos_r / (std::f32::consts::PI * d2 + e.area) * fade;
        });
        (-occluded).exp()
    });
    parallel_map(mesh.positions.len(), |v| {
        let (p, n) = (mesh.positions[v], mesh.normals[v]);
        let (mut sum, mut weight) = (0.0, 0.0);
        near.for_each_near(p, 1.5 * ELEMENT_MM, |j| {
            let e = elements[j as usize];
            let facing = n.dot(e.normal).max(0.0);
            let w = (-(e.centre - p).length_squared() / (2.0 * ELEMENT_MM * ELEMENT_MM)).exp() * facing * facing;
            sum += w * element_sky[j as usize];
            weight += w;
        });
        if weight > 1e-6 { sum / weight } else { 1.0 }
    })
}

fn surface_elements(mesh: &HeadMesh) -> Vec<Element> {
    let mut bins: std::collections::HashMap<(IVec3, u8), (Vec3, Vec3, f32)> = Default::default();
    for t in 0..mesh.triangle_count() {
        let [a, b, c] = mesh.triangle(t);
        let cross = (b - a).cross(c - a);
        let area = 0.5 * cross.length();
        if area.is_nan() || area <= 0.0 {
            continue;
        }
        let centre = (a + b + c) / 3.0;
        let axis = cross.abs().max_position();
        let side = axis as u8 * 2 + u8::from(cross[axis] < 0.0);
        let cell = (centre / ELEMENT_MM).floor().as_ivec3();
        let bin = bins.entry((cell, side)).or_insert((Vec3::ZERO, Vec3::ZERO, 0.0));
        bin.0 += centre * area;
        bin.1 += cross * 0.5;
        bin.2 += area;
    }
    let mut elements: Vec<(IVec3, u8, Element)> = bins
        .into_iter()
        .filter(|(_, (_, normal, _))| normal.length_squared() > 0.0)
        .map(|((cell, side), (weighted, normal, area))| {
            (cell, side, Element { centre: weighted / area, normal: normal.normalize(), area })
        })
        .collect();
    // A fixed order: the sums do not depend on the hash map's.
    elements.sort_by_key(|(cell, side, _)| (cell.x, cell.y, cell.z, *side));
    elements.into_iter().map(|(_, _, e)| e).collect()
}

/// Points bucketed on a dense grid of `cell` mm.
struct Grid {
    origin: Vec3,
    cell: f32,
    dims: IVec3,
    /// Start of each bucket's run in `items`, one more than buckets.
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Grid {
    fn new(points: &[Vec3], cell: f32) -> Self {
        let lo = points.iter().fold(Vec3::splat(f32::MAX), |m, &p| m.min(p));
        let hi = points.iter().fold(Vec3::splat(f32::MIN), |m, &p| m.max(p));
        // At most 256 buckets a side: a scan in odd units still fits.
        let cell = cell.max((hi - lo).max_element() / 256.0);
        let dims = ((hi - lo) / cell).floor().as_ivec3() + 1;
        let bucket = |p: Vec3| {
            let c = ((p - lo) / cell).floor().as_ivec3().clamp(IVec3::ZERO, dims - 1);
            ((c.z * dims.y + c.y) * dims.x + c.x) as usize
        };
        let mut start = vec![0u32; (dims.x * dims.y * dims.z) as usize + 1];
        for &p in points {
            start[bucket(p) + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; points.len()];
        for (i, &p) in points.iter().enumerate() {
            let b = bucket(p);
            items[fill[b] as usize] = i as u32;
            fill[b] += 1;
        }
        Self { origin: lo, cell, dims, start, items }
    }

    /// Calls `f` with every point in the buckets within `radius` of `p`.
    fn for_each_near(&self, p: Vec3, radius: f32, mut f: impl FnMut(u32)) {
        let lo = ((p - radius - self.origin) / self.cell).floor().as_ivec3().max(IVec3::ZERO);
        let hi = ((p + radius - self.origin) / self.cell).floor().as_ivec3().min(self.dims - 1);
        for z in lo.z..=hi.z {
            for y in lo.y..=hi.y {
                let row = ((z * self.dims.y + y) * self.dims.x) as usize;
                let (a, b) = (self.start[row + lo.x.max(0) as usize], self.start[row + hi.x as usize + 1]);
                if lo.x <= hi.x {
                    self.items[a as usize..b as usize].iter().for_each(|&i| f(i));
                }
            }
        }
    }
}

/// `f(0..n)` on every core: a 1 M-triangle scan's sky in a fraction of
/// its import.
fn parallel_map(n: usize, f: impl Fn(usize) -> f32 + Sync) -> Vec<f32> {
    let mut out = vec![0.0; n];
    crate::core::parallel::fill(&mut out, 1024, f);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::procedural::{builtin_head, builtin_landmarks, ear_distance};

    fn built_in() -> (HeadMesh, SkinMap) {
        let mesh = builtin_head();
        let l = builtin_landmarks();
        let chart = ScalpChart::build(&mesh, l.cranium_centre);
        let map = SkinMap::build(&mesh, &l, &chart);
        (mesh, map)
    }

    fn mean_where(mesh: &HeadMesh, values: &[f32], keep: impl Fn(Vec3) -> bool) -> f32 {
        let picked: Vec<f32> = (0..values.len()).filter(|&i| keep(mesh.positions[i])).map(|i| values[i]).collect();
        assert!(!picked.is_empty());
        picked.iter().sum::<f32>() / picked.len() as f32
    }

    #[test]
    fn the_scalp_is_where_hair_grows_and_the_face_is_not() {
        let (mesh, map) = built_in();
        let top = mean_where(&mesh, &map.scalp, |p| p.y > 90.0);
        let face = mean_where(&mesh, &map.scalp, |p| p.z > 70.0 && p.y < 0.0 && p.y > -80.0);
        let nape = mean_where(&mesh, &map.scalp, |p| p.z < -60.0 && (p.y - 0.0).abs() < 10.0);
        assert!(top > 0.99 && nape > 0.9 && face < 0.01, "top {top}, nape {nape}, face {face}");
    }

    #[test]
    fn veins_show_at_the_temples_only() {
        let scene = crate::HeadScene::of_builtin(Default::default(), crate::Plan::default()).unwrap();
        let (mesh, map) = (&scene.mesh, &scene.skin);
        let near = |p: Vec3| (vec3(p.x.abs(), p.y, p.z) - vec3(62.0, 30.0, 34.0)).length() < 15.0;
        let temple: Vec<f32> =
            (0..mesh.positions.len()).filter(|&i| near(mesh.positions[i])).map(|i| map.veins[i]).collect();
        let lined = temple.iter().filter(|v| **v > 0.3).count() as f32 / temple.len() as f32;
        // Lines over part of the temple, not a patch over all of it.
        assert!((0.03..0.5).contains(&lined), "veins over {lined:.2} of the temple");
        let brow = mean_where(mesh, &map.veins, |p| p.x.abs() < 15.0 && (0.0..30.0).contains(&p.y) && p.z > 60.0);
        let crown = mean_where(mesh, &map.veins, |p| p.y > 90.0);
        let cheek = mean_where(mesh, &map.veins, |p| p.x.abs() > 30.0 && (-60.0..-40.0).contains(&p.y) && p.z > 40.0);
        assert!(brow == 0.0 && crown == 0.0 && cheek < 0.01, "brow {brow}, crown {crown}, cheek {cheek}");
    }

    #[test]
    fn a_built_in_face_has_eyes_lashes_vermilion_and_the_man_a_beard() {
        use crate::mesh::procedural::BuiltinHead;
        for head in [BuiltinHead::Man, BuiltinHead::Woman] {
            let scene = crate::HeadScene::of_builtin(head, crate::Plan::default()).unwrap();
            let (mesh, map) = (&scene.mesh, &scene.skin);
            let s = head.shape().scale;
            let share = |values: &[f32], keep: &dyn Fn(Vec3) -> bool| mean_where(mesh, values, |p| keep(p / s));
            // The eye between the lids; its iris coordinates put the pupil
            // at the eye's centre line.
            let eye = share(&map.eye, &|p| (p - vec3(31.5, -8.0, 81.0)).length() < 3.0);
            assert!(eye > 0.9, "{}: eye {eye}", head.name());
            let lashes = map.lash.iter().filter(|l| **l > 0.5).count();
            assert!(lashes > 50, "{}: {lashes} lash vertices", head.name());
            let lips = share(&map.blood, &|p| p.x.abs() < 10.0 && (-68.0..-64.0).contains(&p.y) && p.z > 85.0);
            let above = share(&map.blood, &|p| p.x.abs() < 10.0 && (-58.0..-55.0).contains(&p.y) && p.z > 80.0);
            assert!(lips > 1.0 && above < 0.3, "{}: vermilion {lips}, skin above {above}", head.name());
            let chin = share(&map.beard, &|p| p.x.abs() < 10.0 && (-110.0..-95.0).contains(&p.y) && p.z > 60.0);
            let forehead = share(&map.beard, &|p| p.x.abs() < 20.0 && (20.0..40.0).contains(&p.y) && p.z > 70.0);
            let bearded = head == BuiltinHead::Man;
            assert!(forehead == 0.0 && (chin > 0.9) == bearded, "{}: beard on the chin {chin}", head.name());
        }
    }

    #[test]
    fn lips_are_the_reddest_then_nose_cheeks_and_ears_and_not_the_scalp() {
        let (mesh, map) = built_in();
        let at = |p: Vec3| {
            let i = (0..mesh.positions.len())
                .min_by(|&a, &b| (mesh.positions[a] - p).length().total_cmp(&(mesh.positions[b] - p).length()))
                .unwrap();
            map.blood[i]
        };
        let lips = at(vec3(0.0, -62.0, 100.0)).max(at(vec3(0.0, -74.0, 98.0)));
        let nose = at(vec3(0.0, -44.0, 115.0));
        let cheek = at(vec3(44.0, -22.0, 80.0));
        let forehead = at(vec3(0.0, 40.0, 90.0));
        let top = at(vec3(0.0, 120.0, 0.0));
        assert!(lips > 1.2 && nose > 0.4 && cheek > 0.3, "lips {lips}, nose {nose}, cheek {cheek}");
        assert!(forehead < 0.05 && top < 0.01, "forehead {forehead}, top {top}");
        let ear = mean_where(&mesh, &map.blood, |p| ear_distance(p) < 1.0);
        assert!(ear > 0.2, "ear {ear}");
    }

    #[test]
    fn creases_and_ears_see_less_sky_than_the_crown() {
        let (mesh, map) = built_in();
        let crown = mean_where(&mesh, &map.sky, |p| p.y > 100.0);
        let ear = mean_where(&mesh, &map.sky, |p| ear_distance(p) < 1.0);
        // Behind the ear, where it meets the head: the skin just off it.
        let behind_ear = mean_where(&mesh, &map.sky, |p| {
            p.x.abs() > 60.0 && (-25.0..10.0).contains(&p.y) && (-32.0..-12.0).contains(&p.z) && {
                let d = ear_distance(p);
                d > 1.0 && d < 4.0
            }
        });
        assert!(crown > 0.97, "crown {crown}");
        assert!(ear < crown - 0.05 && behind_ear < crown - 0.1, "ear {ear}, behind the ear {behind_ear}");
        assert!(map.sky.iter().all(|s| (0.0..=1.0).contains(s)));
    }

    #[test]
    fn an_inside_corner_is_darker_than_an_open_floor() {
        // A floor and a wall meeting at a right angle, 2 mm triangles.
        let mut positions = Vec::new();
        let mut indices = Vec::new();
        let mut quad = |a: Vec3, u: Vec3, v: Vec3| {
            for i in 0..40 {
                for j in 0..40 {
                    let base = positions.len() as u32;
                    let o = a + u * (i as f32 * 2.0) + v * (j as f32 * 2.0);
                    positions.extend([o, o + 2.0 * u, o + 2.0 * u + 2.0 * v, o + 2.0 * v]);
                    indices.extend([base, base + 1, base + 2, base, base + 2, base + 3]);
                }
            }
        };
        quad(Vec3::ZERO, Vec3::X, -Vec3::Z); // floor, normal +y
        quad(Vec3::ZERO, -Vec3::Z, Vec3::Y); // wall at x = 0, normal +x
        let normals = (0..positions.len()).map(|i| if i < 6400 { Vec3::Y } else { Vec3::X }).collect();
        let mesh = HeadMesh { positions, normals, indices, uvs: Vec::new(), colours: Vec::new() };
        let sky = sky_visibility(&mesh);
        let at = |p: Vec3| {
            let i = (0..6400)
                .min_by(|&a, &b| (mesh.positions[a] - p).length().total_cmp(&(mesh.positions[b] - p).length()));
            sky[i.unwrap()]
        };
        let corner = at(vec3(2.0, 0.0, -40.0));
        let open = at(vec3(70.0, 0.0, -40.0));
        assert!(open > 0.98, "open floor {open}");
        assert!(corner < 0.85, "corner {corner}");
    }

    #[test]
    fn the_map_packs_into_bytes() {
        let map = SkinMap {
            scalp: vec![1.0, 0.0],
            blood: vec![MAX_BLOOD, 0.5],
            sky: vec![0.5, 1.0],
            eye: vec![0.0, 1.0],
            iris: vec![Vec2::ZERO, Vec2::new(IRIS_RANGE, -IRIS_RANGE)],
            lash: vec![1.0, 0.0],
            beard: vec![0.0, 1.0],
            veins: vec![0.5, 0.0],
            vermilion: vec![0.0, 1.0],
            mouth_line: vec![1.0, 0.0],
            face: None,
        };
        assert_eq!(map.packed(), vec![[0x0080_ffff, 0x00ff_8080, 0x00ff_0080], [0xffff_0040, 0xff00_00ff, 0xff00]]);
    }
}
