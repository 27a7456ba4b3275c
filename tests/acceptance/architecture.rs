//! The architecture's rules, checked: what must be absent stays absent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn metadata() -> Value {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .current_dir(repo())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn no_crate_but_the_shell_depends_on_tauri() {
    let meta = metadata();
    let nodes = meta["resolve"]["nodes"].as_array().unwrap();
    let deps: HashMap<&str, Vec<&str>> = nodes
        .iter()
        .map(|n| {
            let id = n["id"].as_str().unwrap();
            let ds = n["deps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["pkg"].as_str().unwrap())
                .collect();
            (id, ds)
        })
        .collect();
    let name_of: HashMap<&str, &str> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    for member in meta["workspace_members"].as_array().unwrap() {
        let member = member.as_str().unwrap();
        if name_of[member] == "xetkhen-app" {
            continue;
        }
        let mut seen = HashSet::new();
        let mut stack = vec![member];
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let name = name_of[id];
            assert!(
                !name.starts_with("tauri")
                    && !name.starts_with("wry")
                    && !name.starts_with("webkit2gtk"),
                "{} depends on {name}",
                name_of[member]
            );
            stack.extend(deps.get(id).into_iter().flatten().copied());
        }
    }
}

#[test]
fn the_window_may_touch_no_file_system_and_no_shell() {
    let dir = repo().join("src-tauri/capabilities");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let cap: Value = serde_json::from_str(&text).unwrap();
        for p in cap["permissions"].as_array().unwrap() {
            let p = p.as_str().map_or_else(
                || p["identifier"].as_str().unwrap_or("").to_string(),
                String::from,
            );
            assert!(
                p.starts_with("allow-"),
                "{}: {p} is not one of the app's own commands",
                path.display()
            );
            for banned in ["fs:", "shell:", "opener:", "dialog:", "http:", "process:"] {
                assert!(!p.starts_with(banned), "{}: grants {p}", path.display());
            }
        }
        assert!(
            !text.contains("$HOME"),
            "{}: grants a path scope",
            path.display()
        );
    }
}

#[test]
fn the_content_security_policy_is_strict() {
    let conf: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("src-tauri/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP is set");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .expect("script-src is set");
    for banned in ["data:", "blob:", "http:", "https:", "*", "unsafe-inline"] {
        assert!(!script_src.contains(banned), "script-src allows {banned}");
    }
}

#[test]
fn every_html_page_declares_utf8() {
    let html = std::fs::read_to_string(repo().join("ui/index.html")).unwrap();
    assert!(html.to_lowercase().contains("<meta charset=\"utf-8\""));
}

#[test]
fn only_the_ipc_module_imports_tauri_in_the_ui() {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let src = repo().join("ui/src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let ipc = src.join("lib/ipc");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        if text.contains("@tauri-apps/") {
            assert!(f.starts_with(&ipc), "{} imports @tauri-apps", f.display());
        }
    }
}
