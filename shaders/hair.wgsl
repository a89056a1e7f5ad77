// Remaining hair, drawn by the splat (appended to splat.wgsl): each hair
// dot of the scatter is a follicular unit of 1–4 hairs; each hair is a
// shaft leaving the skin at 30–60° along a growth field, cut to the
// stubble the days since the last shave have grown, and its shaft below
// the skin, seen through it: softer, fainter and cooler with depth. That
// buried shaft is the grey tint of a shaved scalp (DOMAIN, appearance
// anchors). Hair is drawn, never faded: no session or day changes it.

// Exit angle of a hair to the skin: 30–60° (DOMAIN issue 11, S: "roughly").
const HAIR_EXIT_MIN: f32 = 0.5236;
const HAIR_EXIT_MAX: f32 = 1.0472;
// Shaft below the skin (mm): dark hair continues ≈ 4 mm under a freshly
// shaved scalp (DOMAIN, S).
const HAIR_ROOT_MM: f32 = 4.0;
// A buried shaft's blur: its apparent width grows by this much per mm of
// depth (E: diffusion spreads a point's image over about its depth).
const BURIED_SPREAD: f32 = 0.8;
// Share of the light crossing a buried shaft that its melanin takes, per
// unit of the shaft's own -ln(albedo) (E, set with `smp look`).
const BURIED_SHAFT_OD: f32 = 1.0;
// A buried shaft's shadow carried sideways by the dermis, like a dot's
// halo (`plan::aging::HALO_CHANNELS`): this many skin mm² of the veil's
// density per hair (E: set so shaved hair reads at least as dark as the
// SMP beside it, DOMAIN's "aim of the treatment"; checked by `smp look`).
const HAIR_VEIL_MM2: f32 = 0.15;
// Brow tufts (`plan::brows`): their rank is BROW_RANK (from Rust) + their place along
// the brow. Brow hairs are never shaved: ≈ 7 mm long (E: 0.5–1 cm), lying
// 8–18° to the skin, pointing up and out at the brow's head, out along its
// body and out and down at its tail.
const BROW_HAIR_MM: f32 = 7.0;
// Longest buried shaft drawn (mm of depth): below it nothing shows.
const BURIED_DEPTH_MAX_MM: f32 = 1.5;

// The remaining hair's own parameters (`plan::hair`). Rust twin:
// `gpu::splat::hair::HairParams`.
struct HairParams {
    // The shaft's colour (linear) and the stubble above the skin (mm).
    albedo: vec3<f32>,
    stubble_mm: f32,
    grey_albedo: vec3<f32>,
    shaft_diameter_mm: f32,
    // The growth field's centre (the cranium's) and its whorl's direction.
    centre: vec3<f32>,
    // The share of grey hairs.
    grey_share: f32,
    whorl: vec3<f32>,
    // Live hairs in the scatter's hair list.
    count: u32,
    // The plan's skin (linear), which a cut end's colour replaces.
    skin: vec3<f32>,
    // Workgroups per row of the hair dispatch.
    groups_x: u32,
}
@group(1) @binding(1) var<uniform> hair: HairParams;

// Where a hair points along the skin: away from the crown's whorl in a
// spiral that opens with distance, forward on top, then falling with
// gravity down the sides and the nape.
fn growth_direction(p: vec3<f32>, n: vec3<f32>) -> vec3<f32> {
    let u = normalize(p - hair.centre);
    let w = hair.whorl;
    let cw = clamp(dot(u, w), -1.0, 1.0);
    let from_whorl = acos(cw);
    var away = cw * u - w;
    away = away - n * dot(away, n);
    if dot(away, away) < 1e-10 {
        away = cross(n, vec3(1.0, 0.0, 0.0));
    }
    let t = normalize(away);
    // A clockwise whorl: up to 70° of turn at its centre (E).
    let swirl = 1.2 * exp(-from_whorl / 0.35);
    var d = cos(swirl) * t + sin(swirl) * cross(n, t);
    let down = vec3(0.0, -1.0, 0.0);
    let fall = smoothstep(0.9, 1.6, from_whorl);
    d = d + 0.8 * fall * (down - n * dot(down, n));
    if dot(d, d) < 1e-10 {
        return t;
    }
    return normalize(d);
}

fn project_px(p: vec3<f32>) -> vec2<f32> {
    let clip = frame.view_proj * vec4(p, 1.0);
    let ndc = clip.xy / max(clip.w, 1e-6);
    return vec2((ndc.x * 0.5 + 0.5) * f32(frame.width), (0.5 - 0.5 * ndc.y) * f32(frame.height));
}

// Takes `absorb` of the light (per channel; negative brightens) from
// `area_px` pixels round `centre`, spread over a disc of radius `radius_px`
// (a piece of a shaft).
fn deposit_piece(centre: vec2<f32>, radius_px: f32, area_px: f32, absorb: vec3<f32>) {
    if radius_px <= 0.6 {
        deposit_bilinear(centre, area_px, absorb);
        return;
    }
    // Wider: pieces overlap along the shaft, so their densities add.
    let r = min(radius_px, MAX_RADIUS_PX);
    let share = area_px / (3.14159265 * r * r);
    let od = -log(max(1.0 - absorb, vec3(1e-4)));
    let size = vec2<i32>(i32(frame.width), i32(frame.height));
    let lo = max(vec2<i32>(floor(centre - r - 0.5)), vec2(0));
    let hi = min(vec2<i32>(floor(centre + r + 0.5)), size - 1);
    for (var y = lo.y; y <= hi.y; y++) {
        for (var x = lo.x; x <= hi.x; x++) {
            let c = coverage(length(vec2<f32>(f32(x), f32(y)) + 0.5 - centre), r);
            if c > 0.0 {
                deposit(vec2(x, y), exp(-od * c * share));
            }
        }
    }
}

