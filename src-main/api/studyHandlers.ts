import type { ApiHandlers } from '../../src-shared/api/contract'
import type { StudyMethod } from '../../src-shared/api/studyRequests'
import type { EventHub } from '../events'
import type { JobPool } from '../jobs/jobKinds'
import type { StudyRunner } from '../jobs/studyRunner'
import type { RunStore } from '../store/runStore'
import { editWhenFree } from '../store/busy'
import { exerciseResult } from './studyExercise'

export interface StudyHandlerDeps {
  store: RunStore
  studies: StudyRunner
  interactive: JobPool
  events: EventHub
}

/** The study methods of the API (issue 14), beside the run methods of handlers.ts. */
export function createStudyHandlers(d: StudyHandlerDeps): Pick<ApiHandlers, StudyMethod> {
  return {
    // Writes, so each waits out a worker's or another process's write lock (the main
    // connection never waits inside SQLite): a study's worker saving its runs would
    // otherwise make a second study's creation fail at once with "database is locked".
    createStudy: ({ study, exercise, start }) => editWhenFree('creating the study', () => d.studies.create(study, { exercise, start })),
    listStudies: ({ offset, limit, text, exercise }) => d.store.studies.list(offset, limit, { text, exercise }),
    getStudy: ({ id }) => d.store.studies.detail(id),
    runStudy: ({ id }) => editWhenFree('starting the study', () => d.studies.start(id)),
    cancelStudy: ({ id }) => d.studies.cancel(id),
    deleteStudies: async ({ ids }) => {
      // A running study is stopped first, so its workers are not busy for nothing.
      await Promise.all(ids.filter((id) => d.studies.isActive(id)).map((id) => d.studies.cancel(id)))
      const r = await editWhenFree('deleting the studies', () => d.store.studies.delete(ids, Date.now()))
      d.events.emit({ type: 'runs.changed', ids: r.runs })
      return { deleted: r.studies, runs: r.runs.length }
    },
    studyExercise: ({ id }) => exerciseResult(d.store, d.interactive, id),
  }
}
