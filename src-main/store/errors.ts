import { InputError } from '../../src-shared/errors'

/** A request named a run that does not exist (or was deleted). */
export class NotFoundError extends InputError {
  override name = 'NotFoundError'
}
