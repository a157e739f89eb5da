import type { StudyDetail } from '../api/studies'

/**
 * What `sweep --json` prints (issue 14's contract):
 * {"studyId", "runs", "cells": [{"params", "runIds", "metrics": {"testMse": {"mean", "sd", "n"}, ...}}]}.
 * runs counts the runs in the cells (done and failed); metrics are named as
 * in `show --json`, each with its 95% interval (ci95) beside mean, sd and n.
 */
export function sweepJson(detail: StudyDetail) {
  let runs = 0
  for (const c of detail.cells) runs += c.runIds.length
  return {
    studyId: detail.id,
    runs,
    cells: detail.cells.map((c) => ({ params: c.params, runIds: c.runIds, metrics: c.metrics })),
  }
}
