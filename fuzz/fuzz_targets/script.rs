//! Fuzz target: the `script` parser (`smp_studio::parsers::run`).
#![no_main]

mod capped_alloc;

#[global_allocator]
static ALLOC: capped_alloc::CappedAlloc = capped_alloc::CappedAlloc;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    // Read or refused, never a panic, a hang or a runaway allocation.
    let _ = smp_studio::parsers::run("script", bytes);
});
