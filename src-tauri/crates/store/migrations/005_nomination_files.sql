-- Files that come with a nomination from the secretariat (its dossier, evidence it attached), shown
-- to every member: on the secretariat's laptop they are attached by reviews; on a member's laptop they
-- arrive with the round package. The bytes are in blobs, under their SHA-256.

CREATE TABLE nomination_files (
    nomination_id TEXT NOT NULL REFERENCES nominations (id),
    sha256        TEXT NOT NULL REFERENCES blobs (sha256),
    file_name     TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    added_at      TEXT NOT NULL,
    PRIMARY KEY (nomination_id, sha256)
) STRICT, WITHOUT ROWID;
