/** "1 min 05 s", "12 s": how long a host took, or has been taking, in the user's locale digits. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  if (minutes === 0) return `${rest.toLocaleString()} s`
  return `${minutes.toLocaleString()} min ${rest.toLocaleString(undefined, { minimumIntegerDigits: 2 })} s`
}

/** Elapsed time of a host: start to finish, or start to now while it runs; null before it starts. */
export function hostElapsedMs(host: { readonly startedAt: string | null; readonly finishedAt: string | null }, now: number): number | null {
  if (!host.startedAt) return null
  const start = Date.parse(host.startedAt)
  const end = host.finishedAt ? Date.parse(host.finishedAt) : now
  return Number.isNaN(start) || Number.isNaN(end) ? null : end - start
}
