//! A progressive blue-noise tile: points on the unit torus whose every
//! prefix is itself evenly spread. The scatter lays it over the scalp and
//! keeps, at each place, the prefix the density there asks for; so the
//! first session's dots are an even "light map", later sessions fill the
//! gaps between them, and lowering a density hides the last dots without
//! moving any (DOMAIN: "light map first, fill gaps later").
//!
//! Made by Mitchell's best-candidate algorithm (each new point is the
//! candidate farthest from the points so far), which is progressive by
//! construction: the Clark–Evans index of any prefix is ≈ 1.65 (Poisson
//! 1.0, hexagonal grid 2.15). Generating 65 536 points takes ≈ 0.6 s, so the
//! tile ships in `assets/` (written by `cargo run --release --example
//! blue_noise_tile`; a test checks the file is what the generator makes).

use std::sync::OnceLock;

/// Points in the shipped tile; their order is their rank.
pub const TILE_POINTS: usize = 65_536;
/// Candidates per point: more gives a more even tile (R 1.53 at 8, 1.60 at
/// 16, 1.65 at 32) and a slower generator.
pub const TILE_CANDIDATES: usize = 32;
pub const TILE_SEED: u64 = 0x005e_ed0f_d075;

const ASSET: &[u8] = include_bytes!("../../../assets/blue_noise_tile.bin");

/// Positions in 1/65536 of the tile's side, in rank order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlueNoiseTile {
    pub points: Vec<[u16; 2]>,
}

