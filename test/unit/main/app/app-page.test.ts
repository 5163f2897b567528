import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isAppPageUrl, resolveAppPage } from '../../../../src-main/app/app-page'

describe('resolveAppPage', () => {
  it('loads the built renderer over file:// by default', () => {
    const page = resolveAppPage('/opt/Patchlane app', {})
    expect(page).toMatchObject({ kind: 'file', file: path.join('/opt/Patchlane app', 'out', 'renderer', 'index.html') })
    expect(page.url).toBe('file:///opt/Patchlane%20app/out/renderer/index.html')
  })

  it('uses a loopback PATCHLANE_DEV_URL and refuses any other', () => {
    expect(resolveAppPage('/app', { PATCHLANE_DEV_URL: 'http://127.0.0.1:5173/' })).toEqual({
      kind: 'dev',
      url: 'http://127.0.0.1:5173/',
      origin: 'http://127.0.0.1:5173',
    })
    expect(resolveAppPage('/app', { PATCHLANE_DEV_URL: 'http://localhost:5173' }).kind).toBe('dev')
    expect(() => resolveAppPage('/app', { PATCHLANE_DEV_URL: 'https://example.com/' })).toThrow(/PATCHLANE_DEV_URL must be an http:\/\/ address on this machine/)
    expect(() => resolveAppPage('/app', { PATCHLANE_DEV_URL: 'http://127.0.0.1.evil.example/' })).toThrow(/on this machine/)
    expect(() => resolveAppPage('/app', { PATCHLANE_DEV_URL: 'not a url' })).toThrow(/not a URL: not a url/)
  })
})

describe('isAppPageUrl', () => {
  const filePage = resolveAppPage('/opt/Patchlane app', {})
  const devPage = resolveAppPage('/app', { PATCHLANE_DEV_URL: 'http://127.0.0.1:5173/' })

  it('accepts our own file page, with any hash or query', () => {
    expect(isAppPageUrl(filePage, filePage.url)).toBe(true)
    expect(isAppPageUrl(filePage, `${filePage.url}#/scans/1`)).toBe(true)
    expect(isAppPageUrl(filePage, `${filePage.url}?x=1`)).toBe(true)
  })

  it('refuses other files, hosts and schemes', () => {
    expect(isAppPageUrl(filePage, 'file:///opt/Patchlane%20app/out/renderer/other.html')).toBe(false)
    expect(isAppPageUrl(filePage, 'file://server/opt/Patchlane%20app/out/renderer/index.html')).toBe(false)
    expect(isAppPageUrl(filePage, 'https://example.com/opt/Patchlane%20app/out/renderer/index.html')).toBe(false)
    expect(isAppPageUrl(filePage, 'about:blank')).toBe(false)
    expect(isAppPageUrl(filePage, '')).toBe(false)
  })

  it('accepts any path on the dev server origin only', () => {
    expect(isAppPageUrl(devPage, 'http://127.0.0.1:5173/src/main.tsx')).toBe(true)
    expect(isAppPageUrl(devPage, 'http://127.0.0.1:5174/')).toBe(false)
    expect(isAppPageUrl(devPage, 'http://localhost:5173/')).toBe(false)
  })
})
