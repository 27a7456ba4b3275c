//! Renders the 1,000-row list and 2,000-row vote minutes in turn, in the same run, and prints
//! the time of each and their ratio (the list is the baseline):
//! `cargo run [--release] -p xetkhen-pdf --example bench_minutes [rounds]` (default 3 rounds;
//! each figure is the best of the rounds).

use std::time::{Duration, Instant};

use xetkhen_pdf::sample::{demo_list, demo_minutes};
use xetkhen_pdf::{render_list_with_layout, render_minutes};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 3,
    };
    let list = demo_list(300, 700);
    let minutes = demo_minutes(2000);
    let (mut best_list, mut best_minutes) = (Duration::MAX, Duration::MAX);
    let (mut list_pages, mut minutes_pages, mut list_bytes, mut minutes_bytes) = (0, 0, 0, 0);
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        let l = render_list_with_layout(&list)?;
        best_list = best_list.min(t.elapsed());
        let t = Instant::now();
        let m = render_minutes(&minutes)?;
        best_minutes = best_minutes.min(t.elapsed());
        (list_pages, list_bytes) = (l.pages, l.bytes.len());
        (minutes_pages, minutes_bytes) = (m.pages, m.bytes.len());
    }
    println!("list, 1000 rows: {best_list:?}, {list_pages} pages, {list_bytes} bytes");
    println!("minutes, 2000 rows: {best_minutes:?}, {minutes_pages} pages, {minutes_bytes} bytes");
    println!(
        "ratio minutes/list: {:.2}",
        best_minutes.as_secs_f64() / best_list.as_secs_f64()
    );
    Ok(())
}
