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

/// Plugins whose permissions would hand the window the machine: files, programs, the network,
/// other windows' dialogs.
const BANNED_PLUGINS: &[&str] = &[
    "fs:",
    "shell:",
    "opener:",
    "dialog:",
    "http:",
    "process:",
    "updater:",
    "sql:",
    "store:",
    "upload:",
    "websocket:",
    "global-shortcut:",
    "clipboard-manager:",
    "core:webview:",
    "core:window:",
    "core:path:",
];

/// Path variables and patterns of Tauri scopes: a capability naming one grants the window files.
const PATH_SCOPE_MARKS: &[&str] = &[
    "$HOME",
    "$APPDATA",
    "$APPLOCALDATA",
    "$APPCONFIG",
    "$APPCACHE",
    "$APPLOG",
    "$DOCUMENT",
    "$DOWNLOAD",
    "$DESKTOP",
    "$RESOURCE",
    "$TEMP",
    "$EXE",
    "$PUBLIC",
    "$AUDIO",
    "$VIDEO",
    "$PICTURE",
    "$CONFIG",
    "$DATA",
    "$LOCALDATA",
    "$CACHE",
    "$RUNTIME",
    "$TEMPLATE",
    "$FONT",
    "$LOG",
    "**",
    "/*",
];

/// Everything wrong with one capability file, as sentences; empty when it grants only the app's
/// own commands, with no scope, to local windows.
fn capability_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let cap: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return vec![format!("not JSON: {e}")],
    };
    if cap.get("remote").is_some() {
        problems.push("lets remote pages call the app (\"remote\")".into());
    }
    if cap.get("platforms").is_some() && cap.get("windows").is_none() {
        problems.push("applies to no named window".into());
    }
    for p in cap["permissions"].as_array().into_iter().flatten() {
        let id = p.as_str().map_or_else(
            || p["identifier"].as_str().unwrap_or("").to_string(),
            String::from,
        );
        if !id.starts_with("allow-") {
            problems.push(format!("{id} is not one of the app's own commands"));
        }
        if let Some(plugin) = BANNED_PLUGINS.iter().find(|b| id.starts_with(**b)) {
            problems.push(format!("grants {id} (plugin {plugin})"));
        }
        if p.get("allow").is_some() || p.get("deny").is_some() {
            problems.push(format!("{id} carries a scope"));
        }
    }
    for mark in PATH_SCOPE_MARKS {
        if text.contains(mark) {
            problems.push(format!("names a path scope ({mark})"));
        }
    }
    problems
}

#[test]
fn the_window_may_touch_no_file_system_and_no_shell() {
    let dir = repo().join("src-tauri/capabilities");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let problems = capability_problems(&text);
        assert!(problems.is_empty(), "{}: {problems:?}", path.display());
        checked += 1;
    }
    assert!(checked > 0, "no capability file found in {}", dir.display());
    // The app's own permissions (generated from its commands) carry no scope either.
    let perms = repo().join("src-tauri/permissions");
    if perms.exists() {
        let mut stack = vec![perms];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                let scoped = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.starts_with('#') && !l.starts_with("description"))
                    .any(|l| l.contains("scope"));
                assert!(!scoped, "{}: defines a scope", p.display());
            }
        }
    }
}

#[test]
fn the_capability_check_refuses_what_it_should() {
    let own = r#"{"identifier":"main","windows":["main"],"permissions":["allow-app-info"]}"#;
    assert!(capability_problems(own).is_empty());
    for bad in [
        r#"{"identifier":"main","windows":["main"],"permissions":["fs:default"]}"#,
        r#"{"identifier":"main","windows":["main"],"permissions":["shell:allow-open"]}"#,
        r#"{"identifier":"main","windows":["main"],"permissions":["allow-app-info",{"identifier":"fs:allow-read-file","allow":[{"path":"$HOME/**"}]}]}"#,
        r#"{"identifier":"main","windows":["main"],"permissions":[{"identifier":"allow-app-info","allow":[{"path":"$DOCUMENT/*"}]}]}"#,
        r#"{"identifier":"main","windows":["main"],"remote":{"urls":["https://*.example.com"]},"permissions":["allow-app-info"]}"#,
        r#"{"identifier":"main","windows":["main"],"permissions":["core:default"]}"#,
    ] {
        assert!(!capability_problems(bad).is_empty(), "not refused: {bad}");
    }
}

