import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadWindowState, MIN_WIDTH, placeWindow, saveWindowState, WINDOW_STATE_FILE } from '../../../../src-main/app/window-state'
import { makeTempDir } from '../../../helpers/temp-dir'

const primary = { x: 0, y: 0, width: 1920, height: 1040 }
const left = { x: -1280, y: 200, width: 1280, height: 984 }

describe('window state file', () => {
  const temps: Array<() => void> = []
  afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()))
  const temp = () => {
    const { dir, cleanup } = makeTempDir()
    temps.push(cleanup)
    return dir
  }

  it('round-trips a placement through the data folder', () => {
    const dir = path.join(temp(), 'not-yet-created')
    expect(loadWindowState(dir)).toBeNull()
    const state = { x: -1200, y: 250, width: 1100, height: 700, maximized: true }
    expect(saveWindowState(dir, state)).toBeNull()
    expect(loadWindowState(dir)).toEqual(state)
    expect(fs.readdirSync(dir)).toEqual([WINDOW_STATE_FILE])
  })

  it('ignores damaged or hand-edited files instead of failing', () => {
    const dir = temp()
    const file = path.join(dir, WINDOW_STATE_FILE)
    for (const text of ['{', '[]', '{"x":1}', '{"x":0,"y":0,"width":1e9,"height":600,"maximized":false}', '{"x":0,"y":0,"width":900,"height":600,"maximized":"yes"}', '{"x":0.5,"y":0,"width":900,"height":600,"maximized":false}', '{"x":0,"y":0,"width":900,"height":600,"maximized":false,"extra":1}']) {
      fs.writeFileSync(file, text)
      expect(loadWindowState(dir), text).toBeNull()
    }
  })

  it('refuses to save a nonsensical state', () => {
    const dir = temp()
    expect(saveWindowState(dir, { x: Number.NaN, y: 0, width: 900, height: 600, maximized: false })).toBeInstanceOf(Error)
    expect(fs.existsSync(path.join(dir, WINDOW_STATE_FILE))).toBe(false)
  })
})

describe('placeWindow', () => {
  it('centres a default-sized window on the primary display the first time', () => {
    const placed = placeWindow(null, [primary], primary)
    expect(placed).toEqual({ bounds: { x: 320, y: 120, width: 1280, height: 800 }, centred: true, maximized: false })
  })

  it('keeps a remembered place on a second monitor at negative coordinates', () => {
    const state = { x: -1200, y: 300, width: 1000, height: 700, maximized: false }
    expect(placeWindow(state, [primary, left], primary)).toEqual({ bounds: { x: -1200, y: 300, width: 1000, height: 700 }, centred: false, maximized: false })
  })

  it('moves a window whose monitor was unplugged back onto the primary display', () => {
    const state = { x: -1200, y: 300, width: 1000, height: 700, maximized: true }
    const placed = placeWindow(state, [primary], primary)
    expect(placed.centred).toBe(true)
    expect(placed.maximized).toBe(true)
    expect(placed.bounds).toEqual({ x: 460, y: 170, width: 1000, height: 700 })
  })

  it('treats a window with only its bottom edge on screen as lost (title bar unreachable)', () => {
    const state = { x: 100, y: -650, width: 1000, height: 700, maximized: false }
    expect(placeWindow(state, [primary], primary).centred).toBe(true)
  })

  it('shrinks and pulls in a window larger than the display it is on', () => {
    const small = { x: 0, y: 0, width: 1366, height: 728 }
    const state = { x: 1200, y: 10, width: 2400, height: 1400, maximized: false }
    const placed = placeWindow(state, [small], small)
    expect(placed).toEqual({ bounds: { x: 0, y: 0, width: 1366, height: 728 }, centred: false, maximized: false })
  })

  it('grows a remembered window below the minimum size', () => {
    const state = { x: 10, y: 10, width: 300, height: 200, maximized: false }
    expect(placeWindow(state, [primary], primary).bounds.width).toBe(MIN_WIDTH)
  })
})
