//! How long `verify_pdf` takes on a signed 1,000-row list (goal: under 100 ms), and on the same
//! list signed twice by approval (where every signature but the last has its later revisions
//! compared). Prints one line per case, the median of several runs, as
//! `bench_verify <case> <milliseconds> <valid>`, so that two builds (before and after a change)
//! can be run one after the other and compared:
//! `cargo run --release -p xetkhen-pdf --example bench_verify`.
//!
//! It uses only `verify_pdf`, `sign_pdf` and the training certificate, which every version has.

use std::time::{Duration, Instant};

use chrono::Utc;
use xetkhen_pdf::cert::{make_training_certificate, KeyKind, P12Signer};
use xetkhen_pdf::{render_list_with_layout, sample::demo_list, sign_pdf, verify_pdf, SignOptions};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const RUNS: usize = 21;
const PASSWORD: &str = "tap-huan";

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(label: &str, pdf: &[u8], ca: &[u8]) {
    let mut times = Vec::new();
    let mut valid = false;
    for _ in 0..RUNS {
        let t = Instant::now();
        let r = verify_pdf(pdf, &[ca.to_vec()]);
        times.push(t.elapsed());
        valid = r.valid;
    }
    println!(
        "bench_verify {label} {:.2} {}",
        median(times).as_secs_f64() * 1000.0,
        if valid { "valid" } else { "INVALID" }
    );
}

fn main() -> Res<()> {
    let cred = make_training_certificate(
        "Đặng Thị Ơn",
        "Ban Thi đua - Khen thưởng",
        KeyKind::Rsa2048,
        PASSWORD,
        Utc::now() - chrono::Duration::days(1),
        365,
    )?;
    let signer = P12Signer::from_pkcs12(&cred.p12, PASSWORD)?;
    let rendered = render_list_with_layout(&demo_list(300, 700))?;
    let opts = SignOptions::new("Phó Trưởng ban", "Phê duyệt danh sách", Utc::now());
    let signed = sign_pdf(&rendered.bytes, &signer, &opts)?;
    time("list-1000-rows-certified", &signed, &cred.ca_der);

    let mut first = opts;
    first.allow_later_signatures = true;
    let approved = sign_pdf(&rendered.bytes, &signer, &first)?;
    let mut second = SignOptions::new("Chủ tịch Hội đồng", "Xác nhận", Utc::now());
    second.area = Some(xetkhen_pdf::SignatureArea {
        page: rendered.pages.saturating_sub(1),
        rect: [60.0, 60.0, 260.0, 130.0],
    });
    let twice = sign_pdf(&approved, &signer, &second)?;
    time("list-1000-rows-two-signatures", &twice, &cred.ca_der);
    Ok(())
}
