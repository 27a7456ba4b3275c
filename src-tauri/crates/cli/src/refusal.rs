//! clap's own refusals of a command line (an unknown flag, a missing argument, a value not among
//! the choices), said in Vietnamese like everything else the program prints. clap builds the
//! error and its context (which flag, which value, what it suggests); [`Vietnamese`] writes the
//! words. Help and version are printed by clap as they are: their texts are ours already.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use std::fmt::Write as _;

/// clap's error formatter in Vietnamese: `error.apply::<Vietnamese>()`.
pub struct Vietnamese;

impl ErrorFormatter for Vietnamese {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let mut out = String::from("Lỗi: ");
        out.push_str(&what(error));
        out.push('\n');
        for hint in hints(error) {
            let _ = writeln!(out, "  gợi ý: {hint}");
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.to_string();
            let usage = usage
                .trim_start_matches("Usage:")
                .trim()
                .replace("[OPTIONS]", OPTIONS);
            let _ = write!(out, "\nCách dùng: {usage}\n");
        }
        out.push_str("\nXem hướng dẫn: thêm --help vào sau lệnh.\n");
        StyledStr::from(out)
    }
}

/// Help or version as clap wrote it, with the one English placeholder of its usage lines
/// (`[OPTIONS]`, which clap does not let a program rename) in Vietnamese.
pub fn help_text(error: &clap::error::Error<Vietnamese>) -> String {
    error.render().to_string().replace("[OPTIONS]", OPTIONS)
}

const OPTIONS: &str = "[TUỲ CHỌN]";

