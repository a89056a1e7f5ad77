//! Writes `assets/blue_noise_tile.bin`, the progressive blue-noise tile the
//! scatter lays over the scalp (see `smp_studio::gpu::scatter::blue_noise`).
//!
//! cargo run --release --example blue_noise_tile

use smp_studio::gpu::scatter::blue_noise::{BlueNoiseTile, TILE_CANDIDATES, TILE_POINTS, TILE_SEED};
use std::path::Path;

fn main() -> smp_studio::Result<()> {
    let start = std::time::Instant::now();
    let tile = BlueNoiseTile::generate(TILE_POINTS, TILE_CANDIDATES, TILE_SEED);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/blue_noise_tile.bin");
    smp_studio::core::output_file::write_file_atomic(&tile.to_bytes(), &path)?;
    println!("{} points in {:.2} s → {}", tile.points.len(), start.elapsed().as_secs_f64(), path.display());
    Ok(())
}
