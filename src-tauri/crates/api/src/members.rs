//! Members and their keys: this laptop's member key, the member card it hands the secretariat,
//! registering the committee's cards at the secretariat, and the secretariat a member's laptop
//! trusts to sign round packages.

use crate::desk::reviewer_view;
use crate::desk::Desk;
use crate::error::{ApiError, ErrorCode};
use crate::formats::card_of;
use crate::fs::{read_bounded, write_whole};
use crate::views::*;
use std::path::Path;
use xetkhen_core::packet::{fingerprint_matches, key_fingerprint};
use xetkhen_core::{MemberCard, MemberKey, Role};
use xetkhen_store::Reviewer;

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

/// Writes a member card as the secretariat reads it.
pub fn write_member_card(path: &Path, card: &MemberCard) -> Result<(), ApiError> {
    let bytes = serde_json::to_vec_pretty(card)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    write_whole(path, &bytes)
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

    /// This laptop's member with their key; a member set up before keys existed gets one now.
    pub(crate) fn self_with_key(&mut self) -> Result<(Reviewer, MemberKey), ApiError> {
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
