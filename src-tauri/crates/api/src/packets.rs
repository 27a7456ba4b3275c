//! Working offline and merging: member keys and cards, the round package a member takes home,
//! the signed decision packet they send back, the merge at the secretariat and the tally.
//!
//! Files here are JSON with a signed body text (see `core::packet`). Every file read is bounded
//! in size and checked whole before anything is written.

use crate::desk::Desk;
use crate::error::{ApiError, ErrorCode};
use crate::review::reviewer_view;
use crate::views::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use xetkhen_core::attachment::check_attachment;
use xetkhen_core::packet::{
    fingerprint_matches, key_fingerprint, verify_hex, CARD_FORMAT, MAX_PACKET_BYTES, PACKET_FORMAT,
};
use xetkhen_core::{
    count, AutoResult, Ballot, ConflictMatcher, MemberCard, MemberKey, Nomination, Packet,
    PacketBody, PacketReview, Review, Role, Round, Rubric, Vote, VoteRule,
};
use xetkhen_store::{Direction, ReviewState, ReviewVote, Reviewer, StoredNomination, WriteOutcome};

/// The format of a round package file.
pub const ROUND_FORMAT: &str = "xetkhen-goi-dot-xet/1";
/// The largest round package read: 10,000 nominations are about 10 MB.
pub const MAX_ROUND_BYTES: u64 = 256 * 1024 * 1024;

#[derive(serde::Serialize, serde::Deserialize)]
struct SignedFile {
    format: String,
    body: String,
    signature: String,
}

/// A file that comes with a nomination, carried whole in the round package.
#[derive(serde::Serialize, serde::Deserialize)]
struct PackageFile {
    nomination_id: String,
    attachment: xetkhen_core::Attachment,
    /// The bytes, base64.
    data: String,
}

/// What the secretariat signs when it hands a round out.
#[derive(serde::Serialize, serde::Deserialize)]
struct RoundPackage {
    format: String,
    round: Round,
    /// The round's rubric, as the store keeps it.
    rubric: String,
    nominations: Vec<Nomination>,
    members: Vec<MemberCard>,
    /// Files that come with the nominations, for every member to open.
    #[serde(default)]
    files: Vec<PackageFile>,
    /// Who signed the package (one of `members`).
    signed_by: String,
    exported_at: String,
    /// The head of the secretariat's audit chain when it signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    audit_head: Option<xetkhen_core::audit::AuditHead>,
}

fn read_bounded(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, ApiError> {
    let name = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("Không mở được tệp {name}: {e}.")))?;
    if meta.len() > limit {
        return Err(ApiError::invalid(
            "file",
            format!(
                "Tệp {name} lớn {} MB, quá giới hạn {} MB của {what}.",
                meta.len() / (1024 * 1024),
                limit / (1024 * 1024)
            ),
        ));
    }
    std::fs::read(path)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("Không đọc được tệp {name}: {e}.")))
}

/// Writes a file whole or not at all: a temporary file beside it, flushed, then renamed.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    use std::io::Write;
    let io = |e: std::io::Error| write_error(path, &e);
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// Why `path` could not be written, in words a user can act on. Windows refuses to replace a file
/// another program holds open (a PDF in a viewer, a workbook in Excel): that is said as such.
fn write_error(path: &Path, e: &std::io::Error) -> ApiError {
    // ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION, on a file that exists.
    let held_open = cfg!(windows) && path.exists() && matches!(e.raw_os_error(), Some(5 | 32 | 33));
    let message = if held_open {
        format!(
            "Không ghi đè được tệp {}: tệp đang mở trong một chương trình khác (chẳng hạn trình xem \
             PDF hay Excel). Hãy đóng tệp đó rồi lưu lại, hoặc lưu với tên khác. ({e})",
            path.display()
        )
    } else {
        format!("Không ghi được tệp {}: {e}.", path.display())
    };
    ApiError::new(ErrorCode::Io, message)
}

/// The 32 secret bytes of a new member key: overwritten with zeros when dropped, never printed.
struct MemberSecret(zeroize::Zeroizing<[u8; 32]>);

impl std::fmt::Debug for MemberSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MemberSecret(***)")
    }
}

fn new_secret() -> Result<MemberSecret, ApiError> {
    let mut secret = MemberSecret(zeroize::Zeroizing::new([0u8; 32]));
    getrandom::fill(secret.0.as_mut_slice()).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Không tạo được khóa: hệ điều hành không cấp số ngẫu nhiên ({e})."),
        )
    })?;
    Ok(secret)
}

fn card_of(r: &Reviewer) -> Option<MemberCard> {
    Some(MemberCard {
        format: CARD_FORMAT.into(),
        id: r.id.clone(),
        name: r.name.clone(),
        position: r.position.clone(),
        role: r.role,
        conflicts: r.conflicts.clone(),
        public_key: r.public_key.clone()?,
    })
}

/// The automatic results of a nomination's items, in the order of its set.
fn autos_of(rubric: &Rubric, n: &Nomination, round: &Round) -> Vec<Option<AutoResult>> {
    rubric
        .evaluate(n, round.kind)
        .map(|e| e.items.iter().map(|i| i.auto).collect())
        .unwrap_or_default()
}

