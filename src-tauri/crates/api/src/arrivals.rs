//! Files that reach the window without one of its dialogs: dropped on it, or opened with the app
//! (a double click on a `.xkgp` or `.xkdx` the installer associated with it, or a second launch
//! that hands its files to the window already open on the same store).
//!
//! The shell only records the paths here ([`Arrivals::dropped`], [`Arrivals::opened`]); the window
//! takes them by token ([`crate::Session::take_arrivals`]) and decides with the person what to do:
//! a file dropped on the screen that takes its kind goes there, anything else is asked about
//! first. Nothing is imported without the person's yes, and a path never travels to the window.

use crate::import::{PickedFile, PickedFiles};
use serde::Serialize;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// What a file that arrived is, by its extension: what the window may offer to do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ArrivedKind {
    /// A list of nominations to import (xlsx, xls, ods, csv, tsv, txt).
    List,
    /// A member's packet of votes (`.xkgp`), for the count.
    Packet,
    /// The round the secretariat hands out (`.xkdx`), for a member's laptop.
    RoundPackage,
    /// A signed PDF, to verify.
    Pdf,
}

/// The extensions of the lists the import reads: what the shell's open dialog offers, and what
/// a file dropped or opened must have to be taken as a list.
pub const LIST_EXTENSIONS: &[&str] = &["xlsx", "xls", "ods", "csv", "tsv", "txt"];

impl ArrivedKind {
    /// The kind of `path` by its extension (any case); `None` for a file the app does not take.
    pub fn of(path: &Path) -> Option<ArrivedKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            e if LIST_EXTENSIONS.contains(&e) => Some(ArrivedKind::List),
            "xkgp" => Some(ArrivedKind::Packet),
            "xkdx" => Some(ArrivedKind::RoundPackage),
            "pdf" => Some(ArrivedKind::Pdf),
            _ => None,
        }
    }
}

/// A file that arrived, known to the window by token like a file picked in a dialog.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ArrivedFile {
    pub file: PickedFile,
    pub kind: ArrivedKind,
    /// Opened with the app (file association, second launch) rather than dropped on the window:
    /// always asked about before anything is done with it.
    pub opened: bool,
}

/// At most this many files wait at once; more (a folder of thousands dropped by mistake) are
/// left out rather than held.
pub const MAX_WAITING: usize = 64;

/// The paths waiting for the window to take them.
#[derive(Debug, Default)]
pub struct Arrivals {
    waiting: Vec<(PathBuf, ArrivedKind, bool)>,
}

impl Arrivals {
    /// Files dropped on the window: those of a kind the app takes wait for the window.
    pub fn dropped(&mut self, paths: &[PathBuf]) {
        for p in paths {
            self.push(p.clone(), false);
        }
    }

    /// The command line of a launch (the program's own name first, as `std::env::args_os` gives
    /// it): every argument that names an existing file of a kind the app takes, resolved against
    /// `cwd` when relative. Options are not files to open, nor are their values: `--db PATH`
    /// names the store, and every option of the window takes a value (`--name=value` too).
    /// A file association passes the file alone.
    pub fn opened(&mut self, args: &[OsString], cwd: &Path) {
        let mut rest = args.iter().skip(1);
        while let Some(arg) = rest.next() {
            let text = arg.to_string_lossy();
            if text.starts_with("--") {
                if !text.contains('=') {
                    rest.next();
                }
                continue;
            }
            let path = cwd.join(arg);
            if path.is_file() {
                self.push(path, true);
            }
        }
    }

    fn push(&mut self, path: PathBuf, opened: bool) {
        let Some(kind) = ArrivedKind::of(&path) else {
            return;
        };
        if self.waiting.len() < MAX_WAITING && !self.waiting.iter().any(|(p, ..)| *p == path) {
            self.waiting.push((path, kind, opened));
        }
    }