/// What is wrong with a content security policy, as sentences; empty when it is strict: no
/// `unsafe-eval` anywhere, scripts from the app itself only, no remote origin in any directive.
fn csp_problems(csp: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut directives: HashMap<String, Vec<String>> = HashMap::new();
    for d in csp.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut words = d.split_whitespace();
        let name = words.next().unwrap_or_default().to_ascii_lowercase();
        directives.insert(name, words.map(str::to_string).collect());
    }
    if csp.to_ascii_lowercase().contains("unsafe-eval") {
        problems.push("allows unsafe-eval".into());
    }
    if !directives.contains_key("default-src") {
        problems.push("has no default-src".into());
    }
    // Scripts: script-src, or default-src when it is missing; only 'self'.
    let script = directives
        .get("script-src")
        .or_else(|| directives.get("default-src"))
        .cloned()
        .unwrap_or_default();
    for source in &script {
        if source != "'self'" && source != "'none'" {
            problems.push(format!("script-src allows {source}"));
        }
    }
    for key in ["script-src-elem", "script-src-attr", "worker-src"] {
        for source in directives.get(key).into_iter().flatten() {
            if source != "'self'" && source != "'none'" {
                problems.push(format!("{key} allows {source}"));
            }
        }
    }
    // Remote origins, in any directive: only the app's own schemes and Tauri's IPC host.
    for (name, sources) in &directives {
        for source in sources {
            let s = source.to_ascii_lowercase();
            let local = s.starts_with('\'')
                || matches!(
                    s.as_str(),
                    "ipc:"
                        | "asset:"
                        | "tauri:"
                        | "http://ipc.localhost"
                        | "http://asset.localhost"
                )
                || (s == "data:" && name == "img-src");
            if !local {
                problems.push(format!("{name} allows {source}"));
            }
        }
    }
    for name in ["object-src", "base-uri", "frame-ancestors"] {
        if directives.get(name).map(Vec::as_slice) != Some(&["'none'".to_string()][..]) {
            problems.push(format!("{name} is not 'none'"));
        }
    }
    problems
}

#[test]
fn the_content_security_policy_is_strict() {
    let conf: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("src-tauri/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let security = &conf["app"]["security"];
    let csp = security["csp"].as_str().expect("a CSP is set");
    let problems = csp_problems(csp);
    assert!(problems.is_empty(), "{csp}: {problems:?}");
    if let Some(dev) = security["devCsp"].as_str() {
        let problems = csp_problems(dev);
        assert!(problems.is_empty(), "devCsp {dev}: {problems:?}");
    }
    for key in [
        "dangerousDisableAssetCspModification",
        "dangerousRemoteDomainIpcAccess",
    ] {
        assert!(security.get(key).is_none(), "app.security.{key} is set");
    }
    assert_eq!(conf["app"]["withGlobalTauri"], Value::Bool(false));
    for w in conf["app"]["windows"].as_array().into_iter().flatten() {
        if let Some(url) = w["url"].as_str() {
            assert!(!url.contains("://"), "window {} loads {url}", w["label"]);
        }
    }
}

#[test]
fn the_csp_check_refuses_what_it_should() {
    let strict = "default-src 'self'; script-src 'self'; img-src 'self' data:; connect-src ipc: http://ipc.localhost; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    assert!(
        csp_problems(strict).is_empty(),
        "{:?}",
        csp_problems(strict)
    );
    for bad in [
        strict.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
        strict.replace("script-src 'self'", "script-src 'self' data:"),
        strict.replace("script-src 'self'", "script-src 'self' blob:"),
        strict.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
        strict
            .replace("script-src 'self'; ", "")
            .replace("default-src 'self'", "default-src 'self' 'unsafe-inline'"),
        strict.replace(
            "default-src 'self'",
            "default-src 'self' https://cdn.example.com",
        ),
        strict.replace("connect-src ipc:", "connect-src ipc: https:"),
        strict.replace("img-src 'self' data:", "img-src *"),
        strict.replace("object-src 'none'; ", ""),
    ] {
        assert!(!csp_problems(&bad).is_empty(), "not refused: {bad}");
    }
}

