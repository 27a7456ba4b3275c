-- The secretary's signing certificate, registered on the chair's laptop: the chair countersigns
-- vote minutes whose first signature was made with exactly this certificate (DER equal), as well
-- as minutes whose first signature chains to a trust anchor. Registering another is its own
-- audited act.
CREATE TABLE secretary_certificate (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    der           BLOB NOT NULL,
    -- SHA-256 of the DER, hex upper case in groups of four.
    sha256        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    registered_at TEXT NOT NULL
) STRICT;