    /// Hands every waiting file to the window by a token of `picked`.
    pub fn take(&mut self, picked: &mut PickedFiles) -> Vec<ArrivedFile> {
        std::mem::take(&mut self.waiting)
            .into_iter()
            .map(|(path, kind, opened)| ArrivedFile {
                file: picked.add(vec![path]).remove(0),
                kind,
                opened,
            })
            .collect()
    }

    /// Forgets the files dropped on the window (when the store is locked: a drop was meant for
    /// the screen that was shown). Files opened with the app still wait, to be asked about
    /// once the store is unlocked.
    pub fn forget_dropped(&mut self) {
        self.waiting.retain(|(.., opened)| *opened);
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn kinds_come_from_the_extension_in_any_case() {
        assert_eq!(
            ArrivedKind::of(Path::new("a/DS.XLSX")),
            Some(ArrivedKind::List)
        );
        assert_eq!(
            ArrivedKind::of(Path::new("goi-phieu.xkgp")),
            Some(ArrivedKind::Packet)
        );
        assert_eq!(
            ArrivedKind::of(Path::new("goi.Xkdx")),
            Some(ArrivedKind::RoundPackage)
        );
        assert_eq!(ArrivedKind::of(Path::new("ds.pdf")), Some(ArrivedKind::Pdf));
        assert_eq!(ArrivedKind::of(Path::new("setup.exe")), None);
        assert_eq!(ArrivedKind::of(Path::new("xkgp")), None);
    }

    #[test]
    fn a_launch_opens_its_existing_files_of_known_kinds_and_not_its_store() {
        let dir = tempfile::tempdir().unwrap();
        // ghi-chu.xkgp and x.pdf exist, but only as the values of options.
        for name in [
            "Gói phiếu.xkgp",
            "ds.xlsx",
            "ghi-chu.docx",
            "store.db",
            "ghi-chu.xkgp",
            "x.pdf",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let mut arrivals = Arrivals::default();
        let store = dir.path().join("store.db");
        let args = os(&[
            "xetkhen-app",
            "--db",
            store.to_str().unwrap(),
            "Gói phiếu.xkgp",
            "ghi-chu.docx",
            "missing.xkdx",
            "--save-dir",
            "ghi-chu.xkgp",
            "--flag=x.pdf",
            "ds.xlsx",
        ]);
        arrivals.opened(&args, dir.path());
        let mut picked = PickedFiles::default();
        let got = arrivals.take(&mut picked);
        let shown: Vec<(&str, ArrivedKind, bool)> = got
            .iter()
            .map(|a| (a.file.name.as_str(), a.kind, a.opened))
            .collect();
        assert_eq!(
            shown,
            [
                ("Gói phiếu.xkgp", ArrivedKind::Packet, true),
                ("ds.xlsx", ArrivedKind::List, true)
            ]
        );
        assert_eq!(
            picked.path(&got[0].file.token).unwrap(),
            dir.path().join("Gói phiếu.xkgp")
        );
        assert!(arrivals.take(&mut picked).is_empty(), "taken once");
    }

    #[test]
    fn a_lock_forgets_drops_but_keeps_files_opened_with_the_app() {
        let mut arrivals = Arrivals::default();
        arrivals.dropped(&[PathBuf::from("/x/a.pdf"), PathBuf::from("/x/b.exe")]);
        arrivals.dropped(&[PathBuf::from("/x/a.pdf")]);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("g.xkgp"), b"x").unwrap();
        arrivals.opened(&os(&["app", "g.xkgp"]), dir.path());
        arrivals.forget_dropped();
        let got = arrivals.take(&mut PickedFiles::default());
        assert_eq!(got.len(), 1);
        assert!(got[0].opened);
    }

    #[test]
    fn a_flood_of_dropped_files_is_bounded() {
        let mut arrivals = Arrivals::default();
        let many: Vec<PathBuf> = (0..1000)
            .map(|i| PathBuf::from(format!("/d/{i}.csv")))
            .collect();
        arrivals.dropped(&many);
        assert_eq!(
            arrivals.take(&mut PickedFiles::default()).len(),
            MAX_WAITING
        );
    }
}