fn field_changes(before: &Nomination, after: &Nomination) -> Vec<String> {
    let mut out = Vec::new();
    let mut diff = |label: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{label}: «{a}» → «{b}»"));
        }
    };
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    diff("Tên", before.name.clone(), after.name.clone());
    diff("Đơn vị", before.unit.clone(), after.unit.clone());
    diff("Chức vụ", opt(&before.position), opt(&after.position));
    diff(
        "Hình thức",
        before.award.label_vi().into(),
        after.award.label_vi().into(),
    );
    diff(
        "Bộ tiêu chí",
        before.criteria_set.clone(),
        after.criteria_set.clone(),
    );
    diff(
        "Tóm tắt thành tích",
        opt(&before.summary),
        opt(&after.summary),
    );
    for m in xetkhen_core::Metric::ALL {
        let show = |n: &Nomination| n.metrics.get(m).map(|p| p.to_string()).unwrap_or_default();
        diff(m.label_vi(), show(before), show(after));
    }
    out
}

/// The files of a round package, each checked before anything is written: a name both Windows
/// and Linux accept (only its last component kept), a kind on the list whose content matches
/// its extension and the media type it declares, the bytes the package's hash names, and a
/// nomination of the package.
fn package_files_checked(
    pkg: &RoundPackage,
) -> Result<Vec<(String, xetkhen_core::Attachment, Vec<u8>)>, String> {
    use base64::Engine;
    let mut files = Vec::with_capacity(pkg.files.len());
    for f in &pkg.files {
        let shown = &f.attachment.file_name;
        let data = base64::engine::general_purpose::STANDARD
            .decode(&f.data)
            .map_err(|_| format!("tệp «{shown}» không đọc được."))?;
        if xetkhen_core::audit::sha256_hex(&data) != f.attachment.sha256
            || data.len() as u64 != f.attachment.size
        {
            return Err(format!("tệp «{shown}» không khớp mã băm ghi trong gói."));
        }
        if !pkg.nominations.iter().any(|n| n.id == f.nomination_id) {
            return Err(format!("tệp «{shown}» kèm một hồ sơ không có trong gói."));
        }
        let (safe, _) = check_attachment(shown, Some(f.attachment.media_type.as_str()), &data)
            .map_err(|e| format!("{e} Gói không được nhận."))?;
        let mut attachment = f.attachment.clone();
        attachment.file_name = safe;
        files.push((f.nomination_id.clone(), attachment, data));
    }
    Ok(files)
}

