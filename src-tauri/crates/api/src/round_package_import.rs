//! A round package taken in on a member's laptop: read bounded, its signature checked against the
//! key it names, then against the secretariat this laptop trusts (`package_anchor`), its committee
//! and files checked whole before anything is written; a newer package updates the round and
//! reports what changed since the member reviewed it. The package itself is
//! [`crate::round_package`]'s.

use crate::desk::Desk;
use crate::error::{ApiError, ErrorCode};
use crate::formats::{RoundPackage, SignedFile, MAX_ROUND_BYTES, ROUND_FORMAT};
use crate::fs::read_bounded;
use crate::views::*;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use xetkhen_core::attachment::check_attachment;
use xetkhen_core::packet::{fingerprint_matches, key_fingerprint, verify_hex};
use xetkhen_core::{MemberCard, Nomination, Role, Rubric};
use xetkhen_store::{Reviewer, WriteOutcome};

fn field_changes(before: &Nomination, after: &Nomination) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let text = |s: &str| {
        if s.is_empty() {
            ChangeValue::Empty
        } else {
            ChangeValue::Text(s.to_string())
        }
    };
    let opt = |s: &Option<String>| text(s.as_deref().unwrap_or_default());
    let mut diff = |field: ChangedField, detail: Option<&str>, a: ChangeValue, b: ChangeValue| {
        if a != b {
            out.push(FieldChange::new(field, detail.map(str::to_string), a, b));
        }
    };
    diff(
        ChangedField::Name,
        None,
        text(&before.name),
        text(&after.name),
    );
    diff(
        ChangedField::Unit,
        None,
        text(&before.unit),
        text(&after.unit),
    );
    diff(
        ChangedField::Position,
        None,
        opt(&before.position),
        opt(&after.position),
    );
    diff(
        ChangedField::Award,
        None,
        ChangeValue::Award(before.award),
        ChangeValue::Award(after.award),
    );
    diff(
        ChangedField::CriteriaSet,
        None,
        text(&before.criteria_set),
        text(&after.criteria_set),
    );
    diff(
        ChangedField::Summary,
        None,
        opt(&before.summary),
        opt(&after.summary),
    );
    for m in xetkhen_core::Metric::ALL {
        let show = |n: &Nomination| {
            n.metrics
                .get(m)
                .map_or(ChangeValue::Empty, |p| ChangeValue::Percent(p.as_f64()))
        };
        diff(
            ChangedField::Metric,
            Some(m.code()),
            show(before),
            show(after),
        );
    }
    out
}

/// The files of a round package, each checked before anything is written: a name both Windows
/// and Linux accept (only its last component kept), a kind on the list whose content matches
/// its extension and the media type it declares, the bytes the package's hash names, and a
/// nomination of the package.
fn package_files_checked(
    pkg: &RoundPackage,
    name: &str,
) -> Result<Vec<(String, xetkhen_core::Attachment, Vec<u8>)>, ApiError> {
    use base64::Engine;
    let bad = |reason: &str, m: String| {
        ApiError::invalid("file", format!("Tệp {name}: {m}")).because(reason)
    };
    let mut files = Vec::with_capacity(pkg.files.len());
    for f in &pkg.files {
        let shown = &f.attachment.file_name;
        let data = base64::engine::general_purpose::STANDARD
            .decode(&f.data)
            .map_err(|_| {
                bad(
                    "round-package.file-unreadable",
                    format!("tệp «{shown}» không đọc được."),
                )
            })?;
        if xetkhen_core::audit::sha256_hex(&data) != f.attachment.sha256
            || data.len() as u64 != f.attachment.size
        {
            return Err(bad(
                "round-package.file-hash",
                format!("tệp «{shown}» không khớp mã băm ghi trong gói."),
            ));
        }
        if !pkg.nominations.iter().any(|n| n.id == f.nomination_id) {
            return Err(bad(
                "round-package.file-orphan",
                format!("tệp «{shown}» kèm một hồ sơ không có trong gói."),
            ));
        }
        let (safe, _) = check_attachment(shown, Some(f.attachment.media_type.as_str()), &data)
            .map_err(|e| {
                bad(
                    "round-package.file-kind",
                    format!("{e} Gói không được nhận."),
                )
            })?;
        let mut attachment = f.attachment.clone();
        attachment.file_name = safe;
        files.push((f.nomination_id.clone(), attachment, data));
    }
    Ok(files)
}

/// A round package read and its signature checked against the key it names for its signer: not
/// yet against the secretariat this laptop trusts.
struct OpenedPackage {
    body: String,
    pkg: RoundPackage,
    /// The signer's place in `pkg.members`.
    signer_at: usize,
    fingerprint: String,
}

