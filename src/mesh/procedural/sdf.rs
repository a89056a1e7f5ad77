//! Signed distance primitives and blends the built-in heads are sculpted
//! from (after Inigo Quilez's catalogue).

use glam::{Vec2, Vec3};

/// Ellipsoid of half-axes `r` round `c`: a bound, good near the surface.
pub fn ellipsoid(p: Vec3, c: Vec3, r: Vec3) -> f32 {
    let q = p - c;
    let k0 = (q / r).length();
    let k1 = (q / (r * r)).length();
    if k1 < 1e-9 { -r.min_element() } else { k0 * (k0 - 1.0) / k1 }
}

pub fn sphere(p: Vec3, c: Vec3, r: f32) -> f32 {
    (p - c).length() - r
}

pub fn capsule(p: Vec3, a: Vec3, b: Vec3, r: f32) -> f32 {
    let pa = p - a;
    let ba = b - a;
    let h = (pa.dot(ba) / ba.dot(ba)).clamp(0.0, 1.0);
    (pa - ba * h).length() - r
}

/// A capsule whose radius goes from `ra` at `a` to `rb` at `b`.
pub fn tapered_capsule(p: Vec3, a: Vec3, b: Vec3, ra: f32, rb: f32) -> f32 {
    let pa = p - a;
    let ba = b - a;
    let h = (pa.dot(ba) / ba.dot(ba)).clamp(0.0, 1.0);
    (pa - ba * h).length() - (ra + (rb - ra) * h)
}

/// Distance in a plane to a circle's arc of radius `r` round `c` (a tube
/// when thickened).
pub fn ring(q: Vec2, c: Vec2, r: f32) -> f32 {
    ((q - c).length() - r).abs()
}

/// A disc's signed distance in a plane.
pub fn disc(q: Vec2, c: Vec2, r: f32) -> f32 {
    (q - c).length() - r
}

pub fn smin(a: f32, b: f32, k: f32) -> f32 {
    let h = (0.5 + 0.5 * (b - a) / k).clamp(0.0, 1.0);
    b + (a - b) * h - k * h * (1.0 - h)
}

pub fn smax(a: f32, b: f32, k: f32) -> f32 {
    -smin(-a, -b, k)
}

pub fn smoothstep(e0: f32, e1: f32, x: f32) -> f32 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}
