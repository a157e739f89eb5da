/**
 * A contract between a pool and its workers, declared as one table of job
 * kinds: each kind names its request, its reply, the progress it streams and
 * what a cancelled job leaves behind. The pool's `run(kind, request)` and the
 * worker's handler table are both derived from it, so a request, a reply or a
 * handler of the wrong shape does not compile, and no caller casts.
 */
export interface JobSpec<Request, Reply, Progress = never, Partial = never> {
  request: Request
  reply: Reply
  progress: Progress
  partial: Partial
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table's entries are checked where each table is declared
export type JobTable = Record<string, JobSpec<any, any, any, any>>

export type JobKind<T extends JobTable> = keyof T & string
export type JobRequest<T extends JobTable, K extends JobKind<T>> = T[K]['request']
export type JobReply<T extends JobTable, K extends JobKind<T>> = T[K]['reply']
export type JobProgress<T extends JobTable, K extends JobKind<T>> = T[K]['progress']
export type JobPartial<T extends JobTable, K extends JobKind<T>> = T[K]['partial']

/** How a job ended; never an exception, so every case is typed. */
export type JobOutcome<Reply, Partial> =
  | { status: 'done'; reply: Reply }
  | { status: 'cancelled'; partial: Partial | null }
  | { status: 'failed'; error: Error }

/** What a handler inside a worker can do besides returning its reply. */
export interface JobContext<Progress> {
  progress(p: Progress): void
  /** True once main asked this job to stop. */
  shouldStop(): boolean
}

/** The worker side: one handler per kind. */
export type JobHandlers<T extends JobTable> = {
  [K in JobKind<T>]: (request: JobRequest<T, K>, ctx: JobContext<JobProgress<T, K>>) => JobReply<T, K> | Promise<JobReply<T, K>>
}