impl BlueNoiseTile {
    /// The tile that ships with smp-studio.
    pub fn builtin() -> &'static BlueNoiseTile {
        static TILE: OnceLock<BlueNoiseTile> = OnceLock::new();
        TILE.get_or_init(|| {
            Self::from_bytes(ASSET).expect("assets/blue_noise_tile.bin is the generator's output, checked by a test")
        })
    }

    /// A regular 256 × 256 grid in the same form, for the training plan that
    /// shows what SMP must never look like ("dots on a visible grid"). Its
    /// ranks reverse the bits of the Morton order, so each prefix of 4^k
    /// points is itself a coarser grid.
    pub fn grid() -> &'static BlueNoiseTile {
        static GRID: OnceLock<BlueNoiseTile> = OnceLock::new();
        GRID.get_or_init(|| {
            let points = (0..TILE_POINTS as u32)
                .map(|k| {
                    let m = k.reverse_bits() >> 16;
                    let (mut x, mut y) = (0u32, 0u32);
                    for bit in 0..8 {
                        x |= ((m >> (2 * bit)) & 1) << bit;
                        y |= ((m >> (2 * bit + 1)) & 1) << bit;
                    }
                    [(x * 256 + 128) as u16, (y * 256 + 128) as u16]
                })
                .collect();
            BlueNoiseTile { points }
        })
    }

    /// Little-endian u16 pairs, as `to_bytes` writes them.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
            return None;
        }
        let points = bytes
            .chunks_exact(4)
            .map(|c| [u16::from_le_bytes([c[0], c[1]]), u16::from_le_bytes([c[2], c[3]])])
            .collect();
        Some(Self { points })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.points.iter().flat_map(|p| [p[0].to_le_bytes(), p[1].to_le_bytes()]).flatten().collect()
    }

    /// Point `i` in [0, 1)².
    pub fn position(&self, i: usize) -> [f32; 2] {
        let [x, y] = self.points[i];
        [x as f32 / 65536.0, y as f32 / 65536.0]
    }

    /// Rank of point `i` in [0, 1): the fraction of the tile before it.
    pub fn rank(&self, i: usize) -> f32 {
        (i as f32 + 0.5) / self.points.len() as f32
    }

    /// Packed as the scatter shader reads them: x in the low 16 bits.
    pub fn packed(&self) -> Vec<u32> {
        self.points.iter().map(|[x, y]| *x as u32 | (*y as u32) << 16).collect()
    }

    /// Mitchell's best candidate on the unit torus, deterministic for `seed`.
    pub fn generate(count: usize, candidates: usize, seed: u64) -> Self {
        let side = ((count as f64).sqrt() as usize).max(1);
        let mut grid: Vec<Vec<u32>> = vec![Vec::new(); side * side];
        let mut points: Vec<[f64; 2]> = Vec::with_capacity(count);
        let mut rng = crate::core::random::SplitMix::new(seed);
        let cell_of = |p: [f64; 2]| {
            let c = |v: f64| ((v * side as f64) as usize).min(side - 1);
            (c(p[0]), c(p[1]))
        };
        let torus_d2 = |a: [f64; 2], b: [f64; 2]| {
            let d = |u: f64, v: f64| {
                let d = (u - v).abs();
                d.min(1.0 - d)
            };
            d(a[0], b[0]).powi(2) + d(a[1], b[1]).powi(2)
        };
        for _ in 0..count {
            let mut best = [0.0, 0.0];
            let mut best_d2 = -1.0;
            for _ in 0..candidates {
                let c = [rng.unit(), rng.unit()];
                let (cx, cy) = cell_of(c);
                let mut nearest = f64::MAX;
                if !points.is_empty() {
                    // Rings of cells outwards until the nearest point found
                    // is closer than any unvisited cell could be, or cannot
                    // beat the best candidate so far.
                    let mut r = 0i64;
                    loop {
                        for dy in -r..=r {
                            for dx in -r..=r {
                                if dx.abs() != r && dy.abs() != r {
                                    continue;
                                }
                                let x = (cx as i64 + dx).rem_euclid(side as i64) as usize;
                                let y = (cy as i64 + dy).rem_euclid(side as i64) as usize;
                                for &j in &grid[y * side + x] {
                                    nearest = nearest.min(torus_d2(c, points[j as usize]));
                                }
                            }
                        }
                        let reach = r as f64 / side as f64;
                        if nearest <= reach * reach || nearest < best_d2 || 2 * r + 1 >= side as i64 {
                            break;
                        }
                        r += 1;
                    }
                }
                if nearest > best_d2 {
                    best_d2 = nearest;
                    best = c;
                }
            }
            let (cx, cy) = cell_of(best);
            grid[cy * side + cx].push(points.len() as u32);
            points.push(best);
        }
        let fixed = |v: f64| ((v * 65536.0) as u32).min(65535) as u16;
        Self { points: points.iter().map(|p| [fixed(p[0]), fixed(p[1])]).collect() }
    }

    /// The tile cut into `side`² square buckets; in each, its points' indices
    /// in rank order. Returns (first, points): bucket b holds
    /// `points[first[b]..first[b + 1]]`.
    pub fn buckets(&self, side: u32) -> (Vec<u32>, Vec<u32>) {
        let side = side as usize;
        let bucket = |p: [u16; 2]| ((p[1] as usize * side) >> 16) * side + ((p[0] as usize * side) >> 16);
        let mut counts = vec![0u32; side * side + 1];
        for p in &self.points {
            counts[bucket(*p) + 1] += 1;
        }
        for b in 0..side * side {
            counts[b + 1] += counts[b];
        }
        let first = counts.clone();
        let mut next = counts;
        let mut order = vec![0u32; self.points.len()];
        // Points are visited in rank order, so each bucket's list is too.
        for (i, p) in self.points.iter().enumerate() {
            let b = bucket(*p);
            order[next[b] as usize] = i as u32;
            next[b] += 1;
        }
        (first, order)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clark–Evans R of the first `n` points on the unit torus (brute force
    /// over a grid).
    fn clark_evans(tile: &BlueNoiseTile, n: usize) -> f64 {
        let p: Vec<[f64; 2]> = (0..n).map(|i| tile.position(i).map(|v| v as f64)).collect();
        let side = ((n as f64).sqrt() / 2.0).max(1.0) as usize;
        let mut grid: Vec<Vec<usize>> = vec![Vec::new(); side * side];
        let cell = |v: f64| ((v * side as f64) as usize).min(side - 1);
        for (i, q) in p.iter().enumerate() {
            grid[cell(q[1]) * side + cell(q[0])].push(i);
        }
        let mut sum = 0.0;
        for (i, q) in p.iter().enumerate() {
            let mut best = f64::MAX;
            for dy in -2i64..=2 {
                for dx in -2i64..=2 {
                    let x = (cell(q[0]) as i64 + dx).rem_euclid(side as i64) as usize;
                    let y = (cell(q[1]) as i64 + dy).rem_euclid(side as i64) as usize;
                    for &j in &grid[y * side + x] {
                        if j != i {
                            let d = |a: f64, b: f64| (a - b).abs().min(1.0 - (a - b).abs());
                            best = best.min(d(q[0], p[j][0]).hypot(d(q[1], p[j][1])));
                        }
                    }
                }
            }
            sum += best;
        }
        (sum / n as f64) / (0.5 / (n as f64).sqrt())
    }

    #[test]
    fn every_prefix_of_the_shipped_tile_is_evenly_spread() {
        let tile = BlueNoiseTile::builtin();
        assert_eq!(tile.points.len(), TILE_POINTS);
        for fraction in [1.0, 0.6, 0.4, 0.1, 0.02] {
            let n = (TILE_POINTS as f64 * fraction) as usize;
            let r = clark_evans(tile, n);
            assert!((1.55..1.8).contains(&r), "first {n} points: Clark–Evans R = {r:.3}");
        }
    }

    #[test]
    fn the_shipped_tile_is_what_the_generator_makes() {
        let made = BlueNoiseTile::generate(TILE_POINTS, TILE_CANDIDATES, TILE_SEED);
        assert!(made == *BlueNoiseTile::builtin(), "regenerate with `cargo run --release --example blue_noise_tile`");
    }

    #[test]
    fn buckets_hold_every_point_once_in_rank_order() {
        let tile = BlueNoiseTile::builtin();
        let (first, order) = tile.buckets(32);
        assert_eq!(first.len(), 32 * 32 + 1);
        assert_eq!(*first.last().unwrap() as usize, TILE_POINTS);
        let mut seen = vec![false; TILE_POINTS];
        for b in 0..32 * 32 {
            let list = &order[first[b] as usize..first[b + 1] as usize];
            assert!(list.windows(2).all(|w| w[0] < w[1]));
            for &i in list {
                let [x, y] = tile.points[i as usize];
                assert_eq!(((y as usize * 32) >> 16) * 32 + ((x as usize * 32) >> 16), b);
                seen[i as usize] = true;
            }
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn broken_tile_bytes_are_refused() {
        assert!(BlueNoiseTile::from_bytes(&[]).is_none());
        assert!(BlueNoiseTile::from_bytes(&[1, 2, 3]).is_none());
    }
}
