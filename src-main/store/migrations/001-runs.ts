import type { Migration } from './types'

/** Runs, their tags and their numeric arrays (as little-endian float64 blobs). */
export const migration001: Migration = {
  version: 1,
  name: 'runs, tags and arrays',
  up: `
    CREATE TABLE runs (
      id            TEXT PRIMARY KEY,
      name          TEXT NOT NULL,
      created_at    INTEGER NOT NULL,
      started_at    INTEGER,
      finished_at   INTEGER,
      status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
      error_name    TEXT,
      error_message TEXT,
      mode          TEXT NOT NULL CHECK (mode IN ('nonparametric', 'parametric')),
      kernel        TEXT NOT NULL,
      sigma         REAL,
      sigma_rule    TEXT,
      data_kind     TEXT NOT NULL,
      data_label    TEXT NOT NULL,
      seed          INTEGER,
      n_train       INTEGER NOT NULL,
      n_query       INTEGER NOT NULL,
      has_truth     INTEGER NOT NULL,
      spec_json     TEXT NOT NULL,
      w0_spec       TEXT,
      w0            REAL,
      lr            REAL,
      epochs        INTEGER,
      loss          TEXT,
      loo           INTEGER,
      batch_size    INTEGER,
      train_seed    INTEGER,
      learned_w     REAL,
      train_loss    REAL,
      train_mse     REAL,
      test_mse      REAL,
      loo_score     REAL,
      epochs_done   INTEGER NOT NULL DEFAULT 0,
      undefined_queries TEXT NOT NULL DEFAULT '[]',
      baseline      REAL,
      app_version   TEXT NOT NULL,
      notes         TEXT NOT NULL DEFAULT '',
      deleted_at    INTEGER,
      owner         TEXT
    );
    CREATE INDEX runs_by_created ON runs (created_at);
    CREATE INDEX runs_by_status ON runs (status);
    CREATE INDEX runs_by_kernel ON runs (kernel, created_at);
    CREATE INDEX runs_by_sigma ON runs (sigma);
    CREATE INDEX runs_by_deleted ON runs (deleted_at);

    CREATE TABLE run_tags (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      tag    TEXT NOT NULL,
      PRIMARY KEY (run_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX run_tags_by_tag ON run_tags (tag);

    CREATE TABLE run_arrays (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      name   TEXT NOT NULL,
      data   BLOB NOT NULL,
      PRIMARY KEY (run_id, name)
    ) WITHOUT ROWID;
  `,
}
