//! What the window does with files picked in the shell's dialogs (or dropped on it), known to it
//! by token only ([`crate::PickedFiles`], held by the [`Session`] and forgotten on lock): lists
//! imported, round packages and decision packets taken in, PDFs verified. Each is refused while
//! the store is locked.

use crate::error::{ApiError, ErrorCode};
use crate::import::{ImportReport, PickedFile, PickedImport};
use crate::job::Job;
use crate::session::Session;
use crate::tokens::FileToken;
use crate::verify::VerifyView;
use crate::views::{PacketImportReport, RoundPackageImport, RoundTrust};
use std::path::{Path, PathBuf};

impl Session {
    /// Remembers files picked in the shell's dialog: the window gets their tokens and names.
    /// Refused while locked.
    pub fn pick_files(&mut self, files: Vec<PathBuf>) -> Result<Vec<PickedFile>, ApiError> {
        Ok(self.picked()?.add(files))
    }

    /// Remembers one file picked in the shell's dialog; refused while locked. `None` when the
    /// dialog was closed: then the session is not touched (a closed dialog is no activity).
    pub fn pick_file(&mut self, file: Option<PathBuf>) -> Result<Option<PickedFile>, ApiError> {
        let Some(file) = file else {
            return Ok(None);
        };
        Ok(self.pick_files(vec![file])?.pop())
    }

    /// Imports the lists picked as tokens, with the window's choices, following `job`. Refused
    /// while locked.
    pub fn import_picked(
        &mut self,
        req: &PickedImport,
        job: &Job,
    ) -> Result<ImportReport, ApiError> {
        let req = self.picked()?.request(req)?;
        self.desk()?.import_with(&req, job)
    }

    /// Takes in a round package: the one known by `file` when the window names it (a package
    /// asked about before, whose signer's fingerprint the person has since compared), else the
    /// last of `picked`, just chosen in the shell's dialog; `None` when there is neither.
    pub fn import_round_package_from(
        &mut self,
        file: Option<FileToken>,
        picked: Vec<PathBuf>,
        trust: &RoundTrust,
    ) -> Result<Option<RoundPackageImport>, ApiError> {
        let file = match file {
            Some(token) => token,
            None => match self.pick_files(picked)?.pop() {
                Some(chosen) => chosen.token,
                None => return Ok(None),
            },
        };
        self.import_round_package(&file, trust).map(Some)
    }

    /// Takes in the round package picked as `file` (a token of [`Session::picked`]). A package
    /// whose signer's key this laptop does not trust yet, and for which no fingerprint was
    /// confirmed, is not taken: the answer names its signer and fingerprint, for the window to
    /// ask the person to compare them with the secretariat's and import `file` again with
    /// `trust`. Refused while locked.
    pub fn import_round_package(
        &mut self,
        file: &FileToken,
        trust: &RoundTrust,
    ) -> Result<RoundPackageImport, ApiError> {
        let path = self.picked()?.path(file)?.to_path_buf();
        let desk = self.desk()?;
        match desk.import_round_package_trusting(&path, trust) {
            Ok(report) => Ok(RoundPackageImport::Imported {
                report: Box::new(report),
            }),
            Err(e) if e.code == ErrorCode::Untrusted && trust.secretariat_fingerprint.is_none() => {
                Ok(RoundPackageImport::NeedsTrust {
                    file: file.clone(),
                    signer: desk.round_package_signer(&path)?,
                })
            }
            Err(e) => Err(e),
        }
    }

    /// Merges the packets known by the tokens `files` (dropped on the window or opened with the
    /// app); refused while locked.
    pub fn import_picked_packets(
        &mut self,
        files: &[FileToken],
    ) -> Result<PacketImportReport, ApiError> {
        let picked = self.picked()?;
        let paths = files
            .iter()
            .map(|t| picked.path(t).map(Path::to_path_buf))
            .collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        self.desk()?.import_packets(&refs)
    }

    /// Merges the packets picked in the shell's dialog; `None` when none was picked (the dialog
    /// closed): then nothing is reported and the session is not touched. Refused while locked.
    pub fn import_packet_files(
        &mut self,
        files: &[PathBuf],
    ) -> Result<Option<PacketImportReport>, ApiError> {
        if files.is_empty() {
            return Ok(None);
        }
        let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        self.desk()?.import_packets(&refs).map(Some)
    }

    /// Merges packets that arrived by token (dropped on the window, opened with the app) or,
    /// without tokens, the ones picked in the shell's dialog (`None` when it was closed).
    pub fn import_packets_from(
        &mut self,
        tokens: Option<&[FileToken]>,
        files: &[PathBuf],
    ) -> Result<Option<PacketImportReport>, ApiError> {
        match tokens {
            Some(tokens) => self.import_picked_packets(tokens).map(Some),
            None => self.import_packet_files(files),
        }
    }

    /// Checks a picked PDF, against a picked trust anchor if given; refused while locked.
    pub fn verify_picked(
        &mut self,
        file: &FileToken,
        trust: Option<&FileToken>,
    ) -> Result<VerifyView, ApiError> {
        let picked = self.picked()?;
        let anchor = trust.map(|t| picked.path(t)).transpose()?;
        crate::verify::verify_file(picked.path(file)?, anchor)
    }
}
