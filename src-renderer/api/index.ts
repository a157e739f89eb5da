import { createApiClient } from '../../src-shared/api/client'
import { connect } from './transport'

/** The page's one connection to main and the typed API client over it. */
export const connection = connect()
export const api = createApiClient(connection.transport)
