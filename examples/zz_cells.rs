use smp_studio::*;
fn main() {
    let scene = HeadScene::builtin(Plan::default()).unwrap();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let cells = smp_studio::gpu::scatter::cells::ScatterCells::plan(&scene.chart, &scene.density, smp_studio::blue_noise::BlueNoiseTile::builtin(), 1).unwrap();
        println!("cells {} total {} in {:?}", cells.cells.len(), cells.total(), t.elapsed());
    }
    let t = std::time::Instant::now();
    let r = scene.density.reach_per_degree();
    println!("reach {:?} {}", t.elapsed(), r[0]);
}
#[allow(dead_code)]
fn x() {}
