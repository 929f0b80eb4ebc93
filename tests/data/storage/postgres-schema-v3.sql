-- An ecopt PostgreSQL database at schema version 3, the last before trials had a stderr_tail
-- column: the schema as ecopt wrote it at commit 153e4ad (the version 2 schema plus its failure_kind step), and failed trials
-- whose stderr tail older versions appended to their error after a marker line. The
-- migration tests load it and check that opening it moves each tail into its own column
-- and keeps every trial (tests/storage/migration_test.cpp).
CREATE TABLE ecopt_schema (version INTEGER NOT NULL);
INSERT INTO ecopt_schema VALUES (3);
CREATE TABLE studies (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  config_json TEXT NOT NULL,
  created_unix_s DOUBLE PRECISION NOT NULL,
  updated_unix_s DOUBLE PRECISION NOT NULL,
  user_attrs_json TEXT NOT NULL DEFAULT '{}',
  -- The next trial number: UPDATE ... RETURNING allocates numbers atomically.
  next_number BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE trials (
  id BIGSERIAL PRIMARY KEY,
  study_id BIGINT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  number BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL')),
  origin TEXT NOT NULL CHECK (origin IN ('sampler', 'enqueued')),
  params_json TEXT NOT NULL,
  values_json TEXT,
  constraints_json TEXT NOT NULL DEFAULT '{}',
  metrics_json TEXT NOT NULL DEFAULT '{}',
  user_attrs_json TEXT NOT NULL DEFAULT '{}',
  host TEXT NOT NULL DEFAULT '',
  worker_id TEXT NOT NULL DEFAULT '',
  heartbeat_unix_s DOUBLE PRECISION,
  error TEXT NOT NULL DEFAULT '',
  created_unix_s DOUBLE PRECISION NOT NULL,
  started_unix_s DOUBLE PRECISION,
  finished_unix_s DOUBLE PRECISION,
  UNIQUE (study_id, number),
  -- A COMPLETE trial always has its values: no half-written result can exist.
  CHECK (state <> 'COMPLETE' OR (values_json IS NOT NULL AND finished_unix_s IS NOT NULL))
);
CREATE INDEX trials_by_state ON trials (study_id, state, number);
CREATE TABLE trial_intermediate (
  trial_id BIGINT NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  step BIGINT NOT NULL,
  values_json TEXT NOT NULL,
  PRIMARY KEY (trial_id, step)
);
CREATE TABLE trial_phases (
  id BIGSERIAL PRIMARY KEY,
  trial_id BIGINT NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  phase TEXT NOT NULL,
  start_monotonic_s DOUBLE PRECISION NOT NULL,
  end_monotonic_s DOUBLE PRECISION NOT NULL,
  start_unix_s DOUBLE PRECISION NOT NULL,
  end_unix_s DOUBLE PRECISION NOT NULL,
  duration_s DOUBLE PRECISION NOT NULL,
  energy_json TEXT NOT NULL,
  meter TEXT NOT NULL,
  estimated BOOLEAN NOT NULL,
  uncertainty_j DOUBLE PRECISION NOT NULL,
  samples BIGINT NOT NULL,
  net_energy_json TEXT NOT NULL DEFAULT '{}',
  scope TEXT NOT NULL DEFAULT 'system'
);
CREATE INDEX trial_phases_by_trial ON trial_phases (trial_id);
-- Writes that must happen once record a token in their own transaction. When a COMMIT
-- is cut off by a lost connection, the retry finds the token and does not write again.
CREATE TABLE applied_operations (
  token TEXT PRIMARY KEY,
  result BIGINT NOT NULL,
  applied_unix_s DOUBLE PRECISION NOT NULL
);
ALTER TABLE trial_phases ADD COLUMN details_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE trials ADD COLUMN metric_uncertainties_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE trials ADD COLUMN running_energy_j DOUBLE PRECISION;
ALTER TABLE trials ADD COLUMN running_power_w DOUBLE PRECISION;
ALTER TABLE trials ADD COLUMN failure_kind TEXT NOT NULL DEFAULT 'none';
INSERT INTO studies (id, name, config_json, created_unix_s, updated_unix_s, next_number) VALUES (1, 'legacy', '{"format":3,"name":"legacy","command":["python3","crash.py"],"parameters":{"x":{"type":"float","low":0.0,"high":1.0,"log":false}},"objectives":[{"name":"loss","goal":"minimize"}]}', 1700000000.0, 1700000100.0, 8);
INSERT INTO trials (id, study_id, number, state, origin, params_json, values_json, error, failure_kind, created_unix_s, started_unix_s, finished_unix_s) VALUES (1, 1, 0, 'COMPLETE', 'sampler', '{"x":0.5}', '[0.25]', '', 'none', 1700000000.0, 1700000010.0, 1700000050.0);
INSERT INTO trials (id, study_id, number, state, origin, params_json, values_json, error, failure_kind, created_unix_s, started_unix_s, finished_unix_s) VALUES (2, 1, 1, 'FAIL', 'sampler', '{"x":0.5}', NULL, 'exit status 3
--- last lines of stderr ---
Traceback (most recent call last)
RuntimeError: CUDA out of memory
', 'crashed', 1700000000.0, 1700000010.0, 1700000050.0);
INSERT INTO trials (id, study_id, number, state, origin, params_json, values_json, error, failure_kind, created_unix_s, started_unix_s, finished_unix_s) VALUES (3, 1, 2, 'FAIL', 'sampler', '{"x":0.5}', NULL, 'killed by SIGSEGV
--- last lines of stderr ---
free(): invalid pointer
', 'killed_by_signal', 1700000000.0, 1700000010.0, 1700000050.0);
INSERT INTO trials (id, study_id, number, state, origin, params_json, values_json, error, failure_kind, created_unix_s, started_unix_s, finished_unix_s) VALUES (4, 1, 3, 'FAIL', 'sampler', '{"x":0.5}', NULL, 'out of memory
see the node''s dmesg', 'failed', 1700000000.0, 1700000010.0, 1700000050.0);
INSERT INTO trials (id, study_id, number, state, origin, params_json, values_json, error, failure_kind, created_unix_s, started_unix_s, finished_unix_s) VALUES (5, 1, 4, 'PRUNED', 'sampler', '{"x":0.5}', NULL, 'pruned at step 3', 'pruned', 1700000000.0, 1700000010.0, 1700000050.0);
INSERT INTO trials (id, study_id, number, state, origin, params_json, values_json, error, failure_kind, created_unix_s, started_unix_s, finished_unix_s) VALUES (6, 1, 5, 'FAIL', 'sampler', '{"x":0.5}', NULL, 'interrupted', 'interrupted', 1700000000.0, 1700000010.0, 1700000050.0);
INSERT INTO trials (id, study_id, number, state, origin, params_json, values_json, error, failure_kind, created_unix_s, started_unix_s, finished_unix_s) VALUES (7, 1, 6, 'FAIL', 'sampler', '{"x":0.5}', NULL, 'did not report objective ''loss'' (reported metrics: none; phases: 0)
--- last lines of stderr ---
warning: no GPU
', 'no_objective', 1700000000.0, 1700000010.0, 1700000050.0);
INSERT INTO trials (id, study_id, number, state, origin, params_json, values_json, error, failure_kind, created_unix_s, started_unix_s, finished_unix_s) VALUES (8, 1, 7, 'FAIL', 'sampler', '{"x":0.5}', NULL, 'exit status 1
--- last lines of stderr ---
bad bytes: 
', 'crashed', 1700000000.0, 1700000010.0, 1700000050.0);
INSERT INTO trial_phases (id, trial_id, phase, start_monotonic_s, end_monotonic_s, start_unix_s, end_unix_s, duration_s, energy_json, meter, estimated, uncertainty_j, samples) VALUES (1, 1, 'total', 10.0, 50.0, 1700000010.0, 1700000050.0, 40.0, '{"cpu":400.0}', 'estimator', TRUE, 40.0, 1);
SELECT setval('studies_id_seq', 1); SELECT setval('trials_id_seq', 8); SELECT setval('trial_phases_id_seq', 1);
