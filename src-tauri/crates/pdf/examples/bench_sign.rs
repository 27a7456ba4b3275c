//! Our signing against pyHanko's, side by side: the same unsigned 1,000-row list, the same
//! RSA-2048 key (one .p12 file), both producing a certifying PAdES B-B signature with a visible
//! field at the same place on the last page. Also prints the 1,000-row render + sign time and
//! size (goals: under 1 s, under 300 KB).
//!
//! `make bench-sign` runs it with pyHanko from the project's .venv; by hand:
//! `PATH=.venv/bin:$PATH cargo run --release -p xetkhen-pdf --example bench_sign [out-dir]`.
//!
//! Two comparisons, each the median of several runs:
//! - the signing step inside one process (our `sign_pdf` against pyHanko's `signers.sign_pdf`,
//!   timed by `pyhanko_sign.py` after its imports), which is what a user waits for in the app;
//! - signing as a command (`bench_sign sign-once` against `pyhanko sign addsig pkcs12`), which
//!   adds process start-up, loading the key and writing the file.
//!
//! Every file signed here, ours and pyHanko's, is then checked by our verifier.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Utc;
use xetkhen_pdf::cert::{make_training_certificate, KeyKind, P12Signer};
use xetkhen_pdf::{render_list_with_layout, sample::demo_list, sign_pdf, verify_pdf, SignOptions};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const RUNS: usize = 5;
const PASSWORD: &str = "tap-huan";

