//! WGSL sources, assembled as vello assembles its shaders: a stage's file
//! pulls shared files in with `#import NAME` (`shaders/NAME.wgsl`, once
//! each), and is prefixed with
//!
//! - the constants Rust shares with WGSL, generated here from the Rust
//!   values (`shared_constants`), so they are never written twice;
//! - the stage's switches (`const NAME: bool`), one line per switch the
//!   stage declares in `Stage::switches`, on or off per variant.
//!
//! The naga test validates every variant of every stage: a switch the WGSL
//! reads but the list lacks (or one it declares twice) fails it.

use super::dot::{BROW_RANK, DOT_ALIVE, DOT_SESSION_MASK, HAIR_SESSION, SESSION_SLOTS};
use super::frame::SKIN_DETAIL_PIXEL_MM;
use crate::core::colour::VIRIDIS;
use crate::plan::aging::{
    BLOWOUT_DEPTH_MM, KIND_HAIR, KIND_PIGMENT, KIND_SCAR, SCAB_DARKNESS, SCAB_DAYS, SCAB_SIZE, SETTLED_DAYS,
};
use std::fmt::Write as _;

/// The shared files a stage may `#import`.
const LIBRARY: [(&str, &str); 2] =
    [("common", include_str!("../../shaders/common.wgsl")), ("hair", include_str!("../../shaders/hair.wgsl"))];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Scatter,
    Raster,
    Splat,
    Compose,
    Present,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Scatter, Stage::Raster, Stage::Splat, Stage::Compose, Stage::Present];

    pub fn file(self) -> &'static str {
        match self {
            Stage::Scatter => "scatter.wgsl",
            Stage::Raster => "raster.wgsl",
            Stage::Splat => "splat.wgsl",
            Stage::Compose => "compose.wgsl",
            Stage::Present => "present.wgsl",
        }
    }

    fn body(self) -> &'static str {
        match self {
            Stage::Scatter => include_str!("../../shaders/scatter.wgsl"),
            Stage::Raster => include_str!("../../shaders/raster.wgsl"),
            Stage::Splat => include_str!("../../shaders/splat.wgsl"),
            Stage::Compose => include_str!("../../shaders/compose.wgsl"),
            Stage::Present => include_str!("../../shaders/present.wgsl"),
        }
    }

    /// The switches the stage's WGSL reads. Each is a compile-time `bool`
    /// rather than an `override`: lavapipe and llvmpipe fold a `const`
    /// branch away, not an `override` one.
    pub fn switches(self) -> &'static [&'static str] {
        match self {
            Stage::Scatter => &[],
            // Pores and relief, for pixels finer than `SKIN_DETAIL_PIXEL_MM`.
            Stage::Raster => &["SKIN_DETAIL"],
            // Count every dot as the same disc (the density heat map).
            Stage::Splat => &["HEAT_MAP"],
            // The dermis's blur of the pigment; false colour for density.
            Stage::Compose => &["DERMAL_BLUR", "HEAT_MAP"],
            // Write linear light to an sRGB target instead of encoding.
            Stage::Present => &["SRGB_TARGET"],
        }
    }

    /// The stage's WGSL with the switches in `on` true and its others false.
    /// A name the stage does not declare is a bug in the caller: it panics.
    pub fn source(self, on: &[&str]) -> String {
        for name in on {
            assert!(self.switches().contains(name), "{} has no switch {name}", self.file());
        }
        let mut out = shared_constants();
        for name in self.switches() {
            let _ = writeln!(out, "const {name}: bool = {};", on.contains(name));
        }
        let mut included = Vec::new();
        out.push_str(&resolve_imports(self.body(), &mut included));
        out
    }

    pub fn module(self, device: &wgpu::Device, on: &[&str]) -> wgpu::ShaderModule {
        let label = match on {
            [] => self.file().to_string(),
            _ => format!("{} ({})", self.file(), on.join(", ")),
        };
        device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some(&label),
            source: wgpu::ShaderSource::Wgsl(self.source(on).into()),
        })
    }
}