fn open_round_package(path: &Path) -> Result<OpenedPackage, ApiError> {
    let name = path.display().to_string();
    let bytes = read_bounded(path, MAX_ROUND_BYTES, "gói đợt xét")?;
    let bad = |m: String| ApiError::invalid("file", format!("Tệp {name}: {m}"));
    let file: SignedFile = serde_json::from_slice(&bytes)
        .map_err(|e| bad(format!("không phải gói đợt xét của Xét Khen ({e}).")))?;
    if file.format != ROUND_FORMAT {
        return Err(bad(format!(
            "định dạng «{}», phần mềm này đọc «{ROUND_FORMAT}».",
            file.format
        )));
    }
    let pkg: RoundPackage = serde_json::from_str(&file.body)
        .map_err(|e| bad(format!("nội dung không đọc được ({e}).")))?;
    let signer_at = pkg
        .members
        .iter()
        .position(|m| m.id == pkg.signed_by)
        .ok_or_else(|| bad("người ký không có trong danh sách hội đồng của gói.".into()))?;
    let signer = &pkg.members[signer_at];
    verify_hex(&signer.public_key, file.body.as_bytes(), &file.signature)
        .map_err(|_| bad("chữ ký của gói không đúng: gói đã bị sửa sau khi ký.".into()))?;
    let fingerprint = key_fingerprint(&signer.public_key)
        .ok_or_else(|| bad("khóa của người ký không hợp lệ.".into()))?;
    Ok(OpenedPackage {
        body: file.body,
        pkg,
        signer_at,
        fingerprint,
    })
}

impl Desk {
    /// A package for a round this laptop handed out itself, or made here, or signed with this
    /// laptop's own key, is refused: the secretariat's laptop never takes its own round back from
    /// a file.
    fn check_not_handed_out_here(
        &self,
        pkg: &RoundPackage,
        signer_key: &str,
        me: Option<&Reviewer>,
        name: &str,
    ) -> Result<(), ApiError> {
        let refuse = |reason: &str, m: String| {
            ApiError::new(ErrorCode::Conflict, format!("Tệp {name}: {m}")).because(reason)
        };
        let (out, came_in) = self.store.round_package_directions(&pkg.round.id)?;
        if out {
            return Err(refuse(
                "round-package.handed-out-here",
                format!(
                    "máy này đã phát gói của đợt xét «{}»; máy phát gói không nhận gói của chính đợt xét đó.",
                    pkg.round.name
                ),
            ));
        }
        if !came_in && self.store.round(&pkg.round.id)?.is_some() {
            return Err(refuse(
                "round-package.made-here",
                format!(
                    "đợt xét «{}» được lập trên máy này, không đến từ gói; không nhận gói của nó.",
                    pkg.round.name
                ),
            ));
        }
        if me.and_then(|m| m.public_key.as_deref()) == Some(signer_key) {
            return Err(refuse(
                "round-package.own-key",
                "gói được ký bằng khóa của chính máy này; không nhận.".into(),
            ));
        }
        Ok(())
    }

    /// Whether the package's signer is the trusted secretariat. `Ok(None)`: it is; `Ok(Some(
    /// replace))`: the person confirmed its fingerprint, to be recorded first (`replace`: in place
    /// of another key). Refused otherwise, with the fingerprint to compare.
    fn package_anchor(
        &self,
        signer: &MemberCard,
        fingerprint: &str,
        trust: &RoundTrust,
        name: &str,
    ) -> Result<Option<bool>, ApiError> {
        if let Some(typed) = trust.secretariat_fingerprint.as_deref() {
            if !fingerprint_matches(&signer.public_key, typed) {
                return Err(ApiError::invalid(
                    "secretariat_fingerprint",
                    format!(
                        "Tệp {name}: dấu vân tay «{}» không khớp khóa đã ký gói ({fingerprint}, {}). Không nhận gói; hãy hỏi lại ban thư ký.",
                        typed.trim(),
                        signer.name
                    ),
                ));
            }
        }
        let confirmed = trust.secretariat_fingerprint.is_some();
        match self.store.secretariat()? {
            Some(a) if a.public_key == signer.public_key => Ok(None),
            Some(a) => {
                if confirmed && trust.replace_secretariat {
                    return Ok(Some(true));
                }
                Err(ApiError::new(
                    ErrorCode::Untrusted,
                    format!(
                        "Tệp {name}: gói được ký bằng khóa {fingerprint} ({}), không phải khóa của ban thư ký mà máy này tin cậy ({}, {}). Không nhận gói. \
                         Nếu ban thư ký đã đổi khóa, gọi điện so dấu vân tay mới rồi nhận lại gói với --trust-secretariat «{fingerprint}» --replace-secretariat.",
                        signer.name,
                        a.name,
                        key_fingerprint(&a.public_key).unwrap_or_default()
                    ),
                )
                .at("secretariat_fingerprint")
                .because("round-package.other-secretariat"))
            }
            None if confirmed => Ok(Some(false)),
            None => Err(ApiError::new(
                ErrorCode::Untrusted,
                format!(
                    "Tệp {name}: máy này chưa tin cậy khóa của ban thư ký. Gói do {} ký; dấu vân tay khóa: {fingerprint}. \
                     Gọi điện cho ban thư ký, so từng nhóm ký tự, rồi nhận lại gói với --trust-secretariat «{fingerprint}».",
                    signer.name
                ),
            )
            .at("secretariat_fingerprint")
            .because("round-package.untrusted-secretariat")),
        }
    }