impl Desk {
    /// The secretariat this laptop trusts to sign round packages, if any.
    pub fn secretariat(&self) -> Result<Option<SecretariatView>, ApiError> {
        Ok(self.store.secretariat()?.map(|s| SecretariatView {
            fingerprint: key_fingerprint(&s.public_key).unwrap_or_default(),
            member_id: s.member_id,
            name: s.name,
            trusted_at: Some(
                s.trusted_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
        }))
    }

    /// Records the secretariat's key from its card, before the first round package: the card must
    /// be a secretary's and its key's fingerprint the one `fingerprint` gives (compared aloud). A
    /// different key than the one trusted is taken only with `replace` (an audited change).
    pub fn trust_secretariat_card(
        &mut self,
        card_bytes: &[u8],
        fingerprint: &str,
        replace: bool,
    ) -> Result<SecretariatView, ApiError> {
        let card =
            MemberCard::read(card_bytes).map_err(|e| ApiError::invalid("file", e.to_string()))?;
        if card.role != Role::Secretary {
            return Err(ApiError::invalid(
                "file",
                format!(
                    "Thẻ của {} không phải thẻ của thư ký hội đồng; chỉ khóa của ban thư ký được tin cậy.",
                    card.name
                ),
            ));
        }
        let actual = key_fingerprint(&card.public_key).unwrap_or_default();
        if !fingerprint_matches(&card.public_key, fingerprint) {
            return Err(ApiError::invalid(
                "secretariat_fingerprint",
                format!(
                    "Dấu vân tay «{}» không khớp khóa trong thẻ của {} ({actual}). Không tin cậy thẻ này; hãy hỏi lại ban thư ký.",
                    fingerprint.trim(),
                    card.name
                ),
            ));
        }
        let actor = self.actor().to_string();
        self.store
            .trust_secretariat(
                &actor,
                &card.id,
                &card.name,
                &card.public_key,
                &actual,
                replace,
            )
            .map_err(|e| ApiError::new(ErrorCode::Conflict, format!("{e}.")))?;
        self.secretariat()?
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "Chưa ghi được khóa ban thư ký."))
    }

    /// A package for a round this laptop handed out itself, or made here, or signed with this
    /// laptop's own key, is refused: the secretariat's laptop never takes its own round back from
    /// a file.
    fn check_not_handed_out_here(
        &self,
        pkg: &RoundPackage,
        signer_key: &str,
        me: Option<&Reviewer>,
    ) -> Result<(), String> {
        let (out, came_in) = self
            .store
            .round_package_directions(&pkg.round.id)
            .map_err(|e| e.to_string())?;
        if out {
            return Err(format!(
                "máy này đã phát gói của đợt xét «{}»; máy phát gói không nhận gói của chính đợt xét đó.",
                pkg.round.name
            ));
        }
        if !came_in
            && self
                .store
                .round(&pkg.round.id)
                .map_err(|e| e.to_string())?
                .is_some()
        {
            return Err(format!(
                "đợt xét «{}» được lập trên máy này, không đến từ gói; không nhận gói của nó.",
                pkg.round.name
            ));
        }
        if me.and_then(|m| m.public_key.as_deref()) == Some(signer_key) {
            return Err("gói được ký bằng khóa của chính máy này; không nhận.".into());
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
                Err(ApiError {
                    code: ErrorCode::Untrusted,
                    message: format!(
                        "Tệp {name}: gói được ký bằng khóa {fingerprint} ({}), không phải khóa của ban thư ký mà máy này tin cậy ({}, {}). Không nhận gói. \
                         Nếu ban thư ký đã đổi khóa, gọi điện so dấu vân tay mới rồi nhận lại gói với --trust-secretariat «{fingerprint}» --replace-secretariat.",
                        signer.name,
                        a.name,
                        key_fingerprint(&a.public_key).unwrap_or_default()
                    ),
                    field: Some("secretariat_fingerprint".into()),
                })
            }
            None if confirmed => Ok(Some(false)),
            None => Err(ApiError {
                code: ErrorCode::Untrusted,
                message: format!(
                    "Tệp {name}: máy này chưa tin cậy khóa của ban thư ký. Gói do {} ký; dấu vân tay khóa: {fingerprint}. \
                     Gọi điện cho ban thư ký, so từng nhóm ký tự, rồi nhận lại gói với --trust-secretariat «{fingerprint}».",
                    signer.name
                ),
                field: Some("secretariat_fingerprint".into()),
            }),
        }
    }

    /// A package never changes the key of a member this laptop knows, never gives one key to two
    /// members, and never touches this laptop's own member.
    fn check_package_members(
        &self,
        pkg: &RoundPackage,
        me: Option<&Reviewer>,
    ) -> Result<(), String> {
        let known = self.store.reviewers().map_err(|e| e.to_string())?;
        let mut keys = BTreeSet::new();
        for card in &pkg.members {
            if key_fingerprint(&card.public_key).is_none() {
                return Err(format!("khóa của thành viên {} không hợp lệ.", card.name));
            }
            if !keys.insert(card.public_key.as_str()) {
                return Err(format!(
                    "khóa của {} có mặt hai lần trong danh sách hội đồng; một khóa chỉ thuộc một người.",
                    card.name
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
                    return Err(format!(
                        "gói thay khóa của {}, thành viên máy này đã biết; không nhận. Khóa của một thành viên không đổi qua gói đợt xét.",
                        r.name
                    ));
                }
                if r.id != card.id && k == card.public_key {
                    return Err(format!(
                        "gói gán khóa của {} cho {}; không nhận.",
                        r.name, card.name
                    ));
                }
            }
        }
        Ok(())
    }

    /// This laptop's member with their key; a member set up before keys existed gets one now.
    fn self_with_key(&mut self) -> Result<(Reviewer, MemberKey), ApiError> {
        let me = self.store.current_reviewer()?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::Conflict,
                "Máy này chưa có hồ sơ thành viên hội đồng (xetkhen reviewer set --name … --position …).",
            )
        })?;
        if let (Some(_), Some(secret)) = (&me.public_key, self.store.member_secret(&me.id)?) {
            return Ok((me, MemberKey::from_secret(&secret)));
        }
        let key = MemberKey::from_secret(&new_secret()?.0);
        let mut with_key = me.clone();
        with_key.public_key = Some(key.public_hex());
        let actor = me.name;
        self.store
            .save_reviewer_and_key(&actor, &with_key, Some(&*key.secret_bytes()))?;
        Ok((with_key, key))
    }

    /// Makes the Ed25519 key of this laptop's member if they have none (called when the member
    /// is set up, so that the card can be given to the secretariat at once).
    pub fn ensure_member_key(&mut self) -> Result<ReviewerView, ApiError> {
        let (me, _) = self.self_with_key()?;
        Ok(reviewer_view(&me))
    }

    /// The card this laptop's member gives the secretariat to be registered.
    pub fn member_card(&mut self) -> Result<MemberCard, ApiError> {
        let (me, _) = self.self_with_key()?;
        card_of(&me).ok_or_else(|| ApiError::new(ErrorCode::Internal, "Thiếu khóa công khai."))
    }

    /// Registers a committee member from their card (at the secretariat). A member already
    /// registered under the card's id gets the card's details; a different key for them is
    /// refused unless `replace_key` (a member who changed laptops).
    pub fn register_member(
        &mut self,
        card_bytes: &[u8],
        replace_key: bool,
    ) -> Result<ReviewerView, ApiError> {
        let card =
            MemberCard::read(card_bytes).map_err(|e| ApiError::invalid("file", e.to_string()))?;
        if let Some(other) = self
            .store
            .reviewers()?
            .into_iter()
            .find(|r| r.public_key.as_deref() == Some(&card.public_key) && r.id != card.id)
        {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "Khóa của thẻ này đã đăng ký cho thành viên {}; một khóa chỉ thuộc một người.",
                    other.name
                ),
            ));
        }
        let now = chrono::Utc::now();
        let mut r = match self.store.reviewer(&card.id)? {
            Some(r) => {
                if r.public_key.is_some()
                    && r.public_key.as_deref() != Some(&card.public_key)
                    && !replace_key
                {
                    return Err(ApiError::new(
                        ErrorCode::Conflict,
                        format!(
                            "{} đã đăng ký với một khóa khác. Nếu thành viên đã đổi máy, đăng ký lại với --replace-key.",
                            r.name
                        ),
                    ));
                }
                r
            }
            None => Reviewer {
                id: card.id.clone(),
                name: String::new(),
                position: String::new(),
                role: Role::Member,
                conflicts: Vec::new(),
                is_self: false,
                public_key: None,
                created_at: now,
                updated_at: now,
            },
        };
        r.name = card.name;
        r.position = card.position;
        r.role = card.role;
        r.conflicts = card.conflicts;
        r.public_key = Some(card.public_key);
        let actor = self.actor().to_string();
        self.store.save_reviewer(&actor, &r)?;
        let saved = self
            .store
            .reviewer(&r.id)?
            .ok_or_else(|| ApiError::not_found("thành viên", &r.id))?;
        Ok(reviewer_view(&saved))
    }

    /// Registers members from card files, all or none: the first bad card stops the rest, with
    /// the file named.
    pub fn register_member_files(
        &mut self,
        files: &[std::path::PathBuf],
    ) -> Result<Vec<ReviewerView>, ApiError> {
        let mut cards = Vec::with_capacity(files.len());
        for f in files {
            let bytes = read_bounded(f, 64 * 1024, "thẻ thành viên")?;
            MemberCard::read(&bytes)
                .map_err(|e| ApiError::invalid("file", format!("Tệp {}: {e}", f.display())))?;
            cards.push((f, bytes));
        }
        cards
            .iter()
            .map(|(f, bytes)| {
                self.register_member(bytes, false).map_err(|e| {
                    ApiError::new(e.code, format!("Tệp {}: {}", f.display(), e.message))
                })
            })
            .collect()
    }

    /// Sets how many votes in favour a round's nominations need.
    pub fn set_vote_rule(&mut self, round: &str, rule: VoteRule) -> Result<VoteRule, ApiError> {
        let rule = rule
            .check()
            .map_err(|m| ApiError::invalid("more_than_pct", m))?;
        self.round(round)?;
        let actor = self.actor().to_string();
        self.store.set_vote_rule(&actor, round, rule)?;
        Ok(rule)
    }

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
            .store
            .find_nominations(&xetkhen_store::NominationQuery {
                round_id: Some(round),
                ..Default::default()
            })?
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
        for n in self
            .store
            .find_nominations(&xetkhen_store::NominationQuery {
                round_id: Some(round),
                ..Default::default()
            })?
        {
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

    /// Takes in a round package on a member's laptop: the round (created the first time), the
    /// committee, and the nominations; a newer package updates them and reports, for this
    /// laptop's member, every nomination that changed since they reviewed it. The package must
    /// be signed by the secretariat this laptop trusts ([`Desk::import_round_package_trusting`]).
    pub fn import_round_package(&mut self, path: &Path) -> Result<RoundPackageReport, ApiError> {
        self.import_round_package_trusting(path, &RoundTrust::default())
    }

    /// [`Desk::import_round_package`], with what the person confirmed about the signer's key:
    /// the first package of a laptop that trusts no secretariat yet is taken only with the
    /// fingerprint of its signer's key given (read aloud by the secretariat and compared), and a
    /// package signed by another key than the trusted one only with that fingerprint and
    /// `replace_secretariat`. Everything is checked before anything is written.
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
        self.check_not_handed_out_here(&pkg, &signer.public_key, me.as_ref())
            .map_err(|m| ApiError::new(ErrorCode::Conflict, format!("Tệp {name}: {m}")))?;
        let anchor = self.package_anchor(signer, &fingerprint, trust, &name)?;
        if signer.role != Role::Secretary {
            return Err(bad(format!(
                "{} ký gói nhưng không giữ vai trò thư ký hội đồng; chỉ ban thư ký phát gói đợt xét.",
                signer.name
            )));
        }
        self.check_package_members(&pkg, me.as_ref())
            .map_err(|m| ApiError::new(ErrorCode::Conflict, format!("Tệp {name}: {m}")))?;
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
        let files = package_files_checked(&pkg).map_err(bad)?;

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
            .store
            .find_nominations(&xetkhen_store::NominationQuery {
                round_id: Some(&pkg.round.id),
                ..Default::default()
            })?
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

    /// Writes this laptop's member's decision packet for a round: every review they made,
    /// signed, numbered after their previous packet.
    /// Beside the packet goes the member's vote summary as PDF (the same name, `.pdf`), whose
    /// SHA-256 the packet carries, so the packet's signature covers it too; it is also signed
    /// with the member's certificate when `summary_key` is given.
    pub fn export_packet(
        &mut self,
        round: &str,
        out: &Path,
        summary_key: Option<&crate::SigningKey>,
    ) -> Result<PacketExportReport, ApiError> {
        let (me, key) = self.self_with_key()?;
        self.round(round)?;
        let reviews: Vec<PacketReview> = self
            .store
            .reviews_of_round(round)?
            .into_iter()
            .filter(|r| r.reviewer_id == me.id)
            .map(|r| PacketReview {
                nomination_id: r.nomination_id,
                review: r.review,
            })
            .collect();
        if reviews.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "{} chưa chấm hồ sơ nào của đợt xét này; chưa có gì để gửi.",
                    me.name
                ),
            ));
        }
        let last = self.store.last_outgoing(round, &me.id)?;
        let seq = last.as_ref().map_or(1, |(s, _)| s + 1);
        let summary_pdf = {
            let summary = self
                .store
                .round(round)?
                .ok_or_else(|| ApiError::not_found("đợt xét", round))?
                .round;
            let rubric = self.store.round_rubric(round)?;
            let noms: Vec<Nomination> = self
                .store
                .find_nominations(&xetkhen_store::NominationQuery {
                    round_id: Some(round),
                    ..Default::default()
                })?
                .into_iter()
                .map(|s| s.nomination)
                .collect();
            let by_id: HashMap<&str, &Review> = reviews
                .iter()
                .map(|r| (r.nomination_id.as_str(), &r.review))
                .collect();
            let doc = crate::minutes::vote_summary(
                &summary,
                &rubric,
                &noms,
                &by_id,
                (&me.name, &me.position),
                seq,
                last.as_ref().map(|(_, h)| h.as_str()),
            );
            crate::minutes::render_summary(&doc, summary_key)?
        };
        let body = PacketBody {
            format: PACKET_FORMAT.into(),
            round_id: round.to_string(),
            member_id: me.id.clone(),
            member_name: me.name.clone(),
            public_key: key.public_hex(),
            seq,
            prev_hash: last.map(|(_, h)| h),
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            conflicts: me.conflicts.clone(),
            summary_sha256: Some(xetkhen_core::audit::sha256_hex(&summary_pdf)),
            audit_head: self.store.audit_head()?,
            reviews,
        };
        let packet = body
            .sign(&key)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let summary_file = crate::minutes::summary_path(out);
        write_whole(&summary_file, &summary_pdf)?;
        write_whole(out, &packet.to_file())?;
        let actor = me.name;
        if let Err(e) = self.store.record_outgoing(&actor, &packet) {
            let _ = std::fs::remove_file(out);
            let _ = std::fs::remove_file(&summary_file);
            return Err(e.into());
        }
        Ok(PacketExportReport {
            file: out.display().to_string(),
            summary: summary_file.display().to_string(),
            seq: packet.body.seq,
            hash: packet.hash.clone(),
            reviews: u32::try_from(packet.body.reviews.len()).unwrap_or(u32::MAX),
            votes: u32::try_from(
                packet
                    .body
                    .reviews
                    .iter()
                    .filter(|r| r.review.vote.is_some())
                    .count(),
            )
            .unwrap_or(u32::MAX),
        })
    }

    /// Merges members' packets at the secretariat, each file in its own transaction. A file is
    /// accepted, unchanged (seen before) or rejected whole, with the reason; what needs the
    /// committee's attention is reported, never settled silently.
    pub fn import_packets(&mut self, paths: &[&Path]) -> Result<PacketImportReport, ApiError> {
        let mut report = PacketImportReport::default();
        for path in paths {
            let file = self.import_packet(path)?;
            match file.status {
                PacketStatus::Accepted => report.accepted += 1,
                PacketStatus::Unchanged => report.unchanged += 1,
                PacketStatus::Rejected => report.rejected += 1,
            }
            report.files.push(file);
        }
        Ok(report)
    }

    fn import_packet(&mut self, path: &Path) -> Result<PacketFileReport, ApiError> {
        let name = path.display().to_string();
        let mut out = PacketFileReport {
            file: name,
            status: PacketStatus::Rejected,
            reason: None,
            member: None,
            seq: None,
            hash: None,
            reviews: 0,
            written: 0,
            notices: Vec::new(),
        };
        let reject = |mut out: PacketFileReport, why: String| {
            out.reason = Some(why);
            Ok(out)
        };
        let bytes = match read_bounded(path, MAX_PACKET_BYTES, "gói phiếu") {
            Ok(b) => b,
            Err(e) => return reject(out, e.message),
        };
        let packet = match Packet::open(&bytes) {
            Ok(p) => p,
            Err(e) => return reject(out, e.to_string()),
        };
        let b = &packet.body;
        out.member = Some(b.member_name.clone());
        out.seq = Some(b.seq);
        out.hash = Some(packet.hash.clone());
        out.reviews = u32::try_from(b.reviews.len()).unwrap_or(u32::MAX);
        let Some(member) = self.store.reviewer(&b.member_id)? else {
            return reject(
                out,
                format!(
                    "{} (mã {}) không phải thành viên đã đăng ký của hội đồng trên máy này.",
                    b.member_name, b.member_id
                ),
            );
        };
        if member.public_key.as_deref() != Some(b.public_key.as_str()) {
            return reject(
                out,
                format!(
                    "Gói ký bằng khóa không phải khóa đã đăng ký của {}.",
                    member.name
                ),
            );
        }
        out.member = Some(member.name.clone());
        let Some(round) = self.store.round(&b.round_id)? else {
            return reject(
                out,
                format!("Đợt xét «{}» không có trên máy này.", b.round_id),
            );
        };
        let round = round.round;
        if self.store.has_packet(&packet.hash)? {
            out.status = PacketStatus::Unchanged;
            return Ok(out);
        }
        let rubric = self.store.round_rubric(&round.id)?;
        let noms: HashMap<String, StoredNomination> = self
            .store
            .find_nominations(&xetkhen_store::NominationQuery {
                round_id: Some(&round.id),
                ..Default::default()
            })?
            .into_iter()
            .map(|s| (s.nomination.id.clone(), s))
            .collect();
        let mut declared: Vec<String> = member.conflicts.clone();
        declared.extend(b.conflicts.iter().cloned());
        let matcher = ConflictMatcher::new(&declared);
        for pr in &b.reviews {
            let Some(n) = noms.get(&pr.nomination_id) else {
                return reject(
                    out,
                    format!(
                        "Hồ sơ {} không thuộc đợt xét {}.",
                        pr.nomination_id, round.name
                    ),
                );
            };
            let n = &n.nomination;
            let Some(set) = rubric.set(&n.criteria_set) else {
                return reject(
                    out,
                    format!("Hồ sơ {}: bộ tiêu chí {} không có.", n.id, n.criteria_set),
                );
            };
            if let Err(e) = pr
                .review
                .validate(set, &autos_of(&rubric, n, &round), n.award)
            {
                return reject(out, format!("Hồ sơ «{}» ({}): {e}", n.name, n.id));
            }
            if pr.review.nomination_hash != n.content_hash() {
                out.notices.push(PacketNotice {
                    kind: NoticeKind::Outdated,
                    nomination_id: Some(n.id.clone()),
                    message: format!(
                        "{} chấm hồ sơ «{}» trên một phiên bản cũ; phiếu chưa được tính cho đến khi chấm lại.",
                        member.name, n.name
                    ),
                });
            }
            if pr.review.vote.is_some() {
                if let Some(i) = matcher.find(n) {
                    out.notices.push(PacketNotice {
                        kind: NoticeKind::ConflictOfInterest,
                        nomination_id: Some(n.id.clone()),
                        message: format!(
                            "{} đã khai báo liên quan đến «{}» nhưng biểu quyết hồ sơ «{}»; phiếu không được tính.",
                            member.name, declared[i], n.name
                        ),
                    });
                }
            }
        }
        let summary_file = crate::minutes::summary_path(path);
        if let (Some(want), Ok(pdf)) = (&b.summary_sha256, std::fs::read(&summary_file)) {
            if xetkhen_core::audit::sha256_hex(&pdf) != *want {
                out.notices.push(PacketNotice {
                    kind: NoticeKind::SummaryMismatch,
                    nomination_id: None,
                    message: format!(
                        "Tệp {} không phải phiếu đánh giá đã ký kèm gói này (mã băm không khớp); hãy lấy lại bản gốc từ {}.",
                        summary_file.display(),
                        member.name
                    ),
                });
            }
        }
        let earlier = self
            .store
            .packets(&round.id, Some(&member.id), Direction::In)?;
        for other in &earlier {
            let o = &other.packet;
            if o.body.seq == b.seq {
                out.notices.push(PacketNotice {
                    kind: NoticeKind::DuplicateSequence,
                    nomination_id: None,
                    message: format!(
                        "{} đã gửi một gói khác cũng mang số {} (có thể máy bị sao chép). Phiếu của cả hai gói chưa được tính cho đến khi thành viên gửi gói mới hơn.",
                        member.name, b.seq
                    ),
                });
            }
            let broken = (o.body.seq + 1 == b.seq && b.prev_hash.as_deref() != Some(&o.hash))
                || (b.seq + 1 == o.body.seq && o.body.prev_hash.as_deref() != Some(&packet.hash));
            if broken {
                out.notices.push(PacketNotice {
                    kind: NoticeKind::BrokenChain,
                    nomination_id: None,
                    message: format!(
                        "Gói số {} và gói số {} của {} không nối tiếp nhau (gói trước ghi trong gói sau không khớp).",
                        b.seq.min(o.body.seq),
                        b.seq.max(o.body.seq),
                        member.name
                    ),
                });
            }
        }
        let state_of = |id: &str, review: &Review| -> ReviewState {
            noms.get(id)
                .and_then(|s| {
                    let n = &s.nomination;
                    let set = rubric.set(&n.criteria_set)?;
                    let o = review.outcome(
                        set,
                        &autos_of(&rubric, n, &round),
                        n.kind,
                        n.award,
                        round.kind,
                    );
                    Some(ReviewState {
                        complete: o.complete,
                        needs_evidence: o.needs_evidence,
                    })
                })
                .unwrap_or(ReviewState {
                    complete: false,
                    needs_evidence: false,
                })
        };
        let actor = self.actor().to_string();
        let merged = self.store.merge_packet(&actor, &packet, &state_of)?;
        if merged.unchanged {
            out.status = PacketStatus::Unchanged;
            return Ok(out);
        }
        out.status = PacketStatus::Accepted;
        out.written = merged.written;
        Ok(out)
    }

    /// The committee's count for every nomination of a round, with the packets merged.
    pub fn tally(&self, round: &str) -> Result<TallyView, ApiError> {
        let summary = self
            .store
            .round(round)?
            .ok_or_else(|| ApiError::not_found("đợt xét", round))?;
        let rule = self.store.vote_rule(round)?;
        let members = self.store.reviewers()?;
        let packets = self.store.packet_headers(round, Direction::In)?;
        // Ties declared to the secretariat, and in the member's newest packet.
        let mut declared: HashMap<&str, Vec<String>> = members
            .iter()
            .map(|m| (m.id.as_str(), m.conflicts.clone()))
            .collect();
        for p in &packets {
            if let Some(d) = declared.get_mut(p.member_id.as_str()) {
                d.extend(p.conflicts.iter().cloned());
            }
        }
        let matchers: Vec<ConflictMatcher> = members
            .iter()
            .map(|m| ConflictMatcher::new(declared.get(m.id.as_str()).map_or(&[][..], |d| d)))
            .collect();
        // Only the vote, score and nomination version of each review count; looked up by
        // borrowed ids. Another member's review counts only when it came in a packet they
        // signed: what was written for them on this laptop speaks for nobody.
        let votes = self.store.votes_of_round(round)?;
        let own: BTreeSet<&str> = members
            .iter()
            .filter(|m| m.is_self)
            .map(|m| m.id.as_str())
            .collect();
        let reviews: HashMap<(&str, &str), &ReviewVote> = votes
            .iter()
            .filter(|v| v.signed || own.contains(v.reviewer_id.as_str()))
            .map(|v| ((v.nomination_id.as_str(), v.reviewer_id.as_str()), &v.vote))
            .collect();
        let noms = self
            .store
            .find_nominations(&xetkhen_store::NominationQuery {
                round_id: Some(round),
                ..Default::default()
            })?;
        let mut rows = Vec::with_capacity(noms.len());
        let mut totals = TallyTotals::default();
        for s in &noms {
            let n = &s.nomination;
            let hash = n.content_hash();
            let mut ballots = Vec::with_capacity(members.len());
            let mut scores = Vec::new();
            for (m, matcher) in members.iter().zip(&matchers) {
                let review = reviews.get(&(n.id.as_str(), m.id.as_str())).copied();
                let ballot = if matcher.find(n).is_some() {
                    Ballot::Conflicted
                } else {
                    match review {
                        Some(r) if r.vote.is_some() && r.nomination_hash != hash => {
                            Ballot::Outdated
                        }
                        Some(r) => match r.vote {
                            Some(Vote::Approve) => Ballot::Approve,
                            Some(Vote::Reject) => Ballot::Reject,
                            Some(Vote::Abstain) => Ballot::Abstain,
                            None => Ballot::NotVoted,
                        },
                        None => Ballot::NotVoted,
                    }
                };
                if matches!(ballot, Ballot::Approve | Ballot::Reject | Ballot::Abstain) {
                    if let Some(score) = review.and_then(|r| r.score) {
                        scores.push(score);
                    }
                }
                ballots.push(MemberBallot {
                    member_id: m.id.clone(),
                    member: m.name.clone(),
                    ballot,
                });
            }
            let plain: Vec<Ballot> = ballots.iter().map(|b| b.ballot).collect();
            let c = count(&plain, &scores, rule);
            match c.decision {
                xetkhen_core::Decision::Approved => totals.approved += 1,
                xetkhen_core::Decision::NotApproved => totals.not_approved += 1,
                xetkhen_core::Decision::Pending => totals.pending += 1,
            }
            rows.push(TallyRow {
                nomination_id: n.id.clone(),
                name: n.name.clone(),
                unit: n.unit.clone(),
                kind: n.kind,
                criteria_set: n.criteria_set.clone(),
                award: n.award,
                count: c,
                ballots,
                search: xetkhen_core::text::fold(&format!("{} {}", n.name, n.unit)),
            });
        }
        let mut progress: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for row in &rows {
            for b in &row.ballots {
                let e = progress.entry(b.member_id.clone()).or_default();
                if b.ballot != Ballot::Conflicted {
                    e.1 += 1;
                    if matches!(b.ballot, Ballot::Approve | Ballot::Reject | Ballot::Abstain) {
                        e.0 += 1;
                    }
                }
            }
        }
        let last_seq: HashMap<&str, u32> = packets.iter().fold(HashMap::new(), |mut m, p| {
            let e = m.entry(p.member_id.as_str()).or_insert(0);
            *e = (*e).max(p.seq);
            m
        });
        let member_progress = members
            .iter()
            .map(|m| {
                let (voted, of) = progress.get(&m.id).copied().unwrap_or((0, 0));
                MemberVotes {
                    member: reviewer_view(m),
                    voted,
                    of,
                    last_packet: last_seq.get(m.id.as_str()).copied(),
                }
            })
            .collect();
        let forks: BTreeSet<(String, u32)> = {
            let mut seen: HashMap<(&str, u32), &str> = HashMap::new();
            let mut f = BTreeSet::new();
            for p in &packets {
                let key = (p.member_id.as_str(), p.seq);
                if let Some(h) = seen.insert(key, &p.hash) {
                    if h != p.hash {
                        f.insert((p.member_name.clone(), p.seq));
                    }
                }
            }
            f
        };
        Ok(TallyView {
            round: crate::desk::round_view(&summary.round, summary.nomination_count),
            rule,
            rule_text: rule.describe_vi(),
            committee: u32::try_from(members.len()).unwrap_or(u32::MAX),
            totals,
            rows,
            members: member_progress,
            packets: packets
                .iter()
                .map(|p| MergedPacketView {
                    member_id: p.member_id.clone(),
                    member: p.member_name.clone(),
                    seq: p.seq,
                    hash: p.hash.clone(),
                    created_at: p.created_at.clone(),
                    received_at: p
                        .received_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    reviews: p.reviews,
                })
                .collect(),
            disputed: forks
                .into_iter()
                .map(|(member, seq)| format!("{member}: hai gói khác nhau cùng số {seq}"))
                .collect(),
        })
    }
}