/// `#import NAME` lines replaced by the library file, each file once.
fn resolve_imports(text: &str, included: &mut Vec<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match line.trim().strip_prefix("#import ") {
            Some(name) => {
                let name = name.trim();
                let (key, file) = LIBRARY
                    .iter()
                    .find(|(key, _)| *key == name)
                    .unwrap_or_else(|| panic!("#import {name}: no shaders/{name}.wgsl in the library"));
                if !included.contains(key) {
                    included.push(key);
                    out.push_str(&resolve_imports(file, included));
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The constants WGSL shares with Rust, written from the Rust values.
pub fn shared_constants() -> String {
    let mut out = String::from("// Generated from Rust by gpu::shaders::shared_constants.\n");
    for (name, value) in [
        ("DOT_ALIVE", DOT_ALIVE),
        ("DOT_SESSION_MASK", DOT_SESSION_MASK),
        ("HAIR_SESSION", HAIR_SESSION),
        ("SESSION_SLOTS", SESSION_SLOTS),
        ("KIND_PIGMENT", KIND_PIGMENT),
        ("KIND_HAIR", KIND_HAIR),
        ("KIND_SCAR", KIND_SCAR),
    ] {
        let _ = writeln!(out, "const {name}: u32 = {value}u;");
    }
    for (name, value) in [
        ("BROW_RANK", BROW_RANK),
        ("SCAB_DAYS", SCAB_DAYS),
        ("SETTLED_DAYS", SETTLED_DAYS),
        ("SCAB_SIZE", SCAB_SIZE),
        ("SCAB_DARKNESS", SCAB_DARKNESS),
        ("BLOWOUT_DEPTH_MM", BLOWOUT_DEPTH_MM),
        ("SKIN_DETAIL_PIXEL_MM", SKIN_DETAIL_PIXEL_MM),
    ] {
        let _ = writeln!(out, "const {name}: f32 = {value:?};");
    }
    // Viridis's stops (sRGB); `var` so a run-time index may read them.
    let stops: Vec<String> =
        VIRIDIS.iter().map(|[r, g, b]| format!("vec3({:?}, {:?}, {:?})", *r as f32, *g as f32, *b as f32)).collect();
    let _ = writeln!(
        out,
        "fn viridis_stop_srgb(i: u32) -> vec3<f32> {{\n    var stops = array<vec3<f32>, {}>({});\n    return stops[min(i, {}u)] / 255.0;\n}}",
        VIRIDIS.len(),
        stops.join(", "),
        VIRIDIS.len() - 1
    );
    out
}

/// The layout naga gives struct `name` in `stage`'s WGSL: its size and
/// its members' (name, offset), padding (`_…`) left out; what a Rust twin
/// is held to by `assert_wgsl_twin!`.
#[cfg(test)]
pub(crate) fn wgsl_struct_layout(stage: Stage, name: &str) -> (u32, Vec<(String, u32)>) {
    let source = stage.source(&[]);
    let module = wgpu::naga::front::wgsl::parse_str(&source).unwrap_or_else(|e| panic!("{}: {e}", stage.file()));
    for (_, ty) in module.types.iter() {
        if ty.name.as_deref() == Some(name)
            && let wgpu::naga::TypeInner::Struct { members, span } = &ty.inner
        {
            let named = members
                .iter()
                .filter_map(|m| m.name.clone().filter(|n| !n.starts_with('_')).map(|n| (n, m.offset)))
                .collect();
            return (*span, named);
        }
    }
    panic!("{} has no struct {name}", stage.file())
}

/// A `#[repr(C)]` Rust struct has its WGSL twin's size, and the listed
/// fields (every member but padding, in order) sit at the twin's offsets.
#[cfg(test)]
macro_rules! assert_wgsl_twin {
    ($rust:ty, $stage:expr, $wgsl:literal, [$($field:ident),* $(,)?]) => {{
        let (span, members) = $crate::gpu::shaders::wgsl_struct_layout($stage, $wgsl);
        let name = stringify!($rust);
        assert_eq!(std::mem::size_of::<$rust>() as u32, span, "size of {name} against WGSL {}", $wgsl);
        let rust: Vec<(String, u32)> =
            vec![$((stringify!($field).to_string(), std::mem::offset_of!($rust, $field) as u32)),*];
        assert_eq!(rust, members, "{name} against WGSL {}: (field, offset)", $wgsl);
    }};
}
#[cfg(test)]
pub(crate) use assert_wgsl_twin;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::dot::GpuDot;
    use crate::gpu::frame::{FrameParams, VeilGrid};
    use wgpu::naga;

    /// Every variant of every stage (each switch on and off) parses and
    /// validates with the capabilities we request (none beyond core WGSL),
    /// without a GPU.
    #[test]
    fn every_variant_validates_with_naga() {
        for stage in Stage::ALL {
            let switches = stage.switches();
            for bits in 0..1u32 << switches.len() {
                let on: Vec<&str> =
                    switches.iter().enumerate().filter(|(k, _)| bits & (1 << k) != 0).map(|(_, s)| *s).collect();
                let source = stage.source(&on);
                let module = naga::front::wgsl::parse_str(&source)
                    .unwrap_or_else(|e| panic!("{} {on:?}: {}", stage.file(), e.emit_to_string(&source)));
                naga::valid::Validator::new(naga::valid::ValidationFlags::all(), naga::valid::Capabilities::empty())
                    .validate(&module)
                    .unwrap_or_else(|e| panic!("{} {on:?}: {}", stage.file(), e.emit_to_string(&source)));
            }
        }
    }

    /// A switch a stage declares is read by its WGSL, and the WGSL sets no
    /// switch or shared constant itself.
    #[test]
    fn switches_and_constants_are_declared_once() {
        for stage in Stage::ALL {
            let mut included = Vec::new();
            let body = resolve_imports(stage.body(), &mut included);
            for name in stage.switches() {
                assert!(body.contains(name), "{}: switch {name} is never read", stage.file());
            }
            let generated = shared_constants();
            let constants = generated.lines().filter_map(|l| l.strip_prefix("const ")?.split(':').next());
            for name in constants.chain(stage.switches().iter().copied()) {
                assert!(
                    !body.contains(&format!("const {name}:")),
                    "{}: declares {name}, which Rust generates",
                    stage.file()
                );
            }
        }
    }

    #[test]
    fn shared_constants_carry_the_rust_values() {
        let text = shared_constants();
        assert!(text.contains(&format!("const HAIR_SESSION: u32 = {}u;", crate::plan::MAX_SESSIONS)));
        assert!(text.contains("const DOT_ALIVE: u32 = 256u;"));
        assert!(text.contains(&format!("const SCAB_DAYS: f32 = {SCAB_DAYS:?};")));
        assert!(text.contains("vec3(68.0, 1.0, 84.0)"));
    }

    #[test]
    fn an_unknown_import_is_named() {
        let e = std::panic::catch_unwind(|| resolve_imports("#import nothing\n", &mut Vec::new())).unwrap_err();
        let message = e.downcast_ref::<String>().unwrap();
        assert!(message.contains("#import nothing"), "{message}");
    }

    // The structs `shaders` takes its constants from, checked here: their
    // own tests may not use this module (it uses theirs).
    #[test]
    fn the_dot_matches_its_wgsl_twin() {
        assert_wgsl_twin!(
            GpuDot,
            Stage::Scatter,
            "Dot",
            [position, normal_oct, rank, size_jitter, shade_jitter, packed]
        );
    }

    #[test]
    fn the_frame_parameters_match_their_wgsl_twins() {
        assert_wgsl_twin!(FrameParams, Stage::Compose, "FrameParams", [view_proj, eye, focal_px, width, height]);
        assert_wgsl_twin!(VeilGrid, Stage::Splat, "VeilGrid", [cell_px, columns, rows]);
    }
}
