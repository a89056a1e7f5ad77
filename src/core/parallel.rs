//! Work spread over the cores with answers that do not depend on how many
//! there are: every result lands at its item's index, whatever thread made
//! it. The CPU stages (orientation, the sky, the density map) use these
//! rather than threads of their own.

/// Threads for CPU work: one per core, at most 16.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 16)
}

/// `f` over `items`, the results in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let chunk = items.len().div_ceil(threads()).max(1);
    std::thread::scope(|scope| {
        let f = &f;
        let parts: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>())).collect();
        parts.into_iter().flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// `out[i] = f(i)` for every index, in chunks of at least `min_chunk` (so
/// cheap items do not cost a thread each).
pub fn fill<R: Send>(out: &mut [R], min_chunk: usize, f: impl Fn(usize) -> R + Sync) {
    let chunk = out.len().div_ceil(threads()).max(min_chunk.max(1));
    std::thread::scope(|scope| {
        for (k, part) in out.chunks_mut(chunk).enumerate() {
            let f = &f;
            scope.spawn(move || part.iter_mut().enumerate().for_each(|(i, v)| *v = f(k * chunk + i)));
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_land_at_their_index() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(super::map(&items, |x| x * 2), items.iter().map(|x| x * 2).collect::<Vec<_>>());
        let mut out = vec![0usize; 777];
        super::fill(&mut out, 10, |i| i + 1);
        assert!(out.iter().enumerate().all(|(i, v)| *v == i + 1));
        assert!(super::map(&[] as &[u32], |x| *x).is_empty());
    }
}
