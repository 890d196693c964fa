-- Found by the support line's load benchmark (docs/benchmarks.md).
--
-- "The open request of this ticket" is asked at every registration and acknowledgement. With only
-- oncall_request_open_idx (created_at) the planner walked every open request, and every dead
-- version of them, to find one ticket's: 1 300 index entries per lookup after a minute of calls.
CREATE INDEX oncall_request_open_ticket_idx ON oncall_request (ticket_number, id)
  WHERE status IN ('pending', 'paging');

-- The outbox and the page attempts are queues: every call inserts rows that are updated within a
-- second and never again. With the default thresholds (analyse after 10 % of changes, vacuum after
-- 20 %), their statistics trail a burst by minutes, long enough for the planner to read the whole
-- outbox sequentially at each claim of the paging engine. Small, fixed thresholds keep them current.
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                        autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000);
ALTER TABLE page_attempt SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                              autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000);
ALTER TABLE oncall_request SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                                autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000);
