//! The IPC contract between the window and the shell, read from its one source: the signatures of
//! the `#[tauri::command]` functions in `src-tauri/src/lib.rs`.
//!
//! From those signatures come
//! - the command names `src-tauri/build.rs` gives `tauri_build` ([`command_names`]), from which
//!   Tauri writes an `allow-…` permission per command;
//! - `src-tauri/capabilities/main.json` ([`capability_json`]), which grants the window exactly
//!   those permissions and nothing else;
//! - `ui/src/lib/ipc/commands.ts` ([`commands_ts`]), one typed wrapper per command: its name,
//!   its arguments' names and types, its answer's type. The types themselves are ts-rs's, in
//!   `bindings.ts` (crate xetkhen-api); a Rust type this module cannot map is an error, never `any`.
//!
//! `tauri::generate_handler!` cannot be written from here: [`check_handlers`] proves its list is
//! the set of commands, and `build.rs` refuses to build the shell when it is not, or when the
//! capability file is not the one [`capability_json`] writes. xetkhen-api's `bindings` tests fail
//! when `commands.ts` or the capability is stale; `make bindings` rewrites both.

use quote::ToTokens;
use std::collections::BTreeSet;
use std::fmt;
use syn::punctuated::Punctuated;
use syn::visit::Visit;

/// Arguments Tauri fills in itself: the window never sends them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

/// Why the contract could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

fn error(message: impl Into<String>) -> Error {
    Error(message.into())
}

/// The type of an argument or an answer, as the window sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `()`: the window gets `null`.
    Null,
    String,
    Number,
    Boolean,
    /// `tauri::ipc::Response`: raw bytes, an `ArrayBuffer` in the window.
    Bytes,
    /// A type declared by ts-rs in `bindings.ts`, by its Rust name.
    Named(String),
    List(Box<Ty>),
    Option(Box<Ty>),
}

impl Ty {
    /// The TypeScript of this type; declared types are reached through the namespace `T`.
    pub fn ts(&self) -> String {
        match self {
            Ty::Null => "null".into(),
            Ty::String => "string".into(),
            Ty::Number => "number".into(),
            Ty::Boolean => "boolean".into(),
            Ty::Bytes => "ArrayBuffer".into(),
            Ty::Named(name) => format!("T.{name}"),
            Ty::List(of) => match **of {
                Ty::Option(_) => format!("({})[]", of.ts()),
                _ => format!("{}[]", of.ts()),
            },
            Ty::Option(of) => format!("{} | null", of.ts()),
        }
    }

    fn named(&self, out: &mut BTreeSet<String>) {
        match self {
            Ty::Named(name) => {
                out.insert(name.clone());
            }
            Ty::List(of) | Ty::Option(of) => of.named(out),
            _ => {}
        }
    }
}

/// One argument the window sends, by its Rust name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    pub name: String,
    pub ty: Ty,
}

/// One command of the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The function's name: the command's name, snake_case.
    pub name: String,
    pub args: Vec<Arg>,
    /// The `Ok` type of its `Result<_, ApiError>`.
    pub returns: Ty,
}

impl Command {
    /// The permission that lets the window call it (Tauri's name for it).
    pub fn permission(&self) -> String {
        format!("allow-{}", self.name.replace('_', "-"))
    }
}

fn is_command(attrs: &[syn::Attribute]) -> Result<bool, Error> {
    for attr in attrs {
        let path: Vec<String> = attr
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if path == ["tauri", "command"] {
            if !matches!(attr.meta, syn::Meta::Path(_)) {
                return Err(error(format!(
                    "`{}`: the contract reads only a bare #[tauri::command] (renaming changes what the window sends)",
                    attr.to_token_stream()
                )));
            }
            return Ok(true);
        }
        if path == ["command"] {
            return Err(error(
                "write #[tauri::command] in full, so that the contract finds every command",
            ));
        }
    }
    Ok(false)
}

/// Every `#[tauri::command]` of the shell's source, in the order written.
pub fn commands(source: &str) -> Result<Vec<Command>, Error> {
    let file = syn::parse_file(source).map_err(|e| error(format!("the shell's source: {e}")))?;
    let mut out = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Fn(f) if is_command(&f.attrs)? => out.push(command(f)?),
            syn::Item::Mod(m) => nested(m)?,
            _ => {}
        }
    }
    if out.is_empty() {
        return Err(error("the shell's source has no #[tauri::command]"));
    }
    Ok(out)
}

