//! Measuring helpers shared by the benchmark examples (`mod common;` in each). Each example uses
//! only some of them.
#![allow(dead_code)]

use std::time::{Duration, Instant};

/// A memory figure of this process from `/proc/self/status`, in KiB; zero where the kernel does
/// not tell (not Linux).
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// The most memory this process has held resident so far.
pub fn peak_rss_kib() -> u64 {
    status_kib("VmHWM:")
}

/// The memory this process holds resident now.
pub fn current_rss_kib() -> u64 {
    status_kib("VmRSS:")
}

/// Time this process has spent on CPUs, every thread of it, those ended included (an import
/// reads on one thread while it writes on another): on a machine shared with other work the
/// wall clock also counts the time spent waiting for a core, the CPU time does not. Zero where
/// the system does not tell.
pub fn cpu_time() -> Duration {
    cpu_time::ProcessTime::try_now().map_or(Duration::ZERO, |t| t.as_duration())
}

/// Wall-clock and CPU time of `f`.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let (t, c) = (Instant::now(), cpu_time());
    let out = f();
    (out, t.elapsed(), cpu_time().saturating_sub(c))
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

pub fn best(v: &[Duration]) -> Duration {
    v.iter().copied().min().unwrap_or_default()
}
