-- Each import is a batch that can be undone (issue 16). Undoing costs the size of the import,
-- not of the store: a batch lists the nominations it wrote and, for one it updated, the
-- nomination as it was before. An erasure of the round removes the round's batches with its
-- nominations (store/src/erase.rs).
CREATE TABLE import_batches (
    id          TEXT PRIMARY KEY,
    round_id    TEXT NOT NULL REFERENCES rounds (id),
    source      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    inserted    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    undone_at   TEXT,
    undone_by   TEXT
) STRICT;

CREATE INDEX import_batches_round ON import_batches (round_id, created_at);

CREATE TABLE import_batch_rows (
    batch_id      TEXT NOT NULL REFERENCES import_batches (id),
    nomination_id TEXT NOT NULL,
    -- The nomination as it was before this import changed it (JSON of core::Nomination); NULL
    -- for one the import created.
    before_json   TEXT,
    -- The content hash the import left it with: a nomination changed since is not undone.
    after_hash    TEXT NOT NULL,
    PRIMARY KEY (batch_id, nomination_id)
) STRICT;

CREATE INDEX import_batch_rows_nomination ON import_batch_rows (nomination_id);