impl Desk {
    /// For each signed file this laptop wrote (a decision packet or a round package), whether the
    /// store's audit chain still holds the head the file carries: a chain rewritten or cut after
    /// the file left is caught here even when it verifies by itself.
    pub fn audit_against(
        &self,
        files: &[std::path::PathBuf],
    ) -> Result<Vec<AuditAgainst>, ApiError> {
        let mine = self.store.current_reviewer()?.and_then(|r| r.public_key);
        let mut out = Vec::with_capacity(files.len());
        for f in files {
            let name = f.display().to_string();
            let bytes = read_bounded(f, MAX_ROUND_BYTES, "tệp đã ký")?;
            let (what, key, head) = signed_head(&bytes)
                .map_err(|m| ApiError::invalid("file", format!("Tệp {name}: {m}")))?;
            let mut row = AuditAgainst {
                file: name,
                what: what.into(),
                head_seq: head.as_ref().map(|h| h.seq),
                head_hash: head.as_ref().map(|h| h.hash.clone()),
                status: AgainstStatus::Held,
                message: String::new(),
            };
            match head {
                _ if mine.as_deref().unwrap_or_default() != key => {
                    row.status = AgainstStatus::NotFromHere;
                    row.message = format!("{what} này không do máy này ký; nhật ký của máy khác không đối chiếu được ở đây.");
                }
                None => {
                    row.status = AgainstStatus::NoHead;
                    row.message =
                        format!("{what} này không mang đầu chuỗi nhật ký (lập bằng phiên bản cũ).");
                }
                Some(h) if self.store.audit_has(&h)? => {
                    row.message = format!("Nhật ký vẫn chứa mục số {} mà {what} ghi lại.", h.seq);
                }
                Some(h) => {
                    row.status = AgainstStatus::Missing;
                    row.message = format!(
                        "Nhật ký không còn mục số {} với mã băm {}… mà {what} ghi lại khi ký: nhật ký đã bị viết lại hoặc cắt bớt sau khi tệp rời máy.",
                        h.seq,
                        h.hash.get(..16).unwrap_or(&h.hash)
                    );
                }
            }
            out.push(row);
        }
        Ok(out)
    }
}

