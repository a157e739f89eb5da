import { z } from 'zod'
import { EXERCISE_IDS } from '../study/exercises/definitions'
import { studySchema } from '../study/studySpec'
import type { ExerciseResult, StudyDetail, StudyPage, StudySummary } from './studies'

/** Request schemas of the study methods (issue 14), merged into REQUEST_SCHEMAS. */

export const studyIdSchema = z.string().regex(/^[a-z0-9]{4,40}$/, 'is not a study id')
const studyIdRequest = z.object({ id: studyIdSchema }).strict()

export const STUDY_REQUEST_SCHEMAS = {
  /** Stores a study file (or extends the study with its name) and runs the runs it lacks. */
  createStudy: z
    .object({
      study: studySchema,
      /** The gallery exercise it answers. */
      exercise: z.enum(EXERCISE_IDS).nullable().default(null),
      start: z.boolean().default(true),
    })
    .strict(),
  listStudies: z
    .object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      text: z.string().max(200).optional(),
      /** Only studies answering this gallery exercise. */
      exercise: z.enum(EXERCISE_IDS).optional(),
    })
    .strict(),
  getStudy: studyIdRequest,
  /** Runs what the study lacks: a resume after a cancel, a crash or an extension. */
  runStudy: studyIdRequest,
  cancelStudy: studyIdRequest,
  deleteStudies: z.object({ ids: z.array(studyIdSchema).min(1).max(10_000) }).strict(),
  /** The answer and figure data of an exercise study. */
  studyExercise: studyIdRequest,
} as const

export type StudyMethod = keyof typeof STUDY_REQUEST_SCHEMAS

/** A study method's request as callers write it (contract.ts's ApiRequest, for these methods alone: it merges them). */
type StudyRequest<M extends StudyMethod> = z.input<(typeof STUDY_REQUEST_SCHEMAS)[M]>

/** The study part of the API (WorkbenchApi extends it). */
export interface StudyApi {
  createStudy(req: StudyRequest<'createStudy'>): Promise<StudySummary>
  listStudies(req: StudyRequest<'listStudies'>): Promise<StudyPage>
  getStudy(req: StudyRequest<'getStudy'>): Promise<StudyDetail>
  runStudy(req: StudyRequest<'runStudy'>): Promise<StudySummary>
  cancelStudy(req: StudyRequest<'cancelStudy'>): Promise<StudySummary>
  deleteStudies(req: StudyRequest<'deleteStudies'>): Promise<{ deleted: number; runs: number }>
  studyExercise(req: StudyRequest<'studyExercise'>): Promise<ExerciseResult>
}
