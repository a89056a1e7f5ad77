//! The allocation cap every fuzz target runs under: one allocation, or all
//! live ones together, past `CAP` aborts the run as a crash (libFuzzer
//! keeps the input), whatever the sanitizer.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// 2 GiB: the largest file we read (`input_file::caps::MESH_BYTES`) is
/// allowed once; a parser that needs more for a fuzz-sized input is a bug.
pub const CAP: usize = 2 << 30;

pub struct CappedAlloc;

static LIVE: AtomicUsize = AtomicUsize::new(0);

fn over(size: usize) -> bool {
    size > CAP || LIVE.fetch_add(size, Ordering::Relaxed) + size > CAP
}

unsafe impl GlobalAlloc for CappedAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if over(layout.size()) {
            eprintln!("allocation of {} bytes past the {CAP}-byte cap", layout.size());
            std::process::abort();
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if over(layout.size()) {
            eprintln!("allocation of {} bytes past the {CAP}-byte cap", layout.size());
            std::process::abort();
        }
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && over(new_size - layout.size()) {
            eprintln!("reallocation to {new_size} bytes past the {CAP}-byte cap");
            std::process::abort();
        }
        if new_size < layout.size() {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}
