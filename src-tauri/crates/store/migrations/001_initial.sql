-- Rounds, nominations, the audit log and the search index.
-- Percentages are whole hundredths of a percent (92.5 % = 9250), as core::Percent keeps them.

CREATE TABLE rounds (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    campaign    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('so-ket', 'tong-ket', 'annual')),
    status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    starts_on   TEXT,
    ends_on     TEXT,
    rubric_json TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE nominations (
    -- An explicit INTEGER PRIMARY KEY: the search index refers to it, and unlike a hidden rowid
    -- it survives VACUUM unchanged.
    seq                        INTEGER PRIMARY KEY,
    id                         TEXT NOT NULL UNIQUE,
    round_id                   TEXT NOT NULL REFERENCES rounds (id),
    kind                       TEXT NOT NULL CHECK (kind IN ('collective', 'individual')),
    criteria_set               TEXT NOT NULL,
    name                       TEXT NOT NULL,
    position                   TEXT,
    birth_year                 INTEGER,
    id_number                  TEXT,
    unit                       TEXT NOT NULL,
    nominating_unit            TEXT,
    award                      TEXT NOT NULL CHECK (award IN ('co-thi-dua', 'bang-khen', 'giay-khen')),
    summary                    TEXT,
    online_records_pct         INTEGER CHECK (online_records_pct BETWEEN 0 AND 10000),
    e_documents_pct            INTEGER CHECK (e_documents_pct BETWEEN 0 AND 10000),
    socio_economic_reports_pct INTEGER CHECK (socio_economic_reports_pct BETWEEN 0 AND 10000),
    lgsp_pct                   INTEGER CHECK (lgsp_pct BETWEEN 0 AND 10000),
    -- Derived by core::Rubric::evaluate on every write; kept for sorting and filtering.
    auto_pass                  INTEGER NOT NULL,
    auto_fail                  INTEGER NOT NULL,
    auto_pending               INTEGER NOT NULL,
    eligible                   INTEGER,
    name_folded                TEXT NOT NULL,
    unit_folded                TEXT NOT NULL,
    content_hash               TEXT NOT NULL,
    created_at                 TEXT NOT NULL,
    updated_at                 TEXT NOT NULL
) STRICT;

CREATE INDEX nominations_round_name ON nominations (round_id, name_folded, id);
CREATE INDEX nominations_round_unit ON nominations (round_id, unit_folded, id);
CREATE INDEX nominations_id_number ON nominations (id_number) WHERE id_number IS NOT NULL;

CREATE VIRTUAL TABLE nomination_search USING fts5 (
    nomination_id UNINDEXED,
    folded,
    tokenize = "unicode61 remove_diacritics 2"
);

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at_utc     TEXT NOT NULL,
    at_vietnam TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
) STRICT;

CREATE INDEX audit_log_entity ON audit_log (entity_id, seq);
