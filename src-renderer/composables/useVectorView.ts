import type { Ref, ShallowRef } from 'vue'
import type { VectorViewReply } from '../../src-shared/experiment/vectorView'
import { api } from '../api'
import { useRunReply } from './useRunReply'

/**
 * A finished vector run's surface, slices and widths, computed in a worker
 * (experimentVectorView), never on the UI thread; a newer run chosen while
 * one is computing wins.
 */
export function useVectorView(
  id: Ref<string | null>,
  ready: Ref<boolean>,
  grid = 60,
  sliceSteps = 80,
): { view: ShallowRef<VectorViewReply | null>; error: Ref<string | null>; loading: Ref<boolean> } {
  const { reply, error, loading } = useRunReply(id, ready, (current) => api.experimentVectorView({ id: current, grid, sliceSteps }))
  return { view: reply, error, loading }
}
