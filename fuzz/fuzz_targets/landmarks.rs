//! Fuzz target: the `landmarks` parser (`smp_studio::cli::parsers::run`).
#![no_main]

mod harness;

#[global_allocator]
static ALLOC: harness::CappedAlloc = harness::CappedAlloc;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    harness::report_caught_panics_once();
    // Read or refused, never a panic that escapes, a hang or a runaway allocation.
    let _ = smp_studio::cli::parsers::run("landmarks", bytes);
});
