//! What every fuzz target runs under.
//!
//! - An allocation cap: one allocation, or all live ones together, past
//!   `CAP` aborts the run as a crash (libFuzzer keeps the input),
//!   whatever the sanitizer.
//! - Panics the product catches (other people's parsers, run inside
//!   `catch_unwind` by the importer: the user gets "the file is corrupt")
//!   are printed once per place and not counted as crashes; a panic that
//!   escapes `smp_studio::cli::parsers::run` still aborts the run (libfuzzer-sys).

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

/// 2 GiB: the largest file we read (`input_file::caps::MESH_BYTES`) is
/// allowed once; a parser that needs more for a fuzz-sized input is a bug.
pub const CAP: usize = 2 << 30;

pub struct CappedAlloc;

static LIVE: AtomicUsize = AtomicUsize::new(0);

fn over(size: usize) -> bool {
    size > CAP || LIVE.fetch_add(size, Ordering::Relaxed) + size > CAP
}

fn refuse(size: usize) -> ! {
    eprintln!("allocation of {size} bytes past the {CAP}-byte cap");
    std::process::abort();
}

unsafe impl GlobalAlloc for CappedAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if over(layout.size()) {
            refuse(layout.size());
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if over(layout.size()) {
            refuse(layout.size());
        }
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && over(new_size - layout.size()) {
            refuse(new_size);
        }
        if new_size < layout.size() {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Replaces libfuzzer-sys's abort-on-any-panic hook (installed before the
/// first input) with one that reports each caught panic's place once.
pub fn report_caught_panics_once() {
    static INSTALL: Once = Once::new();
    static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let place = info.location().map_or("?".into(), |l| format!("{}:{}", l.file(), l.line()));
            let mut seen = SEEN.lock().unwrap_or_else(|p| p.into_inner());
            if seen.get_or_insert_with(HashSet::new).insert(place.clone()) {
                eprintln!("caught panic (handled by the importer) at {place}: {info}");
            }
        }));
    });
}