/// Names of command parameters and request fields that would carry a path from the window.
const PATH_NAMES: &[&str] = &[
    "path",
    "paths",
    "file_path",
    "files",
    "dir",
    "folder",
    "directory",
    "out",
    "dest",
    "destination",
    "db",
    "db_path",
];
const PATH_TYPES: &[&str] = &["PathBuf", "Path", "OsString", "OsStr"];

/// `(name, type)` of every parameter of every `#[tauri::command]` in a shell source file.
fn command_parameters(src: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for chunk in src.split("#[tauri::command]").skip(1) {
        let Some(open) = chunk.find('(') else {
            continue;
        };
        let name = chunk[..open]
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_string();
        // The parameter list ends at the ')' that closes the first '('.
        let mut depth = 0;
        let mut close = open;
        for (i, c) in chunk[open..].char_indices() {
            match c {
                '(' | '<' => depth += 1,
                ')' | '>' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let params = &chunk[open + 1..close];
        for p in split_top_level(params) {
            if let Some((pname, ty)) = p.split_once(':') {
                out.push((
                    name.clone(),
                    pname.trim().to_string(),
                    ty.trim().to_string(),
                ));
            }
        }
    }
    out
}

fn split_top_level(s: &str) -> Vec<String> {
    let (mut parts, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for c in s.chars() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    parts.push(cur);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Fields `(name, type)` of `pub struct NAME { … }` in any of the sources.
fn struct_fields(sources: &[String], name: &str) -> Option<Vec<(String, String)>> {
    let head = format!("pub struct {name} {{");
    for src in sources {
        if let Some(at) = src.find(&head) {
            let body = &src[at + head.len()..];
            let end = body.find("\n}").unwrap_or(body.len());
            let fields = body[..end]
                .lines()
                .map(str::trim)
                .filter(|l| !l.starts_with("//") && !l.starts_with('#'))
                .filter_map(|l| l.strip_prefix("pub "))
                .filter_map(|l| l.split_once(':'))
                .map(|(n, t)| {
                    (
                        n.trim().to_string(),
                        t.trim().trim_end_matches(',').to_string(),
                    )
                })
                .collect();
            return Some(fields);
        }
    }
    None
}

/// Why a value of type `ty`, named `name`, could carry a path from the window; looks into the
/// structs it is made of.
fn path_carrier(
    sources: &[String],
    name: &str,
    ty: &str,
    seen: &mut HashSet<String>,
) -> Option<String> {
    let idents: Vec<&str> = ty
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    if let Some(t) = idents.iter().find(|w| PATH_TYPES.contains(w)) {
        return Some(format!("{name}: {ty} is a {t}"));
    }
    if idents.iter().any(|w| *w == "String" || *w == "str") && PATH_NAMES.contains(&name) {
        return Some(format!("{name}: {ty} is named like a path"));
    }
    for w in idents {
        if !w.starts_with(|c: char| c.is_ascii_uppercase()) || !seen.insert(w.to_string()) {
            continue;
        }
        for (field, fty) in struct_fields(sources, w).unwrap_or_default() {
            if let Some(why) = path_carrier(sources, &field, &fty, seen) {
                return Some(format!("{w}.{why}"));
            }
        }
    }
    None
}

fn rust_sources(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

/// What the window sends must be ids, tokens and values, never a place on disk: every file the
/// shell reads or writes is chosen in a native dialog opened from Rust.
fn commands_taking_paths(shell: &str, types: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (command, param, ty) in command_parameters(shell) {
        if ["State", "AppHandle", "Window", "Webview", "WebviewWindow"]
            .iter()
            .any(|t| ty.contains(t))
        {
            continue;
        }
        if let Some(why) = path_carrier(types, &param, &ty, &mut HashSet::new()) {
            found.push(format!("{command}({why})"));
        }
    }
    found
}

#[test]
fn no_shell_command_takes_a_path_from_the_window() {
    let shell = rust_sources(&repo().join("src-tauri/src")).join("\n");
    let types = rust_sources(&repo().join("src-tauri/crates"));
    let params = command_parameters(&shell);
    assert!(
        params.len() >= 5,
        "the shell's commands were not found: {params:?}"
    );
    let found = commands_taking_paths(&shell, &types);
    assert!(found.is_empty(), "commands taking a path: {found:?}");
}

#[test]
fn the_path_check_refuses_what_it_should() {
    let types = vec![
        "pub struct Export {\n    pub round: String,\n    pub out: String,\n}\n".to_string(),
        "pub struct Wrapped {\n    pub inner: Option<Export>,\n}\n".to_string(),
        "pub struct ByToken {\n    pub tokens: Vec<String>,\n}\n".to_string(),
    ];
    let fine = "#[tauri::command]\nasync fn ok(s: State<'_, Shared>, req: ByToken, id: String) -> Result<(), ApiError> {}";
    assert!(commands_taking_paths(fine, &types).is_empty());
    for bad in [
        "#[tauri::command]\nasync fn a(path: String) -> Result<(), ApiError> {}",
        "#[tauri::command]\nasync fn b(s: State<'_, Shared>, file: PathBuf) -> Result<(), ApiError> {}",
        "#[tauri::command]\nasync fn c(req: Wrapped) -> Result<(), ApiError> {}",
        "#[tauri::command]\nasync fn d(app: AppHandle, files: Vec<String>) -> Result<(), ApiError> {}",
    ] {
        assert!(!commands_taking_paths(bad, &types).is_empty(), "not refused: {bad}");
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

/// Rules the window must take from the back end rather than decide again, each with what betrays a
/// copy in the UI's sources: folding text for search (`core::text::fold`, through `fold_search`
/// and `TallyRow::search`), whether a verdict needs a reason (`core::reason_required`, through
/// `ItemView::reason_required`), the criteria sets (the round's rubric, through
/// `NominationList::criteria_sets`), and the signer's default title (`api::DEFAULT_SIGNER_TITLE`,
/// through `export_choices`).
const UI_RULES: &[(&str, &[&str])] = &[
    (
        "search folding (core::text::fold)",
        &[
            "normalize(\"NFD\")",
            "normalize('NFD')",
            "\\p{M}",
            "\\u0300",
        ],
    ),
    (
        "whether a verdict needs a reason (core::reason_required)",
        &["=== \"qualitative\"", "!== \"qualitative\""],
    ),
    (
        "the criteria sets (the round's rubric)",
        &["\"2.1\"", "\"2.2\"", "\"2.3\"", "\"2.4\"", "criteriaSet."],
    ),
    (
        "the signer's default title (api::DEFAULT_SIGNER_TITLE)",
        &["Trưởng ban"],
    ),
];

fn ui_rule_copies(file: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (rule, marks) in UI_RULES {
        for mark in *marks {
            if text.contains(mark) {
                found.push(format!("{file} decides {rule} itself ({mark})"));
            }
        }
    }
    found
}

fn ui_sources() -> Vec<PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "ts" || x == "svelte") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo().join("ui/src"), &mut files);
    files
}

#[test]
fn the_window_decides_no_rule_the_back_end_owns() {
    // The generated bindings describe the back end's types; the message catalogues are words.
    let skip = ["lib/ipc/bindings.ts", "lib/i18n/vi.ts", "lib/i18n/en.ts"];
    let src = repo().join("ui/src");
    let mut problems = Vec::new();
    for f in ui_sources() {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if skip.contains(&rel.as_str()) {
            continue;
        }
        problems.extend(ui_rule_copies(&rel, &std::fs::read_to_string(&f).unwrap()));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_rule_check_refuses_what_it_should() {
    for bad in [
        r#"const folded = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "");"#,
        r#"if (item.kind === "qualitative" || verdict !== "pass") return true;"#,
        r#"export const CRITERIA_SETS = ["2.1", "2.2", "2.3", "2.4"];"#,
        r#"let signerTitle = $state("Phó Trưởng ban");"#,
    ] {
        assert!(
            !ui_rule_copies("x.svelte", bad).is_empty(),
            "not refused: {bad}"
        );
    }
    assert!(ui_rule_copies("x.svelte", "r.search.includes(q)").is_empty());
}

/// The modules of `api` at the bottom: any module may use them, and they use none above them.
#[rustfmt::skip]
const API_BOTTOM: &[&str] = &[
    // the desk, what it answers with and how it fails
    "desk", "views", "error", "fs", "tokens", "paths", "demo",
    // facilities: file formats, documents, keys, CSV and .xlsx copies, jobs, opened evidence
    "formats", "document", "signing_key", "vote_summary", "csv_out", "list_copy", "job", "verify",
    "opened",
];

/// The operation groups of `api`, one module each: each stands on the bottom alone, so that a
/// newcomer reads one without another. Above them only the window's session (`session`,
/// `picked`, `window_export`, `window_minutes`, `arrivals`) and the bindings.
#[rustfmt::skip]
const API_OPERATIONS: &[&str] = &[
    "members", "round_package", "round_package_import", "packets", "tally", "minutes",
    "countersign", "list_export", "import", "review", "evidence", "history", "nominations",
    "retention", "backup", "audit",
];

/// The `crate::` modules each module of `api/src` uses (a directory counts as one module),
/// comments and `#[cfg(test)]` modules left out.
fn api_module_uses() -> HashMap<String, HashSet<String>> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = repo().join("src-tauri/crates/api/src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut uses: HashMap<String, HashSet<String>> = HashMap::new();
    let name = |s: &str| s.trim_end_matches(".rs").to_string();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let module = name(
            &rel.components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy(),
        );
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let set = uses.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let rest = &line[i + "crate::".len()..];
                let used: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !used.is_empty() && used != module {
                    set.insert(used);
                }
                // `use crate::{a, b::c}`
                if let Some(group) = rest.strip_prefix('{') {
                    for part in group.split(['}', ',']) {
                        let used = part.trim().split("::").next().unwrap_or_default();
                        if !used.is_empty() && used != module {
                            set.insert(used.to_string());
                        }
                    }
                }
            }
        }
    }
    let known: HashSet<String> = uses.keys().cloned().collect();
    for set in uses.values_mut() {
        set.retain(|m| known.contains(m));
    }
    uses
}

fn api_layering_problems(uses: &HashMap<String, HashSet<String>>) -> Vec<String> {
    let mut problems = Vec::new();
    for (module, used) in uses {
        let allowed: &[&str] = if API_OPERATIONS.contains(&module.as_str()) {
            API_BOTTOM
        } else if API_BOTTOM.contains(&module.as_str()) {
            // The bottom does not reach up into the operations.
            &[]
        } else {
            continue;
        };
        for u in used {
            let fine = allowed.contains(&u.as_str())
                || (API_BOTTOM.contains(&module.as_str()) && API_BOTTOM.contains(&u.as_str()));
            if !fine {
                problems.push(format!("api: {module} uses {u}"));
            }
        }
    }
    // No circles anywhere: a module never reaches itself.
    for start in uses.keys() {
        let mut seen = HashSet::new();
        let mut stack: Vec<&String> = uses[start].iter().collect();
        while let Some(m) = stack.pop() {
            if m == start {
                problems.push(format!("api: {start} reaches itself through its uses"));
                break;
            }
            if seen.insert(m) {
                stack.extend(uses.get(m).into_iter().flatten());
            }
        }
    }
    problems.sort();
    problems
}

#[test]
fn each_operation_of_the_api_stands_on_the_bottom_alone() {
    let uses = api_module_uses();
    for m in API_OPERATIONS {
        assert!(
            uses.contains_key(*m),
            "no module {m} in api/src: update the list"
        );
    }
    let problems = api_layering_problems(&uses);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_layering_check_refuses_what_it_should() {
    let set = |names: &[&str]| -> HashSet<String> { names.iter().map(|s| s.to_string()).collect() };
    let mut uses = HashMap::new();
    uses.insert("tally".to_string(), set(&["desk", "review"]));
    uses.insert("review".to_string(), set(&["desk"]));
    uses.insert("desk".to_string(), set(&["views"]));
    uses.insert("views".to_string(), set(&[]));
    assert_eq!(api_layering_problems(&uses), ["api: tally uses review"]);
    uses.insert("desk".to_string(), set(&["views", "review"]));
    let problems = api_layering_problems(&uses);
    assert!(
        problems.contains(&"api: desk uses review".to_string()),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("reaches itself")),
        "{problems:?}"
    );
}
