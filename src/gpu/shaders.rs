//! WGSL sources: one file per stage, each prefixed with `common.wgsl`.

pub const COMMON: &str = include_str!("../../shaders/common.wgsl");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Scatter,
    Head,
    Splat,
    Compose,
    Present,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Scatter, Stage::Head, Stage::Splat, Stage::Compose, Stage::Present];

    pub fn file(self) -> &'static str {
        match self {
            Stage::Scatter => "scatter.wgsl",
            Stage::Head => "head.wgsl",
            Stage::Splat => "splat.wgsl",
            Stage::Compose => "compose.wgsl",
            Stage::Present => "present.wgsl",
        }
    }

    fn body(self) -> &'static str {
        match self {
            Stage::Scatter => include_str!("../../shaders/scatter.wgsl"),
            Stage::Head => include_str!("../../shaders/head.wgsl"),
            // The splat draws remaining hair too (`hair.wgsl`).
            Stage::Splat => {
                concat!(include_str!("../../shaders/splat.wgsl"), "\n", include_str!("../../shaders/hair.wgsl"))
            }
            Stage::Compose => include_str!("../../shaders/compose.wgsl"),
            Stage::Present => include_str!("../../shaders/present.wgsl"),
        }
    }

    pub fn source(self) -> String {
        format!("{COMMON}\n{}", self.body())
    }

    pub fn module(self, device: &wgpu::Device) -> wgpu::ShaderModule {
        device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some(self.file()),
            source: wgpu::ShaderSource::Wgsl(self.source().into()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wgpu::naga;

    /// Every stage parses and validates with the capabilities we request
    /// (none beyond core WGSL), without a GPU.
    #[test]
    fn every_shader_validates_with_naga() {
        for stage in Stage::ALL {
            let module = naga::front::wgsl::parse_str(&stage.source())
                .unwrap_or_else(|e| panic!("{}: {}", stage.file(), e.emit_to_string(&stage.source())));
            naga::valid::Validator::new(naga::valid::ValidationFlags::all(), naga::valid::Capabilities::empty())
                .validate(&module)
                .unwrap_or_else(|e| panic!("{}: {}", stage.file(), e.emit_to_string(&stage.source())));
        }
    }
}
