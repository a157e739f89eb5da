import type { BandwidthSuggestion, DataPreview } from '../../src-shared/api/contract'
import { looOptimalSigma, looScore, ruleOfThumb } from '../../src-shared/engine/bandwidth'
import { materializeData, requireOneDimensional } from '../../src-shared/experiment/execute'
import { runExperimentJob } from './experimentJob'
import type { JobHandlers, JobRequest } from './jobTable'
import type { WorkbenchJobs } from './jobKinds'
import { storedArrayPage, storedDetail, storedHeatmap, storedLocalLinear, storedVectorHeatmap, storedVectorProbe, storedVectorView } from './storedRunJobs'
import { analyzeWidths } from '../../src-shared/study/exercises/widths'
import { runStudyChunk } from './studyJobs'

/** What each job kind does inside a worker thread. */
export const WORKBENCH_JOB_HANDLERS: JobHandlers<WorkbenchJobs> = {
  experiment: runExperimentJob,
  detail: storedDetail,
  arrayPage: storedArrayPage,
  heatmap: storedHeatmap,
  vectorView: storedVectorView,
  localLinear: storedLocalLinear,
  vectorHeatmap: storedVectorHeatmap,
  vectorProbe: storedVectorProbe,
  bandwidth: suggestBandwidths,
  preview,
  studyChunk: runStudyChunk,
  widthsAnalysis: (req) => analyzeWidths(req.runs, req.epochs, req.planned),
}

function suggestBandwidths(req: JobRequest<WorkbenchJobs, 'bandwidth'>): BandwidthSuggestion[] {
  const data = materializeData(requireOneDimensional(req.data, 'a bandwidth suggestion'))
  return req.methods.map((method) => {
    try {
      if (method === 'loo-cv') {
        const r = looOptimalSigma(data.xTrain, data.yTrain, req.kernel)
        return { method, sigma: r.sigma, score: Number.isFinite(r.score) ? r.score : null, error: null, limit: r.limit }
      }
      const sigma = ruleOfThumb(data.xTrain, method, req.kernel)
      const s = data.xTrain.length >= 2 ? looScore(data.xTrain, data.yTrain, req.kernel, sigma).score : Infinity
      return { method, sigma, score: Number.isFinite(s) ? s : null, error: null }
    } catch (e) {
      return { method, sigma: null, score: null, error: (e as Error).message }
    }
  })
}

/** Every k-th point, so that at most `max` remain (data are sorted, so the shape survives). */
function thin(a: Float64Array, max: number): number[] {
  if (a.length <= max) return Array.from(a)
  const step = a.length / max
  return Array.from({ length: max }, (_, i) => a[Math.floor(i * step)]!)
}

function preview(req: JobRequest<WorkbenchJobs, 'preview'>): DataPreview {
  const d = materializeData(requireOneDimensional(req.data, 'a data preview'))
  const max = req.maxPoints
  return {
    xTrain: thin(d.xTrain, max),
    yTrain: thin(d.yTrain, max),
    xQuery: thin(d.xQuery, max),
    yTruth: d.yTruth ? thin(d.yTruth, max) : null,
    nTrain: d.xTrain.length,
    nQuery: d.xQuery.length,
    thinned: d.xTrain.length > max || d.xQuery.length > max,
  }
}
