//! The round package a member takes home: its format, and the package written and signed by the
//! secretariat. It is read on a member's laptop only when signed by the secretariat it trusts
//! ([`crate::round_package_import`]). Files here are JSON with a signed body text (see
//! `core::packet`).

use crate::desk::Desk;
use crate::error::{ApiError, ErrorCode};
use crate::formats::{card_of, PackageFile, RoundPackage, SignedFile, ROUND_FORMAT};
use crate::fs::write_whole;
use crate::views::*;
use std::collections::BTreeSet;
use std::path::Path;
use xetkhen_core::packet::key_fingerprint;
use xetkhen_core::{MemberCard, Nomination, Role};

impl Desk {
    /// Writes a round package: the round, its rubric, its nominations and the committee
    /// (members with their keys), signed by this laptop's member (the secretariat).
    pub fn export_round_package(
        &mut self,
        round: &str,
        out: &Path,
    ) -> Result<RoundPackageReport, ApiError> {
        let (me, key) = self.self_with_key()?;
        if me.role != Role::Secretary {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "{} không giữ vai trò thư ký hội đồng; thành viên chỉ nhận gói đợt xét do ban thư ký ký \
                     (xetkhen reviewer set … --role secretary trên máy của ban thư ký).",
                    me.name
                ),
            ));
        }
        let summary = self
            .store
            .round(round)?
            .ok_or_else(|| ApiError::not_found("đợt xét", round))?;
        let rubric = self.store.round_rubric(round)?;
        let nominations: Vec<Nomination> = self
            .round_nominations(round)?
            .into_iter()
            .map(|s| s.nomination)
            .collect();
        let members: Vec<MemberCard> = self.store.reviewers()?.iter().filter_map(card_of).collect();
        let files = self.package_files(round, &me.id)?;
        let body = RoundPackage {
            format: ROUND_FORMAT.into(),
            round: summary.round.clone(),
            rubric: rubric.to_json(),
            nominations,
            members,
            files,
            signed_by: me.id.clone(),
            exported_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            audit_head: self.store.audit_head()?,
        };
        let text = serde_json::to_string(&body)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let file = SignedFile {
            format: ROUND_FORMAT.into(),
            signature: key.sign_hex(text.as_bytes()),
            body: text,
        };
        let bytes = serde_json::to_vec(&file)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        write_whole(out, &bytes)?;
        // This laptop handed the round out: it never takes a package of it in.
        let actor = me.name.clone();
        self.store.record_round_package(
            &actor,
            &xetkhen_core::audit::sha256_hex(file.body.as_bytes()),
            true,
            round,
            &key.public_hex(),
        )?;
        Ok(RoundPackageReport {
            file: out.display().to_string(),
            round: crate::desk::round_view(&summary.round, summary.nomination_count),
            nominations: NominationCounts {
                imported: u32::try_from(body.nominations.len()).unwrap_or(u32::MAX),
                updated: 0,
                unchanged: 0,
            },
            members: u32::try_from(body.members.len()).unwrap_or(u32::MAX),
            files: u32::try_from(body.files.len()).unwrap_or(u32::MAX),
            signed_by: me.name,
            secretariat_fingerprint: key_fingerprint(&key.public_hex()).unwrap_or_default(),
            changed_since_review: Vec::new(),
        })
    }

    /// The files that go out with a round: those that came with its nominations, and the evidence
    /// the secretariat's own member attached while reviewing, each once per nomination.
    fn package_files(&self, round: &str, me: &str) -> Result<Vec<PackageFile>, ApiError> {
        use base64::Engine;
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        let mut wanted: Vec<(String, xetkhen_core::Attachment)> = Vec::new();
        for n in self.round_nominations(round)? {
            for a in self.store.nomination_files(&n.nomination.id)? {
                wanted.push((n.nomination.id.clone(), a));
            }
        }
        for r in self.store.reviews_of_round(round)? {
            if r.reviewer_id == me {
                for a in r.review.attachments {
                    wanted.push((r.nomination_id.clone(), a));
                }
            }
        }
        for (nomination_id, a) in wanted {
            if !seen.insert((nomination_id.clone(), a.sha256.clone())) {
                continue;
            }
            let Some(data) = self.store.evidence(&a.sha256)? else {
                continue;
            };
            out.push(PackageFile {
                nomination_id,
                data: base64::engine::general_purpose::STANDARD.encode(&data),
                attachment: a,
            });
        }
        Ok(out)
    }
}
