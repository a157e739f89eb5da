import { API_METHODS, type ApiMethod, type ApiResult, type WorkbenchApi } from './contract'

/** Carries one request to main and brings back its result (Electron IPC or HTTP). */
export interface ApiTransport {
  invoke(method: ApiMethod, request: unknown): Promise<ApiResult<unknown>>
}

/** An error reply, rebuilt on the calling side: its message names the call. */
export class ApiError extends Error {
  readonly method: ApiMethod
  /** The reason alone, without the method name, for showing next to a form field. */
  readonly reason: string

  constructor(method: ApiMethod, error: { name: string; message: string }) {
    // A refused token is about the connection, not the call: its words stand alone.
    super(error.name === 'AuthError' ? error.message : `${method}: ${error.message}`)
    this.name = error.name
    this.method = method
    this.reason = error.message
  }
}

/** The typed client: one async function per API method, all going through `transport`. */
export function createApiClient(transport: ApiTransport): WorkbenchApi {
  const client: Record<string, (req?: unknown) => Promise<unknown>> = {}
  for (const method of API_METHODS) {
    client[method] = async (req: unknown = {}) => {
      const result = await transport.invoke(method, req)
      if (result.ok) return result.value
      throw new ApiError(method, result.error)
    }
  }
  return client as unknown as WorkbenchApi
}
