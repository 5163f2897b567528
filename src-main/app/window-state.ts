import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/** A rectangle in screen coordinates (Electron's `Rectangle`, without importing Electron). */
export interface Rect {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export const MIN_WIDTH = 800
export const MIN_HEIGHT = 560
const DEFAULT_SIZE = { width: 1280, height: 800 } as const
/** How much of the window must lie on a display for the title bar to be grabbable. */
const MIN_VISIBLE = { width: 120, height: 40 } as const

const coordinate = z.number().int().min(-100_000).max(100_000)
const WindowStateFile = z.strictObject({
  x: coordinate,
  y: coordinate,
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean(),
})
export type WindowState = z.infer<typeof WindowStateFile>

/** The file, in the data folder, where the main window's placement is remembered. */
export const WINDOW_STATE_FILE = 'window-state.json'

/**
 * Reads the remembered placement. A missing, unreadable or malformed file (hand-edited, written
 * by a crash) gives `null`: the window then opens at its default size, never fails to open.
 */
export function loadWindowState(dataDir: string): WindowState | null {
  let text: string
  try {
    text = fs.readFileSync(path.join(dataDir, WINDOW_STATE_FILE), 'utf8')
  } catch {
    return null
  }
  try {
    const parsed = WindowStateFile.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * Writes the placement atomically (temp file + rename), so a crash mid-write leaves the old file.
 * Failures are returned, not thrown: losing the window size is not worth an error dialog.
 */
export function saveWindowState(dataDir: string, state: WindowState): Error | null {
  const parsed = WindowStateFile.safeParse(state)
  if (!parsed.success) return new Error(`not saving an invalid window state: ${parsed.error.message}`)
  const file = path.join(dataDir, WINDOW_STATE_FILE)
  const temp = `${file}.${process.pid}.tmp`
  try {
    fs.mkdirSync(dataDir, { recursive: true })
    fs.writeFileSync(temp, `${JSON.stringify(parsed.data)}\n`)
    fs.renameSync(temp, file)
    return null
  } catch (error) {
    fs.rmSync(temp, { force: true })
    return error as Error
  }
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return { width: Math.max(0, width), height: Math.max(0, height) }
}

/**
 * Where to open the window, given the remembered state and the displays' work areas now.
 *
 * A monitor unplugged since last time, or a resolution lowered, must not leave the window off
 * screen: if the remembered rectangle does not show its top strip on any display, the window
 * opens centred on the primary display. The size is capped to the display it lands on.
 */
export function placeWindow(
  state: WindowState | null,
  workAreas: readonly Rect[],
  primary: Rect,
): { bounds: Rect; centred: boolean; maximized: boolean } {
  const fallback = (width: number, height: number) => {
    const w = Math.max(Math.min(width, primary.width), Math.min(MIN_WIDTH, primary.width))
    const h = Math.max(Math.min(height, primary.height), Math.min(MIN_HEIGHT, primary.height))
    return {
      x: primary.x + Math.round((primary.width - w) / 2),
      y: primary.y + Math.round((primary.height - h) / 2),
      width: w,
      height: h,
    }
  }
  if (!state) return { bounds: fallback(DEFAULT_SIZE.width, DEFAULT_SIZE.height), centred: true, maximized: false }

  const titleStrip: Rect = { x: state.x, y: state.y, width: state.width, height: Math.min(state.height, MIN_VISIBLE.height) }
  const home = workAreas.find((area) => {
    const o = overlap(titleStrip, area)
    return o.width >= Math.min(MIN_VISIBLE.width, state.width) && o.height >= Math.min(MIN_VISIBLE.height, state.height)
  })
  if (!home) return { bounds: fallback(state.width, state.height), centred: true, maximized: state.maximized }

  const width = Math.min(Math.max(state.width, MIN_WIDTH), home.width)
  const height = Math.min(Math.max(state.height, MIN_HEIGHT), home.height)
  // Keep it inside the display it belongs to after any shrink, so no edge hangs off screen.
  const x = Math.min(Math.max(state.x, home.x), home.x + home.width - width)
  const y = Math.min(Math.max(state.y, home.y), home.y + home.height - height)
  return { bounds: { x, y, width, height }, centred: false, maximized: state.maximized }
}