/// Commands live at the top of the shell's source: one found in a module is refused rather than
/// missed.
fn nested(m: &syn::ItemMod) -> Result<(), Error> {
    for item in m.content.iter().flat_map(|(_, items)| items) {
        match item {
            syn::Item::Fn(f) if is_command(&f.attrs)? => {
                return Err(error(format!(
                "command `{}` is inside module `{}`: commands are written at the top of src/lib.rs",
                f.sig.ident, m.ident
            )))
            }
            syn::Item::Mod(inner) => nested(inner)?,
            _ => {}
        }
    }
    Ok(())
}

fn command(f: &syn::ItemFn) -> Result<Command, Error> {
    let name = f.sig.ident.to_string();
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(error(format!("command `{name}`: not a snake_case name")));
    }
    let within = |e: Error| error(format!("command `{name}`: {e}"));
    let mut args = Vec::new();
    for input in &f.sig.inputs {
        let syn::FnArg::Typed(arg) = input else {
            return Err(within(error("a command is a free function")));
        };
        if injected(&arg.ty) {
            continue;
        }
        let syn::Pat::Ident(pat) = &*arg.pat else {
            return Err(within(error(format!(
                "argument `{}` is not a plain name",
                arg.pat.to_token_stream()
            ))));
        };
        args.push(Arg {
            name: pat.ident.to_string(),
            ty: ty(&arg.ty).map_err(within)?,
        });
    }
    let returns = match &f.sig.output {
        syn::ReturnType::Type(_, t) => answer(t).map_err(within)?,
        syn::ReturnType::Default => {
            return Err(within(error("it must answer Result<_, ApiError>")));
        }
    };
    Ok(Command {
        name,
        args,
        returns,
    })
}

fn last_segment(t: &syn::Type) -> Option<&syn::PathSegment> {
    match t {
        syn::Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        _ => None,
    }
}

fn injected(t: &syn::Type) -> bool {
    last_segment(t).is_some_and(|s| INJECTED.iter().any(|i| s.ident == i))
}

