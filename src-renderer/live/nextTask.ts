/**
 * Resolves in a task of its own, once what is already queued has run: a
 * message to itself, not setTimeout(0), which browsers hold at least 4 ms
 * when set from within a timer. A worker yields with it to read its
 * messages (a pause, a cancel, a frame); posted from a requestAnimationFrame
 * callback, it resolves just after that frame is painted.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}