// One shaft from `a` to `b` (mm), `diameter_mm` wide, taking `absorb` of
// the light where it covers a pixel. `buried`: below the skin, from the
// surface at `a` to `depth_b_mm` at `b`.
fn draw_shaft(a: vec3<f32>, b: vec3<f32>, diameter_mm: f32, absorb: vec3<f32>, buried: bool, depth_b_mm: f32, px_per_mm: f32) {
    let pa = project_px(a);
    let pb = project_px(b);
    let length_px = length(pb - pa);
    let steps = clamp(u32(ceil(length_px)), 1u, 64u);
    let step_px = length_px / f32(steps);
    for (var s = 0u; s < steps; s++) {
        let t = (f32(s) + 0.5) / f32(steps);
        var width_mm = diameter_mm;
        var piece = absorb;
        if buried {
            let depth = depth_b_mm * t;
            width_mm = diameter_mm + BURIED_SPREAD * depth;
            // What light still reaches that deep, over a wider, fainter
            // image of the same shaft.
            piece = absorb * exp(-depth / stage.see_depth_mm) * (diameter_mm / width_mm);
        }
        let width_px = width_mm * px_per_mm;
        // A shaft seen end-on still covers its own cross-section.
        let area = width_px * max(step_px, 0.785 * width_px / f32(steps));
        deposit_piece(mix(pa, pb, t), 0.5 * width_px, area, piece);
    }
}

// A follicular unit at `unit.position` with skin normal `n`.
fn splat_unit(unit: Dot, n: vec3<f32>, distance: f32) {
    let px_per_mm = frame.focal_px / distance;
    var h = pcg(bitcast<u32>(unit.position.x) ^ pcg(bitcast<u32>(unit.position.y) ^ pcg(bitcast<u32>(unit.position.z))));
    // 1–4 hairs, ≈ 2 on average (DOMAIN: S/E): 30 %, 45 %, 20 %, 5 %.
    let r = unit_float(h);
    let hairs = 1u + select(0u, 1u, r >= 0.3) + select(0u, 1u, r >= 0.75) + select(0u, 1u, r >= 0.95);
    let brow = unit.rank >= BROW_RANK;
    var along = growth_direction(unit.position, n);
    if brow {
        let side = select(-1.0, 1.0, unit.position.x >= hair.centre.x);
        let tilt = mix(1.0, -0.3, unit.rank - BROW_RANK);
        let d = vec3(side * cos(tilt), sin(tilt), 0.0);
        along = normalize(d - n * dot(d, n) + vec3(0.0, 0.0, 1e-6));
    }
    let across = cross(n, along);
    let skin = max(hair.skin, vec3(0.004));
    for (var k = 0u; k < hairs; k++) {
        h = pcg(h + k);
        // Hairs of one unit fan out by up to ±10° and leave within 0.1 mm.
        let fan = (unit_float(h) - 0.5) * 0.35;
        let dir = normalize(along * cos(fan) + across * sin(fan));
        h = pcg(h);
        let exit = select(mix(HAIR_EXIT_MIN, HAIR_EXIT_MAX, unit_float(h)), mix(0.14, 0.31, unit_float(h)), brow);
        h = pcg(h);
        let root = unit.position + across * (unit_float(h) - 0.5) * 0.2;
        h = pcg(h);
        let grey = unit_float(h) < hair.grey_share;
        let albedo = max(select(hair.albedo, hair.grey_albedo, grey), vec3(0.004));
        let axis = dir * cos(exit) + n * sin(exit);
        // Below the skin, down to where it no longer shows. (Not for brows:
        // their fine, shallow roots vanish under the long hairs over them.)
        if !brow {
            let buried_mm = min(HAIR_ROOT_MM, BURIED_DEPTH_MAX_MM / sin(exit));
            let buried = 1.0 - exp(-(-log(albedo) * BURIED_SHAFT_OD));
            let veil_absorb = buried * stage.halo_channels * exp(-0.3 / stage.see_depth_mm);
            deposit_veil(
                project_px(root),
                HAIR_VEIL_MM2 * px_per_mm * px_per_mm * -log(max(1.0 - veil_absorb, vec3(1e-4))),
            );
            draw_shaft(root, root - axis * buried_mm, hair.shaft_diameter_mm, buried, true, buried_mm * sin(exit), px_per_mm);
        }
        // Above it: the stubble, or a razor-fresh cut end, turning the lit
        // skin into the lit shaft (light hair on dark skin brightens it).
        // A brow hair tapers and lies along the skin; draw it a little thinner.
        let length = select(hair.stubble_mm, BROW_HAIR_MM * (0.7 + 0.3 * unit_float(pcg(h))), brow);
        let width = select(hair.shaft_diameter_mm, 0.8 * hair.shaft_diameter_mm, brow);
        draw_shaft(root, root + axis * length, width, 1.0 - albedo / skin, false, 0.0, px_per_mm);
    }
}

// The scatter's list of live hairs: [0] the count, then dot indices.
@group(0) @binding(9) var<storage, read> hair_list: array<u32>;

// One invocation per listed hair, shown where `splat` would show a dot.
@compute @workgroup_size(64)
fn splat_hairs(@builtin(global_invocation_id) gid: vec3<u32>) {
    let j = flat_index(gid, hair.groups_x);
    if j >= hair.count || looks[HAIR_SESSION].exists == 0u {
        return;
    }
    let unit = dots[hair_list[1u + j]];
    let seen = on_skin(unit);
    if seen.shows {
        splat_unit(unit, seen.normal, seen.distance);
    }
}
