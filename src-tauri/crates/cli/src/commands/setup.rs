//! `init` and `demo`: a store made ready, and a sample round to try the program on.

use crate::desk::open;
use crate::output::{print_json, JSON_HELP};
use clap::Args;
use std::path::Path;
use xetkhen_api::ApiError;

pub fn init(db: Option<&Path>) -> Result<(), ApiError> {
    let desk = open(db)?;
    let info = desk.app_info()?;
    println!(
        "Kho dữ liệu sẵn sàng: {} ({} đợt xét, {} hồ sơ).",
        info.db_path, info.round_count, info.nomination_count
    );
    Ok(())
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[arg(
        long,
        value_name = "SỐ",
        value_parser = clap::value_parser!(u32).range(1..=1_000_000),
        help = "Sinh thêm SỐ hồ sơ mẫu vào đợt xét"
    )]
    generate: Option<u32>,
    #[arg(
        long,
        value_name = "MÃ",
        help = "Đợt xét nhận hồ sơ sinh thêm (mặc định: đợt xét mẫu)"
    )]
    round: Option<String>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl DemoArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        let loaded = desk.load_demo()?;
        let mut generated = 0;
        if let Some(n) = self.generate {
            let round = self.round.as_deref().unwrap_or(&loaded.round.id);
            generated = desk.generate_nominations(round, n)?;
        }
        if self.json {
            return print_json(
                &serde_json::json!({ "round": loaded.round, "nominations": loaded.nominations, "generated": generated }),
            );
        }
        println!(
            "Đã nạp đợt xét mẫu «{}» (mã {}): {} hồ sơ.",
            loaded.round.name, loaded.round.id, loaded.nominations
        );
        if generated > 0 {
            println!("Đã sinh thêm {generated} hồ sơ mẫu.");
        }
        Ok(())
    }
}
