-- Committee members' reviews: one reviewer profile per member known to this store (the one that
-- works on this laptop has is_self = 1), one review per member per nomination, and the evidence
-- files attached to reviews, stored once under their SHA-256.

CREATE TABLE reviewers (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    name_folded    TEXT NOT NULL,
    position       TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('member', 'secretary', 'chair')),
    -- The units the member declared ties to, a JSON array of strings.
    conflicts_json TEXT NOT NULL,
    is_self        INTEGER NOT NULL DEFAULT 0 CHECK (is_self IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX reviewers_self ON reviewers (is_self) WHERE is_self = 1;
CREATE INDEX reviewers_name ON reviewers (name_folded);

CREATE TABLE reviews (
    nomination_id  TEXT NOT NULL REFERENCES nominations (id),
    reviewer_id    TEXT NOT NULL REFERENCES reviewers (id),
    -- core::Review as JSON; its hash (with the two flags below) is what the audit log records.
    body_json      TEXT NOT NULL,
    -- Derived by core::Review::outcome on every write; kept for the list's filters.
    complete       INTEGER NOT NULL CHECK (complete IN (0, 1)),
    needs_evidence INTEGER NOT NULL CHECK (needs_evidence IN (0, 1)),
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (reviewer_id, nomination_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX reviews_nomination ON reviews (nomination_id);

CREATE TABLE blobs (
    sha256   TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    data     BLOB NOT NULL,
    added_at TEXT NOT NULL
) STRICT;
