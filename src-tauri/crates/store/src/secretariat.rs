//! The committee's trust anchor on this laptop (the secretariat's key) and the round packages it
//! wrote or took in. Which package is accepted is decided in `api::round_package`; this module only
//! keeps the facts, each change with its audit entry.

use crate::{audit, ts, Store, StoreError};
use rusqlite::{params, OptionalExtension};

/// The secretariat this laptop trusts: round packages are accepted only when its key signed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secretariat {
    pub member_id: String,
    pub name: String,
    /// Ed25519 public key, hex.
    pub public_key: String,
    pub trusted_at: chrono::DateTime<chrono::Utc>,
}

/// The secretary's signing certificate registered on this (the chair's) laptop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretaryCertificate {
    pub der: Vec<u8>,
    /// SHA-256 of the DER, hex upper case in groups of four.
    pub sha256: String,
    pub subject: String,
    pub registered_at: chrono::DateTime<chrono::Utc>,
}

impl Store {
    /// The secretary's signing certificate registered here, if any.
    pub fn secretary_certificate(&self) -> Result<Option<SecretaryCertificate>, StoreError> {
        let row: Option<(Vec<u8>, String, String, String)> = self
            .conn
            .query_row(
                "SELECT der, sha256, subject, registered_at FROM secretary_certificate WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        row.map(|(der, sha256, subject, at)| {
            Ok(SecretaryCertificate {
                der,
                sha256,
                subject,
                registered_at: crate::parse_ts(&at)?,
            })
        })
        .transpose()
    }

    /// Registers the secretary's signing certificate (`der`, its SHA-256 `sha256` and `subject`
    /// as the caller read them). The first is `secretary_certificate.register`; another is refused
    /// unless `replace`, and is then recorded as `secretary_certificate.replace` with the one it
    /// replaces. The same certificate again changes nothing.
    pub fn register_secretary_certificate(
        &mut self,
        actor: &str,
        der: &[u8],
        sha256: &str,
        subject: &str,
        replace: bool,
    ) -> Result<bool, StoreError> {
        let before = self.secretary_certificate()?;
        if let Some(b) = &before {
            if b.der == der {
                return Ok(false);
            }
            if !replace {
                return Err(StoreError::Invalid(format!(
                    "máy này đã đăng ký chứng thư của thư ký {} (SHA-256 {}); đổi chứng thư phải làm riêng (--replace)",
                    b.subject, b.sha256
                )));
            }
        }
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO secretary_certificate (id, der, sha256, subject, registered_at) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET der = ?1, sha256 = ?2, subject = ?3, registered_at = ?4",
            params![der, sha256, subject, ts(chrono::Utc::now())],
        )?;
        let mut detail = serde_json::json!({ "sha256": sha256, "subject": subject });
        if let Some(b) = &before {
            detail["replaced_sha256"] = b.sha256.as_str().into();
            detail["replaced_subject"] = b.subject.as_str().into();
        }
        audit::append(
            &tx,
            actor,
            if before.is_some() {
                "secretary_certificate.replace"
            } else {
                "secretary_certificate.register"
            },
            "secretary_certificate",
            sha256,
            &detail,
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The secretariat this laptop trusts, if one was recorded.
    pub fn secretariat(&self) -> Result<Option<Secretariat>, StoreError> {
        let row: Option<(String, String, String, String)> = self
            .conn
            .query_row(
                "SELECT member_id, name, public_key, trusted_at FROM secretariat WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        row.map(|(member_id, name, public_key, at)| {
            Ok(Secretariat {
                member_id,
                name,
                public_key,
                trusted_at: crate::parse_ts(&at)?,
            })
        })
        .transpose()
    }

    /// Records the secretariat's key. The first is `secretariat.trust`; a different key is
    /// refused unless `replace`, and is then recorded as `secretariat.replace` with the key it
    /// replaces. The same key again changes nothing.
    pub fn trust_secretariat(
        &mut self,
        actor: &str,
        member_id: &str,
        name: &str,
        public_key: &str,
        fingerprint: &str,
        replace: bool,
    ) -> Result<bool, StoreError> {
        let before = self.secretariat()?;
        if let Some(b) = &before {
            if b.public_key == public_key {
                return Ok(false);
            }
            if !replace {
                return Err(StoreError::Invalid(format!(
                    "máy này đã tin cậy khóa của ban thư ký {}; đổi khóa phải làm riêng (--replace)",
                    b.name
                )));
            }
        }
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO secretariat (id, member_id, name, public_key, trusted_at) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET member_id = ?1, name = ?2, public_key = ?3, trusted_at = ?4",
            params![member_id, name, public_key, ts(chrono::Utc::now())],
        )?;
        let mut detail = serde_json::json!({
            "member_id": member_id,
            "name": name,
            "public_key": public_key,
            "fingerprint": fingerprint,
        });
        if let Some(b) = &before {
            detail["replaced_key"] = b.public_key.as_str().into();
            detail["replaced_name"] = b.name.as_str().into();
        }
        audit::append(
            &tx,
            actor,
            if before.is_some() {
                "secretariat.replace"
            } else {
                "secretariat.trust"
            },
            "secretariat",
            member_id,
            &detail,
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Records a round package this laptop wrote (`out`) or took in (`in`).
    pub fn record_round_package(
        &mut self,
        actor: &str,
        hash: &str,
        outgoing: bool,
        round_id: &str,
        signer_key: &str,
    ) -> Result<(), StoreError> {
        let direction = if outgoing { "out" } else { "in" };
        let tx = self.write_tx()?;
        let n = tx.execute(
            "INSERT OR IGNORE INTO round_packages (hash, direction, round_id, signer_key, at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                hash,
                direction,
                round_id,
                signer_key,
                ts(chrono::Utc::now())
            ],
        )?;
        if n > 0 {
            audit::append(
                &tx,
                actor,
                if outgoing {
                    "round_package.export"
                } else {
                    "round_package.import"
                },
                // Not the "round" entity: the round's own entries carry its content hash.
                "round_package",
                hash,
                &serde_json::json!({ "round_id": round_id, "signer_key": signer_key }),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Whether this laptop handed a round out itself (wrote a package of it), and whether it
    /// ever took a package of it in.
    pub fn round_package_directions(&self, round_id: &str) -> Result<(bool, bool), StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM round_packages WHERE round_id = ?1 AND direction = 'out'),
                    EXISTS (SELECT 1 FROM round_packages WHERE round_id = ?1 AND direction = 'in')",
            [round_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}
