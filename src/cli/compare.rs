//! `smp compare`: two renders side by side in CIE ΔE, failing past the
//! tolerance the image tests use.

use crate::core::error::SmpError;
use crate::core::output_file::write_png_atomic;
use crate::output::compare::{IMAGE_TEST_TOLERANCE, compare};
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct CompareArgs {
    actual: PathBuf,
    reference: PathBuf,
    /// Write the per-pixel difference (grey, ΔE × 10) here.
    #[arg(long)]
    diff: Option<PathBuf>,
}

pub fn run(args: &CompareArgs) -> Result<(), SmpError> {
    let open = |path: &PathBuf| {
        crate::core::input_file::read_image(path).map_err(|e| SmpError::Limit {
            what: path.display().to_string(),
            problem: format!("not a readable image: {e}"),
        })
    };
    let (actual, reference) = (open(&args.actual)?, open(&args.reference)?);
    let diff = compare(&actual, &reference).ok_or_else(|| SmpError::Limit {
        what: format!("{} and {}", args.actual.display(), args.reference.display()),
        problem: format!("sizes differ: {:?} and {:?}", actual.dimensions(), reference.dimensions()),
    })?;
    println!("mean ΔE {:.3}, 99.5 % ΔE {:.2}, max ΔE {:.1}", diff.mean_delta_e, diff.p995_delta_e, diff.max_delta_e);
    if let Some(path) = &args.diff {
        write_png_atomic(&diff.heat, path)?;
    }
    if !diff.within(IMAGE_TEST_TOLERANCE) {
        return Err(SmpError::Limit {
            what: format!("{} against {}", args.actual.display(), args.reference.display()),
            problem: format!("outside the image tests' tolerance {IMAGE_TEST_TOLERANCE:?}"),
        });
    }
    Ok(())
}
