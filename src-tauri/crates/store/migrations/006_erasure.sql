-- Erasure of a round's personal data at the end of its retention period.
--
-- The audit log's hash now covers each entry's detail through the detail's SHA-256, so a detail
-- can be blanked by a recorded erasure while the chain still verifies (core::audit). The step
-- that follows this script in store::migrate fills detail_sha256 and carries the existing chain
-- over to the new hash, after checking it in the old one.
ALTER TABLE audit_log ADD COLUMN detail_sha256 TEXT;
-- The seq of the round.erase entry that blanked this entry's detail.
ALTER TABLE audit_log ADD COLUMN erased_by INTEGER;

-- When a round was closed, until when its personal data must be kept, and when it was erased.
ALTER TABLE rounds ADD COLUMN closed_at TEXT;
ALTER TABLE rounds ADD COLUMN retain_until TEXT;
ALTER TABLE rounds ADD COLUMN erased_at TEXT;
