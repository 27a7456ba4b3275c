-- Decision packets: members' keys, the packets a laptop made or received, where each merged
-- review came from, and the round's vote rule.

-- A member's Ed25519 public key (hex), as their member card gave it.
ALTER TABLE reviewers ADD COLUMN public_key TEXT;

-- The secret key of this laptop's member; the store's encryption protects it at rest.
CREATE TABLE member_key (
    reviewer_id TEXT PRIMARY KEY REFERENCES reviewers (id),
    secret_key  BLOB NOT NULL CHECK (length(secret_key) = 32),
    created_at  TEXT NOT NULL
) STRICT;

-- Packets made on this laptop ('out') and received from members ('in'), kept whole: the merged
-- reviews can be rebuilt from them, and the minutes list them.
CREATE TABLE packets (
    hash        TEXT PRIMARY KEY,
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    reviewer_id TEXT NOT NULL,
    round_id    TEXT NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    prev_hash   TEXT,
    body        TEXT NOT NULL,
    signature   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    received_at TEXT NOT NULL
) STRICT;

CREATE INDEX packets_member ON packets (round_id, reviewer_id, direction, seq);

-- The packet a review was merged from; NULL for a review written on this laptop.
ALTER TABLE reviews ADD COLUMN packet_hash TEXT;

-- core::VoteRule as JSON; NULL means the default (more than half of all members).
ALTER TABLE rounds ADD COLUMN vote_rule_json TEXT;