/// What kind of signed file, the key that signed it (hex; for the minutes, the member key of the
/// laptop that wrote them, empty when it had none) and the audit head it carries; the signature
/// (the minutes' first) is checked first.
fn signed_head(
    bytes: &[u8],
) -> Result<(&'static str, String, Option<xetkhen_core::audit::AuditHead>), String> {
    if bytes.starts_with(b"%PDF") {
        let (key, head) = crate::minutes::minutes_head(bytes)?;
        return Ok(("Biên bản kiểm phiếu", key, head));
    }
    let file: SignedFile = serde_json::from_slice(bytes)
        .map_err(|e| format!("không phải gói phiếu hay gói đợt xét của Xét Khen ({e})."))?;
    if file.format == PACKET_FORMAT {
        let bytes = serde_json::to_vec(&file).map_err(|e| e.to_string())?;
        let p = Packet::open(&bytes).map_err(|e| e.to_string())?;
        return Ok(("Gói phiếu", p.body.public_key, p.body.audit_head));
    }
    if file.format != ROUND_FORMAT {
        return Err(format!("định dạng «{}» không đối chiếu được.", file.format));
    }
    let pkg: RoundPackage =
        serde_json::from_str(&file.body).map_err(|e| format!("nội dung không đọc được ({e})."))?;
    let signer = pkg
        .members
        .iter()
        .find(|m| m.id == pkg.signed_by)
        .ok_or("người ký không có trong danh sách hội đồng của gói.")?;
    verify_hex(&signer.public_key, file.body.as_bytes(), &file.signature)
        .map_err(|_| "chữ ký của gói không đúng: gói đã bị sửa sau khi ký.".to_string())?;
    Ok(("Gói đợt xét", signer.public_key.clone(), pkg.audit_head))
}

/// Writes a member card as the secretariat reads it.
pub fn write_member_card(path: &Path, card: &MemberCard) -> Result<(), ApiError> {
    let bytes = serde_json::to_vec_pretty(card)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    write_whole(path, &bytes)
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    #[test]
    fn a_new_member_secret_never_shows_in_a_debug_print() {
        let secret = super::new_secret().unwrap();
        assert_ne!(*secret.0, [0u8; 32]);
        assert_eq!(format!("{secret:?}"), "MemberSecret(***)");
    }
}
