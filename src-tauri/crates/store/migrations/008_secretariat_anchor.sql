-- One trust anchor per committee: the secretariat's key. A member's laptop records it once (from
-- the secretariat's card or at the first round package, with the fingerprint confirmed), and
-- from then on takes only round packages that key signed. Replacing it is its own audited act.
CREATE TABLE secretariat (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    member_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    -- Ed25519 public key, hex.
    public_key TEXT NOT NULL,
    trusted_at TEXT NOT NULL
) STRICT;

-- Round packages this laptop wrote ('out': it handed the round out, so it never takes a package
-- of that round in) or took in ('in'), named by the SHA-256 of the signed body.
CREATE TABLE round_packages (
    hash       TEXT NOT NULL,
    direction  TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    round_id   TEXT NOT NULL,
    signer_key TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (hash, direction)
) STRICT;

CREATE INDEX round_packages_round ON round_packages (round_id, direction);

-- Rounds that came to this laptop in a round package before packages were recorded: their
-- nominations were written with a "gói đợt xét" source. They are marked as taken in, so a newer
-- package of theirs is still accepted; every other round was made here.
INSERT OR IGNORE INTO round_packages (hash, direction, round_id, signer_key, at)
SELECT DISTINCT 'truoc-ban-8:' || n.round_id, 'in', n.round_id, '', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM audit_log a JOIN nominations n ON n.id = a.entity_id
WHERE a.entity = 'nomination' AND a.detail LIKE '%"source":"gói đợt xét %';
