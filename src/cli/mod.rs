//! The `smp` command line, one file per command: each holds its flags
//! (clap `Args`) and its `run`. `main.rs` only parses and dispatches.
//!
//! Takes a head, a plan and flags from the user; gives files, text and an
//! exit status. The only room that prints for the user: what it calls
//! returns text, reports and warnings instead.

pub mod bench;
pub mod compare;
pub mod head;
pub mod heatmap;
pub mod info;
pub mod look;
pub mod parsers;
pub mod plan;
pub mod plan_args;
pub mod presets;
pub mod render;
pub mod stats;
pub mod view;

use crate::core::camera::View;
use crate::core::error::SmpError;
use crate::plan::scene::HeadScene;

/// `--size`: N for N×N, or WxH in pixels.
pub fn parse_size(text: &str) -> Result<(u32, u32), SmpError> {
    let bad = || SmpError::Limit {
        what: format!("--size {text}"),
        problem: "expected N or WxH in pixels, e.g. 1024 or 1280x720".into(),
    };
    let parse = |s: &str| s.trim().parse::<u32>().map_err(|_| bad());
    match text.split_once(['x', 'X', '×']) {
        Some((w, h)) => Ok((parse(w)?, parse(h)?)),
        None => {
            let n = parse(text)?;
            Ok((n, n))
        }
    }
}

/// `--views`: names, or `all`.
pub fn parse_views(names: &[String]) -> Result<Vec<View>, SmpError> {
    let mut views = Vec::new();
    for name in names {
        if name.trim() == "all" {
            views.extend(View::ALL);
        } else {
            views.push(View::parse(name)?);
        }
    }
    views.dedup();
    Ok(views)
}

/// What fitting an imported head was unsure of, on stderr before the
/// command's own output.
pub fn print_warnings(scene: &HeadScene) {
    for w in &scene.warnings {
        eprintln!("warning: {w}");
    }
}

/// `--views` where none (`""`) is allowed.
pub fn parse_views_or_none(names: &[String]) -> Result<Vec<View>, SmpError> {
    let names: Vec<String> = names.iter().filter(|v| !v.trim().is_empty()).cloned().collect();
    parse_views(&names)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, SmpError> {
    serde_json::to_string_pretty(value).map_err(|e| SmpError::Gpu(e.to_string()))
}
