-- On-call voice messages, known by Asterisk's msg_id: app_voicemail renumbers msgNNNN files when a
-- message is removed, so neither the file name nor VM_MESSAGEFILE identifies a message for long.
-- A row is written when a registration claims the message or when the spool scan finds it; the
-- audio is then copied into the product's own store (stored_path) and kept for the retention time.
CREATE TABLE voicemail_message (
  msg_id            text PRIMARY KEY CONSTRAINT voicemail_message_msg_id_format CHECK (msg_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  mailbox           text NOT NULL,               -- 100@astreinte
  message_file      text NOT NULL,               -- where it was when first seen (renumbering may move it)
  call_id           text CONSTRAINT voicemail_message_call_id_key UNIQUE, -- the registering call, when one claimed it
  oncall_request_id bigint REFERENCES oncall_request (id),
  ticket_number     text COLLATE "C",            -- as keyed; not a foreign key, it may be unknown
  recorded_at       timestamptz NOT NULL,        -- origtime
  duration_seconds  integer NOT NULL CONSTRAINT voicemail_message_duration_positive CHECK (duration_seconds >= 0),
  caller            text,                        -- caller id number
  caller_name       text,
  stored_path       text,                        -- null when the spool had no audio, and after the purge
  paged             boolean NOT NULL DEFAULT false, -- a page covers it: its request's, or its own orphan page
  created_at        timestamptz NOT NULL,
  purged_at         timestamptz
);
CREATE INDEX voicemail_message_request_idx ON voicemail_message (oncall_request_id);
CREATE INDEX voicemail_message_kept_idx ON voicemail_message (recorded_at) WHERE purged_at IS NULL;
