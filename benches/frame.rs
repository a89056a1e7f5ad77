//! `cargo bench`: per-stage times at 100 k and 1 M dots, 1024² (the same
//! as `smp bench`).

fn main() {
    if let Err(e) = smp_studio::cli::bench::run_stages(1024, 1024, 7, &[100_000, 1_000_000]) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