fn string(error: &clap::error::Error<Vietnamese>, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(quoted(v)),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("«{v}»"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sentence that says what is wrong.
fn what(error: &clap::error::Error<Vietnamese>) -> String {
    let arg = string(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = string(error, ContextKind::InvalidValue).unwrap_or_default();
    let count = |kind| string(error, kind).unwrap_or_default();
    match error.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("tuỳ chọn {arg} cần một giá trị nhưng chưa có.")
        }
        ErrorKind::InvalidValue => {
            let mut s = format!("giá trị «{value}» của {arg} không hợp lệ.");
            if let Some(ContextValue::Strings(valid)) = error.get(ContextKind::ValidValue) {
                let _ = write!(s, " Chọn một trong: {}.", quoted(valid));
            }
            s
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error)
                .map(|e| because(&e.to_string()))
                .unwrap_or_default();
            format!("giá trị «{value}» của {arg} không hợp lệ{why}.")
        }
        ErrorKind::UnknownArgument => format!("không có tuỳ chọn «{arg}» ở đây."),
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh «{}».",
            string(error, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingSubcommand => {
            let mut s = format!(
                "lệnh «{}» cần một lệnh con.",
                string(error, ContextKind::InvalidSubcommand).unwrap_or_default()
            );
            if let Some(ContextValue::Strings(valid)) = error.get(ContextKind::ValidSubcommand) {
                let _ = write!(s, " Chọn một trong: {}.", quoted(valid));
            }
            s
        }
        ErrorKind::MissingRequiredArgument => match error.get(ContextKind::InvalidArg) {
            Some(ContextValue::Strings(missing)) => {
                // "<TỆP>..." ends in its own dots: no full stop after them.
                let list = missing.join(", ");
                let stop = if list.ends_with("...") { "" } else { "." };
                format!("còn thiếu: {list}{stop}")
            }
            _ => "còn thiếu tham số bắt buộc.".to_string(),
        },
        ErrorKind::ArgumentConflict => {
            let prior = string(error, ContextKind::PriorArg);
            match prior {
                Some(p) if p == arg => format!("tuỳ chọn {arg} chỉ được dùng một lần."),
                Some(p) => format!("không dùng {arg} cùng với {p}."),
                None => format!("không dùng {arg} cùng với các tuỳ chọn đã cho."),
            }
        }
        ErrorKind::NoEquals => format!("hãy viết giá trị của {arg} sau dấu bằng ({arg}=…)."),
        ErrorKind::TooManyValues => format!("{arg} nhận quá nhiều giá trị («{value}» là thừa)."),
        ErrorKind::TooFewValues => format!(
            "{arg} cần ít nhất {} giá trị, mới có {}.",
            count(ContextKind::MinValues),
            count(ContextKind::ActualNumValues)
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "{arg} cần {} giá trị, mới có {}.",
            count(ContextKind::ExpectedNumValues),
            count(ContextKind::ActualNumValues)
        ),
        ErrorKind::InvalidUtf8 => "một tham số không phải văn bản UTF-8 hợp lệ.".to_string(),
        _ => "dòng lệnh không hợp lệ.".to_string(),
    }
}

/// Why a value was refused, from the value parser's own error. Ours speak Vietnamese; clap's
/// number parsers say a range or a parse failure in English, which is said here in Vietnamese.
fn because(source: &str) -> String {
    if let Some((_, range)) = source.split_once(" is not in ") {
        if let Some((low, high)) = range.split_once("..=") {
            return format!(": phải từ {low} đến {high}");
        }
        if let Some((low, high)) = range.split_once("..") {
            return format!(": phải từ {low} đến dưới {high}");
        }
        return format!(": phải nằm trong {range}");
    }
    if source.contains("digit") || source.contains("empty string") || source.contains("too large") {
        return ": phải là một số nguyên không âm".to_string();
    }
    if source.is_ascii() {
        // Another of clap's parsers, in English: the value alone is named.
        return String::new();
    }
    format!(": {source}")
}

/// What clap suggests instead (a flag or command spelt nearly alike, `--` before a value).
fn hints(error: &clap::error::Error<Vietnamese>) -> Vec<String> {
    let mut out = Vec::new();
    for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg] {
        if let Some(ContextValue::String(s)) = error.get(kind) {
            out.push(format!("có phải ý bạn là «{s}»?"));
        } else if let Some(ContextValue::Strings(v)) = error.get(kind) {
            out.push(format!("có các lệnh gần giống: {}", quoted(v)));
        }
    }
    if let Some(ContextValue::String(s)) = error.get(ContextKind::SuggestedValue) {
        out.push(format!("có phải ý bạn là «{s}»?"));
    }
    if error.kind() == ErrorKind::UnknownArgument
        && out.is_empty()
        && string(error, ContextKind::InvalidArg).is_some_and(|a| a.starts_with('-'))
    {
        let arg = string(error, ContextKind::InvalidArg).unwrap_or_default();
        out.push(format!("nếu «{arg}» là một giá trị, hãy viết «-- {arg}»"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Vietnamese;

    fn refusal(args: &[&str]) -> (String, bool) {
        match crate::cli::command()
            .try_get_matches_from(std::iter::once("xetkhen").chain(args.iter().copied()))
        {
            Err(e) => {
                let e = e.apply::<Vietnamese>();
                (e.render().to_string(), e.use_stderr())
            }
            Ok(_) => (String::new(), false),
        }
    }

    #[test]
    fn help_names_its_placeholders_in_vietnamese() {
        for args in [&["--help"][..], &["round", "--help"], &["import", "--help"]] {
            let parsed = crate::cli::command()
                .try_get_matches_from(std::iter::once("xetkhen").chain(args.iter().copied()));
            assert!(parsed.is_err(), "{args:?} should print help");
            let Err(e) = parsed else { continue };
            let help = super::help_text(&e.apply::<Vietnamese>());
            assert!(help.contains("Cách dùng: xetkhen"), "{help}");
            assert!(help.contains("[TUỲ CHỌN]"), "{help}");
            assert!(
                !help.contains("OPTIONS") && !help.contains("COMMAND"),
                "{help}"
            );
        }
    }

    #[test]
    fn wrong_command_lines_are_refused_in_vietnamese_naming_what_is_wrong() {
        let cases: &[(&[&str], &[&str])] = &[
            (
                &["round", "create", "--name", "x", "--kind", "weekly"],
                &["«weekly»", "--kind", "«so-ket»", "«tong-ket»"],
            ),
            (&["no-such-command"], &["không có lệnh «no-such-command»"]),
            (&["imprt"], &["«imprt»", "«import»"]),
            (&["import"], &["còn thiếu: <TỆP>...\n"]),
            (
                &["export", "--round", "r", "--award", "bang-khen"],
                &["còn thiếu", "--out"],
            ),
            (
                &["round", "create", "--name"],
                &["--name", "cần một giá trị"],
            ),
            (&["demo", "--generate", "0"], &["«0»", "từ 1 đến 1000000"]),
            (
                &["round", "rule", "--round", "x", "--more-than", "100"],
                &["«100»", "từ 0 đến dưới 100"],
            ),
            (
                &["round"],
                &["cần một lệnh con", "«create»", "[TUỲ CHỌN] <LỆNH>"],
            ),
            (&["demo", "--generate", "abc"], &["«abc»", "số nguyên"]),
            (&["import", "--nosuch"], &["«--nosuch»", "-- --nosuch"]),
        ];
        for (args, said) in cases {
            let (text, to_stderr) = refusal(args);
            assert!(to_stderr, "{args:?}");
            assert!(text.starts_with("Lỗi: "), "{args:?}: {text}");
            for s in *said {
                assert!(text.contains(s), "{args:?} should say {s}: {text}");
            }
            for english in [
                "error:",
                "Usage:",
                "For more information",
                "tip:",
                "invalid value",
                "OPTIONS",
                "COMMAND",
            ] {
                assert!(!text.contains(english), "{args:?} says {english}: {text}");
            }
        }
    }
}