/// The type arguments of a path segment (lifetimes left out).
fn type_args(s: &syn::PathSegment) -> Vec<&syn::Type> {
    match &s.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The `Ok` type of `Result<T, ApiError>`.
fn answer(t: &syn::Type) -> Result<Ty, Error> {
    let shown = t.to_token_stream().to_string();
    let Some(s) = last_segment(t).filter(|s| s.ident == "Result") else {
        return Err(error(format!(
            "it answers `{shown}`, not Result<_, ApiError>"
        )));
    };
    match type_args(s)[..] {
        [ok, err] if last_segment(err).is_some_and(|e| e.ident == "ApiError") => ty(ok),
        _ => Err(error(format!(
            "it answers `{shown}`, not Result<_, ApiError>"
        ))),
    }
}

/// The window's view of a Rust type; an error for a type it has no mapping for.
pub fn ty(t: &syn::Type) -> Result<Ty, Error> {
    let unknown = || {
        error(format!(
            "no TypeScript for the Rust type `{}`",
            t.to_token_stream()
        ))
    };
    match t {
        syn::Type::Reference(r) => ty(&r.elem),
        syn::Type::Paren(p) => ty(&p.elem),
        syn::Type::Tuple(tuple) if tuple.elems.is_empty() => Ok(Ty::Null),
        syn::Type::Path(_) => {
            let s = last_segment(t).ok_or_else(unknown)?;
            let args = type_args(s);
            let name = s.ident.to_string();
            match (name.as_str(), &args[..]) {
                ("Vec", [of]) => Ok(Ty::List(Box::new(ty(of)?))),
                ("Option", [of]) => Ok(Ty::Option(Box::new(ty(of)?))),
                (_, [_, ..]) => Err(unknown()),
                _ if !matches!(s.arguments, syn::PathArguments::None) => Err(unknown()),
                ("String" | "str" | "char", []) => Ok(Ty::String),
                ("u8" | "u16" | "u32" | "i8" | "i16" | "i32" | "f32" | "f64", []) => Ok(Ty::Number),
                // ts-rs declares these `bigint`, which JSON never gives.
                ("u64" | "i64" | "u128" | "i128" | "usize" | "isize", []) => Err(unknown()),
                ("bool", []) => Ok(Ty::Boolean),
                ("Response", []) => Ok(Ty::Bytes),
                // Generic parameters and tauri's own types have no declaration in bindings.ts;
                // commands_ts refuses a name bindings.ts does not declare.
                _ => Ok(Ty::Named(name)),
            }
        }
        _ => Err(unknown()),
    }
}

/// The command names, for `tauri_build::AppManifest::commands`.
pub fn command_names(commands: &[Command]) -> Vec<String> {
    commands.iter().map(|c| c.name.clone()).collect()
}

/// The functions `tauri::generate_handler!` registers, in the order written.
pub fn handlers(source: &str) -> Result<Vec<String>, Error> {
    #[derive(Default)]
    struct Find {
        lists: Vec<syn::Result<Punctuated<syn::Path, syn::Token![,]>>>,
    }
    impl<'a> Visit<'a> for Find {
        fn visit_macro(&mut self, m: &'a syn::Macro) {
            if m.path
                .segments
                .last()
                .is_some_and(|s| s.ident == "generate_handler")
            {
                self.lists
                    .push(m.parse_body_with(Punctuated::parse_terminated));
            }
            syn::visit::visit_macro(self, m);
        }
    }
    let file = syn::parse_file(source).map_err(|e| error(format!("the shell's source: {e}")))?;
    let mut find = Find::default();
    find.visit_file(&file);
    let [list] = &find.lists[..] else {
        return Err(error(format!(
            "the shell's source has {} generate_handler! lists, not one",
            find.lists.len()
        )));
    };
    let paths = list
        .as_ref()
        .map_err(|e| error(format!("generate_handler!: {e}")))?;
    Ok(paths
        .iter()
        .filter_map(|p| p.segments.last().map(|s| s.ident.to_string()))
        .collect())
}

/// Fails unless `generate_handler!` registers every command once and nothing else.
pub fn check_handlers(source: &str) -> Result<(), Error> {
    let commands: BTreeSet<String> = command_names(&commands(source)?).into_iter().collect();
    let listed = handlers(source)?;
    let mut seen = BTreeSet::new();
    let twice: Vec<&String> = listed
        .iter()
        .filter(|h| !seen.insert((*h).clone()))
        .collect();
    let missing: Vec<&String> = commands.difference(&seen).collect();
    let extra: Vec<&String> = seen.difference(&commands).collect();
    if twice.is_empty() && missing.is_empty() && extra.is_empty() {
        return Ok(());
    }
    Err(error(format!(
        "generate_handler! in src-tauri/src/lib.rs does not register exactly the #[tauri::command] functions: not registered {missing:?}, not a command {extra:?}, registered twice {twice:?}"
    )))
}

/// The most statements a command's body may hold: a check that the store is open, one native
/// dialog, and the one call into `xetkhen_api` that does the work.
pub const MOST_STATEMENTS: usize = 3;

/// Fails unless every command is thin: at most [`MOST_STATEMENTS`] statements, no loop, and no file
/// system of its own (`std::fs`, `File`). What a command decides or repeats belongs in
/// `xetkhen_api`, where the CLI and the tests reach it too. Taking a secret argument into
/// `Zeroizing` first (`let password = Zeroizing::new(password);`) is not counted: it is how the
/// secret is held, not work.
pub fn check_thin(source: &str) -> Result<(), Error> {
    #[derive(Default)]
    struct Find {
        loops: usize,
        files: usize,
    }
    impl<'a> Visit<'a> for Find {
        fn visit_expr(&mut self, e: &'a syn::Expr) {
            if matches!(
                e,
                syn::Expr::ForLoop(_) | syn::Expr::While(_) | syn::Expr::Loop(_)
            ) {
                self.loops += 1;
            }
            syn::visit::visit_expr(self, e);
        }
        fn visit_path(&mut self, p: &'a syn::Path) {
            let names: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
            if names.windows(2).any(|w| w[0] == "std" && w[1] == "fs")
                || names.first().is_some_and(|n| n == "fs" || n == "File")
            {
                self.files += 1;
            }
            syn::visit::visit_path(self, p);
        }
    }
    let file = syn::parse_file(source).map_err(|e| error(format!("the shell's source: {e}")))?;
    let mut fat = Vec::new();
    for item in &file.items {
        let syn::Item::Fn(f) = item else { continue };
        if !is_command(&f.attrs)? {
            continue;
        }
        let name = f.sig.ident.to_string();
        let statements = f.block.stmts.iter().filter(|s| !zeroizing(s)).count();
        let mut find = Find::default();
        find.visit_block(&f.block);
        if statements > MOST_STATEMENTS {
            fat.push(format!("{name}: {statements} statements"));
        }
        if find.loops > 0 {
            fat.push(format!("{name}: a loop"));
        }
        if find.files > 0 {
            fat.push(format!("{name}: files of its own"));
        }
    }
    if fat.is_empty() {
        return Ok(());
    }
    Err(error(format!(
        "commands in src-tauri/src/lib.rs do more than one call into xetkhen_api (at most {MOST_STATEMENTS} statements: the open check, a dialog, the call): {}",
        fat.join("; ")
    )))
}

/// `let x = Zeroizing::new(x);`
fn zeroizing(s: &syn::Stmt) -> bool {
    let syn::Stmt::Local(local) = s else {
        return false;
    };
    let Some(init) = &local.init else {
        return false;
    };
    let syn::Expr::Call(call) = &*init.expr else {
        return false;
    };
    let syn::Expr::Path(p) = &*call.func else {
        return false;
    };
    let names: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    names.ends_with(&["Zeroizing".to_string(), "new".to_string()]) && call.args.len() == 1
}

/// The window's capability: exactly the commands' permissions, nothing else.
pub fn capability_json(commands: &[Command]) -> String {
    let permissions: Vec<String> = commands
        .iter()
        .map(|c| format!("    \"{}\"", c.permission()))
        .collect();
    format!(
        "{{\n  \"$schema\": \"../gen/schemas/desktop-schema.json\",\n  \"identifier\": \"main\",\n  \"description\": \"The main window may call the application's own commands and nothing else: no file system, no shell, no opener. Generated from the commands of src/lib.rs by `make bindings`; build.rs and a test refuse any other content.\",\n  \"windows\": [\"main\"],\n  \"permissions\": [\n{}\n  ]\n}}\n",
        permissions.join(",\n")
    )
}

/// The names `bindings.ts` declares (`export type Name …`).
fn declared(types_ts: &str) -> BTreeSet<String> {
    types_ts
        .lines()
        .filter_map(|l| l.strip_prefix("export type "))
        .map(|l| {
            l.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

/// snake_case to camelCase, as Tauri turns argument names and as the wrappers are named.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

const HEADER: &str = "// Generated from the #[tauri::command] signatures of src-tauri/src/lib.rs by `make bindings`\n// (crate xetkhen-contract). Do not edit by hand: a test fails when this file is stale.\n";

/// The content of `ui/src/lib/ipc/commands.ts`, against the types `types_ts` (the content of
/// `bindings.ts`) declares. A command naming a type `bindings.ts` does not declare is an error.
pub fn commands_ts(commands: &[Command], types_ts: &str) -> Result<String, Error> {
    let known = declared(types_ts);
    let mut out = format!(
        "{HEADER}\nimport {{ call }} from \"./call\";\nimport type * as T from \"./bindings\";\n\n"
    );
    for c in commands {
        let mut named = BTreeSet::new();
        c.returns.named(&mut named);
        for a in &c.args {
            a.ty.named(&mut named);
        }
        if let Some(missing) = named.iter().find(|n| !known.contains(*n)) {
            return Err(error(format!(
                "command `{}`: type `{missing}` is not declared in bindings.ts (add it to xetkhen_api::bindings::types_ts)",
                c.name
            )));
        }
        let params: Vec<String> = c
            .args
            .iter()
            .map(|a| format!("{}: {}", camel(&a.name), a.ty.ts()))
            .collect();
        let names: Vec<String> = c.args.iter().map(|a| camel(&a.name)).collect();
        out.push_str(&format!(
            "export const {} = ({}): Promise<{}> => call(\"{}\", {{{}}});\n",
            camel(&c.name),
            params.join(", "),
            c.returns.ts(),
            c.name,
            if names.is_empty() {
                String::new()
            } else {
                format!(" {} ", names.join(", "))
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const SHELL: &str = r#"
        use tauri::{AppHandle, State};

        #[tauri::command]
        async fn list_rounds(s: State<'_, Shared>) -> Result<Vec<RoundView>, ApiError> { todo() }

        #[tauri::command]
        async fn export_save(
            app: AppHandle,
            job: JobToken,
            draft: xetkhen_api::DraftToken,
            sha256: String,
            skip_rows: Option<Vec<u32>>,
        ) -> Result<Option<ExportSaved>, ApiError> { todo() }

        #[tauri::command]
        async fn keep_alive(s: State<'_, Shared>) -> Result<(), ApiError> { Ok(()) }

        pub fn run() {
            tauri::Builder::default().invoke_handler(tauri::generate_handler![
                list_rounds,
                export_save,
                keep_alive
            ]);
        }
    "#;

    #[test]
    fn thin_commands_pass_and_fat_ones_are_refused() {
        assert_eq!(check_thin(SHELL), Ok(()));
        let thin = r#"
            #[tauri::command]
            async fn save(s: State<'_, Shared>, app: AppHandle) -> Result<Option<String>, ApiError> {
                s.open()?;
                let out = dialogs::save_path(&app, "a.pdf", "PDF", "pdf");
                long_on(app, out, move |s, _, out| s.with(|d| d.save(&out))).await
            }
        "#;
        assert_eq!(check_thin(thin), Ok(()));
        let secret = r#"
            #[tauri::command]
            async fn make(s: State<'_, Shared>, app: AppHandle, password: String) -> Result<Option<String>, ApiError> {
                let password = Zeroizing::new(password);
                s.open()?;
                let Some(out) = dialogs::save_path(&app, "a.p12", "PKCS#12", "p12") else { return Ok(None) };
                s.exports(|e| e.make(&password, &out)).map(Some)
            }
        "#;
        assert_eq!(check_thin(secret), Ok(()));
        for (fat, why) in [
            (
                r#"#[tauri::command]
                async fn a(s: State<'_, Shared>) -> Result<(), ApiError> {
                    s.open()?;
                    let x = 1;
                    let y = 2;
                    s.with(|d| d.a(x, y))
                }"#,
                "a: 4 statements",
            ),
            (
                r#"#[tauri::command]
                async fn b(s: State<'_, Shared>, files: Vec<String>) -> Result<(), ApiError> {
                    s.with(|d| { for f in &files { d.take(f)?; } Ok(()) })
                }"#,
                "b: a loop",
            ),
            (
                r#"#[tauri::command]
                async fn c(app: AppHandle) -> Result<(), ApiError> {
                    dialogs::save(&app, |p| std::fs::write(p, b"x").map_err(io_error))
                }"#,
                "c: files of its own",
            ),
        ] {
            let Err(e) = check_thin(fat) else {
                unreachable!("not refused: {fat}");
            };
            assert!(e.to_string().contains(why), "{e}");
        }
    }

    const TYPES: &str = "export type RoundView = { id: string };\nexport type JobToken = string & { readonly __brand: \"JobToken\" };\nexport type DraftToken = string & { readonly __brand: \"DraftToken\" };\nexport type ExportSaved = { file: string };\n";

    #[test]
    fn commands_are_read_from_their_signatures_without_what_tauri_injects() {
        let c = commands(SHELL).unwrap();
        assert_eq!(
            command_names(&c),
            ["list_rounds", "export_save", "keep_alive"]
        );
        assert_eq!(c[0].args, []);
        assert_eq!(
            c[0].returns,
            Ty::List(Box::new(Ty::Named("RoundView".into())))
        );
        let args: Vec<(&str, String)> = c[1]
            .args
            .iter()
            .map(|a| (a.name.as_str(), a.ty.ts()))
            .collect();
        assert_eq!(
            args,
            [
                ("job", "T.JobToken".to_string()),
                ("draft", "T.DraftToken".to_string()),
                ("sha256", "string".to_string()),
                ("skip_rows", "number[] | null".to_string()),
            ]
        );
        assert_eq!(c[1].returns.ts(), "T.ExportSaved | null");
        assert_eq!(c[2].returns, Ty::Null);
    }

    #[test]
    fn wrappers_take_camel_case_names_as_tauri_expects() {
        let ts = commands_ts(&commands(SHELL).unwrap(), TYPES).unwrap();
        assert!(ts.contains(
            "export const listRounds = (): Promise<T.RoundView[]> => call(\"list_rounds\", {});\n"
        ));
        assert!(ts.contains("export const exportSave = (job: T.JobToken, draft: T.DraftToken, sha256: string, skipRows: number[] | null): Promise<T.ExportSaved | null> => call(\"export_save\", { job, draft, sha256, skipRows });\n"));
        assert!(ts.contains("export const keepAlive = (): Promise<null> =>"));
    }

    #[test]
    fn a_type_bindings_ts_does_not_declare_is_refused() {
        let e =
            commands_ts(&commands(SHELL).unwrap(), "export type RoundView = {};\n").unwrap_err();
        assert!(e.0.contains("`DraftToken` is not declared"), "{e}");
    }

    #[test]
    fn a_rust_type_without_typescript_is_refused_not_any() {
        for bad in [
            "HashMap<String, String>",
            "u64",
            "(String, u32)",
            "Box<dyn Fn()>",
            "Cow<'static, str>",
        ] {
            let src = format!(
                "#[tauri::command] async fn f(x: {bad}) -> Result<(), ApiError> {{ Ok(()) }}"
            );
            let e = commands(&src).unwrap_err();
            assert!(
                e.0.contains("no TypeScript for the Rust type"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn a_command_must_answer_a_result_with_api_error() {
        for bad in ["String", "Result<String, String>"] {
            let src = format!("#[tauri::command] async fn f() -> {bad} {{ todo() }}");
            assert!(commands(&src).is_err(), "{bad}");
        }
        assert!(commands("#[tauri::command] fn f() {}").is_err());
    }

    #[test]
    fn a_renamed_or_nested_command_is_refused_rather_than_missed() {
        let renamed = "#[tauri::command(rename_all = \"snake_case\")] async fn f() -> Result<(), ApiError> { Ok(()) }";
        assert!(commands(renamed).is_err());
        let short =
            "use tauri::command; #[command] async fn f() -> Result<(), ApiError> { Ok(()) }";
        assert!(commands(short).is_err());
        let nested = "#[tauri::command] async fn f() -> Result<(), ApiError> { Ok(()) } mod m { #[tauri::command] async fn g() -> Result<(), ApiError> { Ok(()) } }";
        assert!(commands(nested)
            .unwrap_err()
            .0
            .contains("inside module `m`"));
    }

    #[test]
    fn the_handler_list_must_be_the_commands() {
        check_handlers(SHELL).unwrap();
        let forgotten = SHELL.replace("export_save,\n", "");
        let e = check_handlers(&forgotten).unwrap_err();
        assert!(e.0.contains("not registered [\"export_save\"]"), "{e}");
        let extra = SHELL.replace("keep_alive\n", "keep_alive, lock\n");
        let e = check_handlers(&extra).unwrap_err();
        assert!(e.0.contains("not a command [\"lock\"]"), "{e}");
        let twice = SHELL.replace("keep_alive\n", "keep_alive, list_rounds\n");
        let e = check_handlers(&twice).unwrap_err();
        assert!(e.0.contains("registered twice [\"list_rounds\"]"), "{e}");
    }

    #[test]
    fn the_capability_grants_exactly_the_commands() {
        let json = capability_json(&commands(SHELL).unwrap());
        let granted: Vec<&str> = json
            .lines()
            .filter_map(|l| l.trim().trim_end_matches(',').strip_prefix("\"allow-"))
            .collect();
        assert_eq!(granted, ["list-rounds\"", "export-save\"", "keep-alive\""]);
    }

    #[test]
    fn camel_case_as_tauri_writes_it() {
        assert_eq!(
            camel("open_minutes_to_countersign"),
            "openMinutesToCountersign"
        );
        assert_eq!(camel("tally"), "tally");
        assert_eq!(camel("sha256"), "sha256");
    }
}
