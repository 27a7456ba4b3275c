-- Header wordings the secretariat mapped to a field by hand, remembered for the next list that
-- uses the same wording. The key is the header folded by core::text::fold.
CREATE TABLE column_mappings (
    header_folded TEXT PRIMARY KEY,
    field         TEXT NOT NULL,
    saved_by      TEXT NOT NULL,
    saved_at      TEXT NOT NULL
) STRICT;
