//! Headless device creation: prefer a real GPU, fall back to the CPU drivers
//! (Vulkan lavapipe, then GL llvmpipe). `WGPU_BACKEND` and
//! `WGPU_ADAPTER_NAME` override the choice.

use crate::core::error::{Result, SmpError};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct GpuContext {
    /// Kept for its resource report (`resource_counts`).
    pub instance: wgpu::Instance,
    pub adapter: wgpu::Adapter,
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
    pub info: wgpu::AdapterInfo,
    /// The device's first uncaptured error (validation, out of memory),
    /// kept for whoever checks next: every renderer on the device shares it.
    gpu_error: Arc<Mutex<Option<String>>>,
    /// The one gate to the queue: every submission and every surface
    /// configure passes it. wgpu's configure waits for the queue to drain
    /// and fails ("Failed to wait for GPU to come idle") if another thread
    /// submits meanwhile; through this gate the two can never overlap.
    /// `queue.submit` and `surface.configure` are disallowed elsewhere
    /// (clippy.toml), so no new caller can go round it.
    queue_gate: Arc<Mutex<()>>,
}

/// Live GPU objects, from wgpu's registry report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResourceCounts {
    pub buffers: usize,
    pub textures: usize,
    pub bind_groups: usize,
}

fn type_rank(t: wgpu::DeviceType) -> u32 {
    match t {
        wgpu::DeviceType::DiscreteGpu => 0,
        wgpu::DeviceType::IntegratedGpu => 1,
        wgpu::DeviceType::VirtualGpu => 2,
        wgpu::DeviceType::Cpu => 3,
        wgpu::DeviceType::Other => 4,
    }
}

fn backend_rank(b: wgpu::Backend) -> u32 {
    match b {
        wgpu::Backend::Vulkan | wgpu::Backend::Metal | wgpu::Backend::Dx12 => 0,
        wgpu::Backend::Gl => 1,
        _ => 2,
    }
}

impl GpuContext {
    /// Opens the best adapter; errors name the packages to install.
    pub fn new() -> Result<Self> {
        pollster::block_on(Self::new_async())
    }

    /// The backends to search: `WGPU_BACKEND`, or all we support.
    pub fn backends() -> wgpu::Backends {
        wgpu::Backends::from_env().unwrap_or(wgpu::Backends::PRIMARY | wgpu::Backends::GL)
    }

    async fn new_async() -> Result<Self> {
        let backends = Self::backends();
        let mut desc = wgpu::InstanceDescriptor::new_without_display_handle();
        desc.backends = backends;
        Self::open(&wgpu::Instance::new(desc), None).await
    }

    /// Opens the best adapter of `instance` that can present to `surface`
    /// (the live view's window).
    pub fn for_surface(instance: &wgpu::Instance, surface: &wgpu::Surface) -> Result<Self> {
        pollster::block_on(Self::open(instance, Some(surface)))
    }

    async fn open(instance: &wgpu::Instance, surface: Option<&wgpu::Surface<'_>>) -> Result<Self> {
        let backends = Self::backends();
        let mut adapters = instance.enumerate_adapters(backends).await;
        if let Some(surface) = surface {
            adapters.retain(|a| a.is_surface_supported(surface));
        }
        let found: Vec<String> = adapters.iter().map(|a| describe(&a.get_info())).collect();
        if let Ok(wanted) = std::env::var("WGPU_ADAPTER_NAME") {
            let wanted_lc = wanted.to_lowercase();
            adapters.retain(|a| a.get_info().name.to_lowercase().contains(&wanted_lc));
            if adapters.is_empty() {
                return Err(SmpError::NoAdapter {
                    detail: format!(
                        "WGPU_ADAPTER_NAME={wanted} matches none of: {}",
                        if found.is_empty() { "(none)".into() } else { found.join("; ") }
                    ),
                });
            }
        }
        // Deterministic choice: real GPUs first, then native APIs over GL,
        // then by name.
        adapters.sort_by_key(|a| {
            let i = a.get_info();
            (type_rank(i.device_type), backend_rank(i.backend), i.name.clone())
        });
        let Some(adapter) = adapters.into_iter().next() else {
            return Err(SmpError::NoAdapter { detail: format!("backends searched: {backends:?}") });
        };
        let info = adapter.get_info();
        let (device, queue) = adapter
            .request_device(&wgpu::DeviceDescriptor {
                label: Some("smp-studio"),
                required_features: wgpu::Features::empty(),
                required_limits: adapter.limits(),
                experimental_features: Default::default(),
                memory_hints: wgpu::MemoryHints::Performance,
                trace: wgpu::Trace::Off,
            })
            .await
            .map_err(|e| SmpError::Device { adapter: describe(&info), detail: e.to_string() })?;
        let gpu_error = Arc::new(Mutex::new(None));
        let sink = Arc::clone(&gpu_error);
        // Validation and out-of-memory errors become our errors, not panics.
        device.on_uncaptured_error(Arc::new(move |e: wgpu::Error| {
            let mut slot = sink.lock().unwrap_or_else(|p| p.into_inner());
            slot.get_or_insert_with(|| e.to_string());
        }));
        Ok(Self { instance: instance.clone(), adapter, device, queue, info, gpu_error, queue_gate: Arc::default() })
    }

    /// Submits command buffers to the queue through the gate.
    pub fn submit<I: IntoIterator<Item = wgpu::CommandBuffer>>(&self, command_buffers: I) -> wgpu::SubmissionIndex {
        let _gate = self.queue_gate.lock().unwrap_or_else(|p| p.into_inner());
        #[allow(clippy::disallowed_methods)] // the gate itself
        self.queue.submit(command_buffers)
    }

    /// Configures a surface of this device through the gate: no thread
    /// submits while wgpu waits for the queue to drain.
    pub fn configure_surface(&self, surface: &wgpu::Surface<'_>, config: &wgpu::SurfaceConfiguration) {
        let _gate = self.queue_gate.lock().unwrap_or_else(|p| p.into_inner());
        #[allow(clippy::disallowed_methods)] // the gate itself
        surface.configure(&self.device, config);
    }

    /// GPU objects alive on this instance (a leak shows as a count that
    /// grows over a soak), if the backend reports them.
    pub fn resource_counts(&self) -> Option<ResourceCounts> {
        let report = self.instance.generate_report()?;
        Some(ResourceCounts {
            buffers: report.hub.buffers.num_allocated,
            textures: report.hub.textures.num_allocated,
            bind_groups: report.hub.bind_groups.num_allocated,
        })
    }

    /// The first GPU error since the last check, as our error.
    pub fn check(&self) -> Result<()> {
        let mut slot = self.gpu_error.lock().unwrap_or_else(|p| p.into_inner());
        match slot.take() {
            Some(e) => Err(SmpError::Gpu(e)),
            None => Ok(()),
        }
    }

    pub fn describe(&self) -> String {
        describe(&self.info)
    }

    pub fn limits(&self) -> wgpu::Limits {
        self.device.limits()
    }

    /// Blocks until the GPU has finished all submitted work.
    pub fn wait(&self) -> Result<()> {
        self.device.poll(wgpu::PollType::wait_indefinitely()).map(|_| ()).map_err(|e| SmpError::Gpu(e.to_string()))
    }
}

pub fn describe(i: &wgpu::AdapterInfo) -> String {
    format!("{} ({:?}, {:?})", i.name, i.backend, i.device_type)
}