fn options() -> SignOptions {
    // No explicit area: the bottom right of the last page, [330 60 545 135], where pyHanko's
    // field goes too.
    SignOptions::new(
        "Phó Trưởng ban",
        "Phê duyệt danh sách đề nghị khen thưởng",
        Utc::now(),
    )
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// `bench_sign sign-once IN OUT P12`: our signer as a command, password in XETKHEN_BENCH_PASSWORD.
fn sign_once(args: &[String]) -> Res<()> {
    let [input, output, p12] = args else {
        return Err("sign-once IN OUT P12".into());
    };
    let password = std::env::var("XETKHEN_BENCH_PASSWORD")?;
    let signer = P12Signer::open(Path::new(p12), &password)?;
    let pdf = std::fs::read(input)?;
    let signed = sign_pdf(&pdf, &signer, &options())?;
    std::fs::write(output, signed)?;
    Ok(())
}

/// The Python of the .venv pyhanko runs in, if pyhanko is on the PATH.
fn pyhanko_python() -> Option<PathBuf> {
    let out = Command::new("sh")
        .args(["-c", "command -v pyhanko"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let pyhanko = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let python = pyhanko.parent()?.join("python");
    Some(if python.is_file() {
        python
    } else {
        PathBuf::from("python3")
    })
}

fn check(label: &str, file: &Path, ca: &[u8]) -> Res<()> {
    let report = verify_pdf(&std::fs::read(file)?, &[ca.to_vec()]);
    let problems: Vec<&xetkhen_core::Message> = report
        .problems
        .iter()
        .chain(report.signatures.iter().flat_map(|s| &s.problems))
        .collect();
    println!(
        "  {label}: {} ({} KB){}",
        if report.valid {
            "hợp lệ theo xetkhen verify"
        } else {
            "KHÔNG hợp lệ"
        },
        std::fs::metadata(file)?.len() / 1024,
        if problems.is_empty() {
            String::new()
        } else {
            format!(" {problems:?}")
        }
    );
    Ok(())
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("sign-once") {
        return sign_once(&args[1..]);
    }
    let keep = args.first().map(PathBuf::from);
    let tmp = tempfile::tempdir()?;
    let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;

    let cred = make_training_certificate(
        "Đặng Thị Ơn",
        "Ban Thi đua - Khen thưởng",
        KeyKind::Rsa2048,
        PASSWORD,
        Utc::now() - chrono::Duration::days(1),
        365,
    )?;
    let signer = P12Signer::from_pkcs12(&cred.p12, PASSWORD)?;
    let doc = demo_list(300, 700);

    // 1. The export itself: render and sign 1,000 rows.
    let mut render_times = Vec::new();
    let mut rendered = None;
    for _ in 0..3 {
        let t = Instant::now();
        rendered = Some(render_list_with_layout(&doc)?);
        render_times.push(t.elapsed());
    }
    let rendered = rendered.ok_or("no render")?;
    let mut ours = Vec::new();
    let mut signed = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        signed = sign_pdf(&rendered.bytes, &signer, &options())?;
        ours.push(t.elapsed());
    }
    let render = median(render_times);
    let sign = median(ours.clone());
    println!(
        "1.000 dòng: dàn trang {}, ký {}, tổng {} (mục tiêu < 1 s); {} trang; chưa ký {} KB, đã ký {} KB (mục tiêu < 300 KB)",
        ms(render),
        ms(sign),
        ms(render + sign),
        rendered.pages,
        rendered.bytes.len() / 1024,
        signed.len() / 1024
    );

    let unsigned = dir.join("unsigned.pdf");
    let p12 = dir.join("signer.p12");
    let passfile = dir.join("password.txt");
    std::fs::write(&unsigned, &rendered.bytes)?;
    std::fs::write(&p12, &cred.p12)?;
    std::fs::write(&passfile, PASSWORD)?;
    std::fs::write(dir.join("ca.pem"), &cred.ca_pem)?;
    std::fs::write(dir.join("ours-inprocess.pdf"), &signed)?;

    let Some(python) = pyhanko_python() else {
        println!("pyHanko không có trên PATH (chạy `make py-deps`, rồi `make bench-sign`): bỏ qua phần so sánh.");
        return Ok(());
    };

    // 2. The signing step inside one process.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pyhanko_sign.py");
    let theirs_file = dir.join("pyhanko-inprocess.pdf");
    let out = Command::new(&python)
        .arg(&script)
        .arg(&unsigned)
        .arg(&theirs_file)
        .arg(&p12)
        .arg(PASSWORD)
        .arg("-1")
        .arg(RUNS.to_string())
        .output()?;
    if !out.status.success() {
        return Err(format!(
            "pyhanko_sign.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    let theirs_secs: f64 = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .ok_or("no output from pyhanko_sign.py")?
        .trim()
        .parse()?;
    let theirs = Duration::from_secs_f64(theirs_secs);
    println!(
        "Bước ký trong một tiến trình (trung vị {RUNS} lần): Xét Khen {}, pyHanko {}; tỉ lệ Xét Khen/pyHanko = {:.3} (pyHanko chậm hơn {:.1} lần)",
        ms(sign),
        ms(theirs),
        sign.as_secs_f64() / theirs.as_secs_f64(),
        theirs.as_secs_f64() / sign.as_secs_f64()
    );

    // 3. Signing as a command: start, load the key, sign, write.
    let exe = std::env::current_exe()?;
    let ours_cmd_file = dir.join("ours-command.pdf");
    let theirs_cmd_file = dir.join("pyhanko-command.pdf");
    let mut ours_cmd = Vec::new();
    let mut theirs_cmd = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let s = Command::new(&exe)
            .arg("sign-once")
            .arg(&unsigned)
            .arg(&ours_cmd_file)
            .arg(&p12)
            .env("XETKHEN_BENCH_PASSWORD", PASSWORD)
            .status()?;
        ours_cmd.push(t.elapsed());
        if !s.success() {
            return Err("sign-once failed".into());
        }
        let t = Instant::now();
        let o = Command::new("pyhanko")
            .args([
                "sign",
                "addsig",
                "--field",
                "-1/330,60,545,135/Signature1",
                "--use-pades",
                "--certify",
                "pkcs12",
                "--passfile",
            ])
            .arg(&passfile)
            .arg(&unsigned)
            .arg(&theirs_cmd_file)
            .arg(&p12)
            .output()?;
        theirs_cmd.push(t.elapsed());
        if !o.status.success() {
            return Err(format!(
                "pyhanko sign addsig failed: {}",
                String::from_utf8_lossy(&o.stderr)
            )
            .into());
        }
    }
    let (a, b) = (median(ours_cmd), median(theirs_cmd));
    println!(
        "Ký bằng lệnh (khởi động, nạp khóa, ký, ghi tệp; trung vị {RUNS} lần): Xét Khen {}, pyHanko {}; tỉ lệ Xét Khen/pyHanko = {:.3} (pyHanko chậm hơn {:.1} lần)",
        ms(a),
        ms(b),
        a.as_secs_f64() / b.as_secs_f64(),
        b.as_secs_f64() / a.as_secs_f64()
    );

    println!("Kiểm tra các tệp đã ký:");
    for (label, file) in [
        ("Xét Khen, trong tiến trình", dir.join("ours-inprocess.pdf")),
        ("Xét Khen, bằng lệnh", ours_cmd_file),
        ("pyHanko, trong tiến trình", theirs_file),
        ("pyHanko, bằng lệnh", theirs_cmd_file),
    ] {
        check(label, &file, &cred.ca_der)?;
    }
    if let Some(k) = keep {
        println!("Các tệp ở {}", k.display());
    }
    Ok(())
}
