//! Soak: thousands of frames with a plan edit (a re-scatter) every hundred,
//! sampling resident memory and live GPU objects every thousand, so a leak
//! shows as a series that climbs. `smp bench --soak N` runs it offscreen
//! through the library; `smp view --soak` samples the live window the same
//! way. Not a test: it takes minutes, and its numbers are for reading.

use crate::gpu::GpuContext;
use crate::gpu::context::ResourceCounts;
use crate::plan::Plan;

/// Frames between plan edits, and between samples.
pub const EDIT_EVERY: u32 = 100;
pub const SAMPLE_EVERY: u32 = 1000;

/// Resident memory of this process in MiB (Linux; 0 elsewhere).
pub fn resident_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

/// One sample of the series.
#[derive(Clone, Copy, Debug)]
pub struct SoakSample {
    pub frame: u32,
    pub resident_mib: f64,
    pub gpu: Option<ResourceCounts>,
}

impl SoakSample {
    pub fn take(frame: u32, ctx: &GpuContext) -> Self {
        Self { frame, resident_mib: resident_mib(), gpu: ctx.resource_counts() }
    }

    pub fn line(&self) -> String {
        let gpu = self.gpu.map_or("GPU objects not reported".into(), |g| {
            format!("{} buffers, {} textures, {} bind groups", g.buffers, g.textures, g.bind_groups)
        });
        format!("frame {:>6}: resident {:>7.1} MiB; {gpu}", self.frame, self.resident_mib)
    }
}

/// The plan edit for the `k`-th hundred frames: the top's density moves
/// between two values, so every edit lays the plan out and scatters again.
pub fn edited_plan(base: &Plan, k: u32) -> Plan {
    let mut plan = base.clone();
    plan.zones.top = base.zones.top + if k % 2 == 1 { 10.0 } else { 0.0 };
    plan
}

/// Whether a series stayed flat: GPU objects the same at every sample
/// after the first, and resident memory within `tolerance_mib` of the
/// second sample (the first thousand frames fill caches and pools).
pub fn verdict(samples: &[SoakSample], tolerance_mib: f64) -> String {
    let settled = &samples[samples.len().min(1)..];
    let gpu_flat = settled.windows(2).all(|w| w[0].gpu == w[1].gpu);
    let (lo, hi) =
        settled.iter().fold((f64::MAX, f64::MIN), |(lo, hi), s| (lo.min(s.resident_mib), hi.max(s.resident_mib)));
    let drift = if settled.is_empty() { 0.0 } else { hi - lo };
    let memory_flat = drift <= tolerance_mib;
    format!(
        "{}: GPU objects {} after frame {}; resident memory varied {drift:.1} MiB (tolerance {tolerance_mib} MiB)",
        if gpu_flat && memory_flat { "flat" } else { "NOT FLAT" },
        if gpu_flat { "constant" } else { "changed" },
        settled.first().map_or(0, |s| s.frame),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(frame: u32, mib: f64, buffers: usize) -> SoakSample {
        SoakSample { frame, resident_mib: mib, gpu: Some(ResourceCounts { buffers, textures: 4, bind_groups: 9 }) }
    }

    #[test]
    fn a_climbing_series_is_not_flat() {
        let flat = [sample(1000, 300.0, 40), sample(2000, 310.0, 41), sample(3000, 312.0, 41), sample(4000, 309.0, 41)];
        assert!(verdict(&flat, 16.0).starts_with("flat"), "{}", verdict(&flat, 16.0));
        let leaking_gpu = [sample(1000, 300.0, 40), sample(2000, 310.0, 41), sample(3000, 310.0, 42)];
        assert!(verdict(&leaking_gpu, 16.0).starts_with("NOT FLAT"));
        let leaking_memory = [sample(1000, 300.0, 40), sample(2000, 310.0, 41), sample(3000, 340.0, 41)];
        assert!(verdict(&leaking_memory, 16.0).starts_with("NOT FLAT"));
        assert_eq!(edited_plan(&Plan::default(), 1).zones.top, Plan::default().zones.top + 10.0);
        assert!(resident_mib() > 0.0 || !cfg!(target_os = "linux"));
    }
}
