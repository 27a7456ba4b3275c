-- The search index keeps its terms only. Until now FTS5 also kept a second copy of every
-- nomination's folded text (name, unit, position, ID number, summary) in its content table, and
-- the nomination's id beside it: personal data stored twice, and about a tenth of an import's
-- writing. The nominations table holds that text already; the index is joined to it by rowid
-- (= nominations.seq). `contentless_delete` lets an update or an erasure delete a row's terms.
-- The step that follows this script in store::migrate writes every nomination's terms again.
DROP TABLE nomination_search;

CREATE VIRTUAL TABLE nomination_search USING fts5 (
    folded,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 2"
);