    /// A package never changes the key of a member this laptop knows, never gives one key to two
    /// members, and never touches this laptop's own member.
    fn check_package_members(
        &self,
        pkg: &RoundPackage,
        me: Option<&Reviewer>,
        name: &str,
    ) -> Result<(), ApiError> {
        let refuse = |reason: &str, m: String| {
            ApiError::new(ErrorCode::Conflict, format!("Tệp {name}: {m}")).because(reason)
        };
        let known = self.store.reviewers()?;
        let mut keys = BTreeSet::new();
        for card in &pkg.members {
            if key_fingerprint(&card.public_key).is_none() {
                return Err(refuse(
                    "round-package.member-key",
                    format!("khóa của thành viên {} không hợp lệ.", card.name),
                ));
            }
            if !keys.insert(card.public_key.as_str()) {
                return Err(refuse(
                    "round-package.key-twice",
                    format!(
                        "khóa của {} có mặt hai lần trong danh sách hội đồng; một khóa chỉ thuộc một người.",
                        card.name
                    ),
                ));
            }
            if me.is_some_and(|m| m.id == card.id) {
                continue;
            }
            for r in &known {
                let Some(k) = r.public_key.as_deref() else {
                    continue;
                };
                if r.id == card.id && k != card.public_key {
                    return Err(refuse(
                        "round-package.key-changed",
                        format!(
                            "gói thay khóa của {}, thành viên máy này đã biết; không nhận. Khóa của một thành viên không đổi qua gói đợt xét.",
                            r.name
                        ),
                    ));
                }
                if r.id != card.id && k == card.public_key {
                    return Err(refuse(
                        "round-package.key-reassigned",
                        format!("gói gán khóa của {} cho {}; không nhận.", r.name, card.name),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Takes in a round package on a member's laptop: the round (created the first time), the
    /// committee, and the nominations; a newer package updates them and reports, for this
    /// laptop's member, every nomination that changed since they reviewed it. The package must
    /// be signed by the secretariat this laptop trusts ([`Desk::import_round_package_trusting`]).
    pub fn import_round_package(&mut self, path: &Path) -> Result<RoundPackageReport, ApiError> {
        self.import_round_package_trusting(path, &RoundTrust::default())
    }

    /// Who signed the round package at `path`, with the fingerprint of the key that signed it
    /// (the signature checked), and the secretariat this laptop trusts: what the window shows
    /// the person before a package from a key not yet trusted is taken in.
    pub fn round_package_signer(&self, path: &Path) -> Result<PackageSigner, ApiError> {
        let opened = open_round_package(path)?;
        Ok(PackageSigner {
            signed_by: opened.pkg.members[opened.signer_at].name.clone(),
            fingerprint: opened.fingerprint,
            trusted: self.secretariat()?,
        })
    }

    /// [`Desk::import_round_package`], with what the person confirmed about the signer's key:
    /// the first package of a laptop that trusts no secretariat yet is taken only with the
    /// fingerprint of its signer's key given (read aloud by the secretariat and compared), and a
    /// package signed by another key than the trusted one only with that fingerprint and
    /// `replace_secretariat`. Everything is checked before anything is written.
    pub fn import_round_package_trusting(
        &mut self,
        path: &Path,
        trust: &RoundTrust,
    ) -> Result<RoundPackageReport, ApiError> {
        let name = path.display().to_string();
        let bad = |m: String| ApiError::invalid("file", format!("Tệp {name}: {m}"));
        let OpenedPackage {
            body,
            pkg,
            signer_at,
            fingerprint,
        } = open_round_package(path)?;
        let package_hash = xetkhen_core::audit::sha256_hex(body.as_bytes());
        let signer = &pkg.members[signer_at];
        let me = self.store.current_reviewer()?;
        self.check_not_handed_out_here(&pkg, &signer.public_key, me.as_ref(), &name)?;
        let anchor = self.package_anchor(signer, &fingerprint, trust, &name)?;
        if signer.role != Role::Secretary {
            return Err(bad(format!(
                "{} ký gói nhưng không giữ vai trò thư ký hội đồng; chỉ ban thư ký phát gói đợt xét.",
                signer.name
            )));
        }
        self.check_package_members(&pkg, me.as_ref(), &name)?;
        let rubric = Rubric::from_json(&pkg.rubric)
            .map_err(|e| bad(format!("bộ tiêu chí không đọc được ({e}).")))?;
        if let Some(n) = pkg.nominations.iter().find(|n| n.round_id != pkg.round.id) {
            return Err(bad(format!("hồ sơ {} không thuộc đợt xét của gói.", n.id)));
        }
        if self.store.round(&pkg.round.id)?.is_some()
            && self.store.round_rubric(&pkg.round.id)?.to_json() != rubric.to_json()
        {
            return Err(bad(
                "bộ tiêu chí của gói khác với bộ tiêu chí của đợt xét đã có trên máy.".into(),
            ));
        }
        let files = package_files_checked(&pkg, &name)?;

        // Checked whole: from here on, writes.
        let actor = self.actor().to_string();
        if let Some(replace) = anchor {
            self.store.trust_secretariat(
                &actor,
                &signer.id,
                &signer.name,
                &signer.public_key,
                &fingerprint,
                replace,
            )?;
        }
        if self.store.round(&pkg.round.id)?.is_none() {
            self.store.create_round(&actor, &pkg.round, &rubric)?;
        }
        let before: HashMap<String, Nomination> = self
            .round_nominations(&pkg.round.id)?
            .into_iter()
            .map(|s| (s.nomination.id.clone(), s.nomination))
            .collect();
        let outcomes = self.store.write_nominations(
            &actor,
            &format!("gói đợt xét {name}"),
            &pkg.nominations,
        )?;
        let mut counts = NominationCounts::default();
        for o in &outcomes {
            match o {
                WriteOutcome::Inserted => counts.imported += 1,
                WriteOutcome::Updated => counts.updated += 1,
                WriteOutcome::Unchanged => counts.unchanged += 1,
            }
        }
        for card in &pkg.members {
            let now = chrono::Utc::now();
            let existing = self.store.reviewer(&card.id)?;
            let is_me = me.as_ref().is_some_and(|m| m.id == card.id);
            let mut r = existing.clone().unwrap_or(Reviewer {
                id: card.id.clone(),
                name: String::new(),
                position: String::new(),
                role: card.role,
                conflicts: Vec::new(),
                is_self: false,
                public_key: None,
                created_at: now,
                updated_at: now,
            });
            if is_me {
                // The member's own profile, key and declared ties are theirs to keep.
                continue;
            }
            r.name.clone_from(&card.name);
            r.position.clone_from(&card.position);
            r.role = card.role;
            r.conflicts.clone_from(&card.conflicts);
            r.public_key = Some(card.public_key.clone());
            self.store.save_reviewer(&actor, &r)?;
        }
        let files_added = self.store.add_nomination_files(&actor, &files)?;
        self.store.record_round_package(
            &actor,
            &package_hash,
            false,
            &pkg.round.id,
            &signer.public_key,
        )?;
        let mut changed = Vec::new();
        if let Some(me) = &me {
            for stored in self.store.reviews_of_round(&pkg.round.id)? {
                if stored.reviewer_id != me.id {
                    continue;
                }
                let Some(now) = pkg
                    .nominations
                    .iter()
                    .find(|n| n.id == stored.nomination_id)
                else {
                    continue;
                };
                if stored.review.nomination_hash == now.content_hash() {
                    continue;
                }
                let fields = before
                    .get(&now.id)
                    .map(|b| field_changes(b, now))
                    .unwrap_or_default();
                changed.push(ChangedNomination {
                    id: now.id.clone(),
                    name: now.name.clone(),
                    changes: fields,
                });
            }
        }
        let summary = self
            .store
            .round(&pkg.round.id)?
            .ok_or_else(|| ApiError::not_found("đợt xét", &pkg.round.id))?;
        Ok(RoundPackageReport {
            file: name,
            round: crate::desk::round_view(&summary.round, summary.nomination_count),
            nominations: counts,
            members: u32::try_from(pkg.members.len()).unwrap_or(u32::MAX),
            files: files_added,
            signed_by: signer.name.clone(),
            secretariat_fingerprint: fingerprint,
            changed_since_review: changed,
        })
    }
}
