import { constants, setPriority } from 'node:os'

/**
 * Lowers the calling thread's scheduling priority to the lowest (nice 19),
 * for threads whose work is background: leave-one-out searches for the
 * editor's suggestions, which run for seconds at 10^5 points and, on a
 * two-core machine, took a core from the live preview's workers (a kernel
 * switch's frame at 10^5 while the previous kernel's search ran: the
 * Epanechnikov fit 75 ms in the preview's worker, 15 in an idle one). A
 * lowered thread still gets every core nobody else wants.
 *
 * Only on Linux, where the nice value belongs to each thread and
 * setpriority(PRIO_PROCESS, 0) sets the calling thread's (os.setPriority's
 * pid 0); on macOS and Windows it is the whole process's, and lowering it
 * would slow the app's main process or Electron's, so nothing is done there.
 * Returns whether the priority was lowered.
 */
export function lowerThisThreadsPriority(platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false
  try {
    setPriority(0, constants.priority.PRIORITY_LOW)
    return true
  } catch {
    // A sandbox that forbids it: the thread runs at its usual priority.
    return false
  }
}
