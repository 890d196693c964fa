-- Outbox payloads carry the version of their codec (outbox.OutboxCodec): an engine refuses rows of
-- a version it does not know instead of misreading them. Rows written before this column are
-- version 1, the shape the codec's first version reads.
ALTER TABLE outbox ADD COLUMN payload_version smallint NOT NULL DEFAULT 1;
