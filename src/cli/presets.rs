//! `smp presets`: the presets, clinical and training, a line each.

use crate::core::error::SmpError;
use crate::plan::presets::PRESETS;

pub fn run() -> Result<(), SmpError> {
    for training in [false, true] {
        println!("{}", if training { "\ntraining (mistakes beside the right way):" } else { "clinical:" });
        for p in PRESETS.iter().filter(|p| p.training == training) {
            println!("  {:<28} {}", p.name, p.description);
        }
    }
    Ok(())
}
