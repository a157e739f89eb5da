import { isApiMethod, type ApiHandlers, type ApiResult, type CallContext } from '../../src-shared/api/contract'
import { REQUEST_SCHEMAS } from '../../src-shared/api/requests'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { InputError } from '../../src-shared/errors'
import { JobFailedError, WorkerCrashedError } from '../jobs/errors'

/** `ctx` names the caller (a tab, a window); callers that do not say are one client together. */
export type Dispatch = (method: unknown, request: unknown, ctx?: CallContext) => Promise<ApiResult<unknown>>

/**
 * The one entry point every transport calls. It checks the method name,
 * validates the request against the method's schema before anything touches
 * the store or a worker, runs the handler, and turns every outcome into
 * {ok, value} or {ok: false, error: {name, message}}: a transport never sees
 * an exception, and a bad request never reaches a handler.
 */
export function createDispatcher(handlers: ApiHandlers, log: (msg: string) => void = console.error): Dispatch {
  return async (method, request, ctx = { client: 'default' }) => {
    if (!isApiMethod(method)) {
      const shown = typeof method === 'string' ? `"${method.slice(0, 60)}"` : typeof method
      return { ok: false, error: { name: 'ValidationError', message: `unknown API method ${shown}` } }
    }
    const parsed = REQUEST_SCHEMAS[method].safeParse(request === undefined ? {} : request)
    if (!parsed.success) {
      return { ok: false, error: { name: 'ValidationError', message: describeZodError(parsed.error) } }
    }
    try {
      const handler = handlers[method] as (req: unknown, ctx: CallContext) => unknown
      return { ok: true, value: await handler(parsed.data, ctx) }
    } catch (e) {
      const err = e as Error
      if (err instanceof InputError || err instanceof JobFailedError || err instanceof WorkerCrashedError) {
        return { ok: false, error: { name: err.name, message: err.message } }
      }
      log(`nw-workbench: ${method} failed: ${err?.stack ?? String(e)}`)
      return { ok: false, error: { name: 'InternalError', message: err?.message ?? String(e) } }
    }
  }
}
