//! Stand-ins for the native dialogs and for the laptop's token module setting, so that the real
//! window can be driven end to end where no person clicks in a dialog. They exist only in the
//! build with the cargo feature `e2e`, which `make e2e` makes (`xetkhen-app-e2e`): a launcher
//! with these variables set can make a release build neither save a signed file without asking
//! nor load a PKCS#11 module of its choosing. Without the feature each function answers `None`,
//! and the strings that name the stand-ins are not in the binary (`make release-check`).

use std::path::PathBuf;

/// Files named in `--pick-files` on the command line or `XETKHEN_PICK_FILES` (separated as in
/// PATH) stand in for the open dialogs; each dialog takes those of its own kinds.
#[cfg(feature = "e2e")]
pub fn picked(kinds: &[&str]) -> Option<Vec<PathBuf>> {
    let list = arg_value("--pick-files").or_else(|| std::env::var_os("XETKHEN_PICK_FILES"))?;
    Some(
        std::env::split_paths(&list)
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| kinds.iter().any(|k| e.eq_ignore_ascii_case(k)))
            })
            .collect(),
    )
}

/// One evidence file: the first of `XETKHEN_PICK_FILES`, whatever its kind.
#[cfg(feature = "e2e")]
pub fn evidence() -> Option<Option<PathBuf>> {
    std::env::var_os("XETKHEN_PICK_FILES").map(|list| std::env::split_paths(&list).next())
}

/// `--save-dir` on the command line or `XETKHEN_SAVE_DIR` stands in for the save dialog: the
/// file is saved there under the suggested name.
#[cfg(feature = "e2e")]
pub fn saved(name: &str) -> Option<PathBuf> {
    arg_value("--save-dir")
        .or_else(|| std::env::var_os("XETKHEN_SAVE_DIR"))
        .map(|d| PathBuf::from(d).join(name))
}

/// The token module named by `XETKHEN_PKCS11_MODULE`, as if picked in the dialog.
#[cfg(feature = "e2e")]
pub fn token_module() -> Option<PathBuf> {
    std::env::var_os(xetkhen_api::TOKEN_MODULE_ENV)
        .filter(|m| !m.is_empty())
        .map(PathBuf::from)
}

#[cfg(feature = "e2e")]
fn arg_value(name: &str) -> Option<std::ffi::OsString> {
    crate::state::arg_value(name)
}

#[cfg(not(feature = "e2e"))]
pub fn picked(_kinds: &[&str]) -> Option<Vec<PathBuf>> {
    None
}

#[cfg(not(feature = "e2e"))]
pub fn evidence() -> Option<Option<PathBuf>> {
    None
}

#[cfg(not(feature = "e2e"))]
pub fn saved(_name: &str) -> Option<PathBuf> {
    None
}

#[cfg(not(feature = "e2e"))]
pub fn token_module() -> Option<PathBuf> {
    None
}

#[cfg(all(test, not(feature = "e2e")))]
mod tests {
    use super::*;

    /// The variables a hostile launcher would set, and a release build ignoring each of them.
    #[test]
    fn a_build_without_the_e2e_feature_ignores_every_stand_in() {
        let dir = std::env::temp_dir();
        let pdf = dir.join("x.pdf");
        std::env::set_var("XETKHEN_PICK_FILES", &pdf);
        std::env::set_var("XETKHEN_SAVE_DIR", &dir);
        std::env::set_var(xetkhen_api::TOKEN_MODULE_ENV, dir.join("evil.so"));
        assert_eq!(picked(&["pdf"]), None);
        assert_eq!(evidence(), None);
        assert_eq!(saved("bien-ban.pdf"), None);
        assert_eq!(token_module(), None);
    }
}

#[cfg(all(test, feature = "e2e"))]
mod tests {
    use super::*;

    /// The same variables make the e2e build stand in for the dialogs (so the test above is not
    /// true of every build by accident).
    #[test]
    fn the_e2e_build_takes_the_stand_ins() {
        let dir = std::env::temp_dir();
        let pdf = dir.join("x.pdf");
        std::env::set_var("XETKHEN_PICK_FILES", &pdf);
        std::env::set_var("XETKHEN_SAVE_DIR", &dir);
        assert_eq!(picked(&["pdf"]), Some(vec![pdf.clone()]));
        assert_eq!(evidence(), Some(Some(pdf)));
        assert_eq!(saved("bien-ban.pdf"), Some(dir.join("bien-ban.pdf")));
    }
}
