import type { Migration } from './types'

/**
 * Studies (issue 14): a study keeps its definition (the study file), so it
 * can be re-run and extended; its runs are ordinary runs that name it, their
 * cell (the canonical JSON of the cell's parameters) and their replicate.
 * A study is known by its name within a database (a second `sweep` of the
 * same file resumes it), hence the unique index on live names. Deleting a
 * study leaves its runs, unlinked. Self-contained: it reads no other
 * migration's tables but runs. The cells of a study's current definition
 * are kept beside it (study_cells), so counting its done runs, and its
 * summary, read two indexed tables instead of re-enumerating the grid.
 */
export const migration004: Migration = {
  version: 4,
  name: 'studies',
  up: `
    CREATE TABLE studies (
      id              TEXT PRIMARY KEY,
      name            TEXT NOT NULL,
      created_at      INTEGER NOT NULL,
      updated_at      INTEGER NOT NULL,
      definition_json TEXT NOT NULL,
      cell_count      INTEGER NOT NULL,
      planned_runs    INTEGER NOT NULL,
      replicates      INTEGER NOT NULL,
      exercise        TEXT,
      status          TEXT NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'running', 'done', 'partial', 'cancelled', 'interrupted')),
      owner           TEXT,
      started_at      INTEGER,
      finished_at     INTEGER
    );
    CREATE UNIQUE INDEX studies_by_name ON studies (name);
    CREATE INDEX studies_by_created ON studies (created_at);

    -- The cells of the study's current definition, so counts and summaries need not re-enumerate it.
    CREATE TABLE study_cells (
      study_id    TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
      cell_key    TEXT NOT NULL,
      cell_index  INTEGER NOT NULL,
      cell_id     TEXT NOT NULL,
      params_json TEXT NOT NULL,
      PRIMARY KEY (study_id, cell_key)
    ) WITHOUT ROWID;
    CREATE INDEX study_cells_by_index ON study_cells (study_id, cell_index);

    ALTER TABLE runs ADD COLUMN study_id TEXT REFERENCES studies (id) ON DELETE SET NULL;
    ALTER TABLE runs ADD COLUMN cell_key TEXT;
    ALTER TABLE runs ADD COLUMN replicate INTEGER;
    CREATE INDEX runs_by_study ON runs (study_id, cell_key, replicate);
  `,
}
