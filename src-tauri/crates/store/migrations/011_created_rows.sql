-- The nominations an import created, with the content hash it left each with, kept in one
-- value of the batch instead of one row of import_batch_rows each (issue 16, item 4): writing
-- 10,000 index entries twice cost the import more than a tenth of its time. The format is in
-- store/src/batches.rs (`encode_created`). import_batch_rows keeps the nominations a batch
-- changed, with what each was before, and every row of batches written before this migration.
ALTER TABLE import_batches ADD COLUMN created_rows BLOB;
