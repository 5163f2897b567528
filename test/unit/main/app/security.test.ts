import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeElectron, fakeEvent, FakeWebContents, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => fakeElectron)

const { applySessionPolicy, hardenWebContents, installWebContentsGuards } = await import('../../../../src-main/app/security')
const { resolveAppPage } = await import('../../../../src-main/app/app-page')
const { contentSecurityPolicy } = await import('../../../../src-main/app/content-security-policy')

const KB_URL = 'https://support.microsoft.com/help/5034441'

describe('hardenWebContents', () => {
  beforeEach(resetFakeElectron)

  it('prevents every navigation and hands only allow-listed pages to the browser', () => {
    const contents = new FakeWebContents()
    hardenWebContents(contents as never)
    const toKb = fakeEvent()
    contents.emit('will-navigate', toKb, KB_URL)
    const toEvil = fakeEvent()
    contents.emit('will-navigate', toEvil, 'https://evil.example/')
    const toFile = fakeEvent()
    contents.emit('will-navigate', toFile, 'file:///etc/passwd')
    expect([toKb.prevented, toEvil.prevented, toFile.prevented]).toEqual([true, true, true])
    expect(fakeElectron.shell.openExternal.mock.calls).toEqual([[KB_URL]])
  })

  it('prevents redirects and webview attachment', () => {
    const contents = new FakeWebContents()
    hardenWebContents(contents as never)
    const redirect = fakeEvent()
    contents.emit('will-redirect', redirect, 'https://evil.example/')
    const webview = fakeEvent()
    contents.emit('will-attach-webview', webview, {}, {})
    expect(redirect.prevented).toBe(true)
    expect(webview.prevented).toBe(true)
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled()
  })

  it('denies every new window, opening allow-listed https links externally', () => {
    const contents = new FakeWebContents()
    hardenWebContents(contents as never)
    const open = contents.windowOpenHandler
    expect(open).not.toBeNull()
    expect(open?.({ url: 'https://msrc.microsoft.com/update-guide/vulnerability/CVE-2024-21338' })).toEqual({ action: 'deny' })
    expect(open?.({ url: 'http://msrc.microsoft.com/' })).toEqual({ action: 'deny' })
    expect(open?.({ url: 'ms-settings:windowsupdate' })).toEqual({ action: 'deny' })
    expect(fakeElectron.shell.openExternal.mock.calls).toEqual([['https://msrc.microsoft.com/update-guide/vulnerability/CVE-2024-21338']])
  })

  it('guards every web contents the app creates', () => {
    installWebContentsGuards()
    const contents = new FakeWebContents()
    fakeElectron.app.emit('web-contents-created', fakeEvent(), contents)
    const navigation = fakeEvent()
    contents.emit('will-navigate', navigation, 'https://evil.example/')
    expect(navigation.prevented).toBe(true)
    expect(contents.windowOpenHandler).not.toBeNull()
  })
})

describe('applySessionPolicy', () => {
  beforeEach(resetFakeElectron)
  const session = fakeElectron.session.defaultSession

  it('refuses every permission request and check', () => {
    applySessionPolicy(session as never, resolveAppPage('/app', {}))
    const answers: boolean[] = []
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      session.permissionRequestHandler?.({}, permission, (granted) => answers.push(granted))
    }
    expect(answers).toEqual([false, false, false, false, false])
    expect(session.permissionCheckHandler?.({}, 'media')).toBe(false)
    expect(session.devicePermissionHandler?.({})).toBe(false)
  })

  it('puts our strict CSP on every response, replacing the server’s own', () => {
    const page = resolveAppPage('/app', {})
    applySessionPolicy(session as never, page)
    let headers: Record<string, string[]> = {}
    session.headersListener?.(
      { responseHeaders: { 'content-security-policy': ["script-src * 'unsafe-eval'"], 'Content-Type': ['text/html'] } },
      (response) => (headers = response.responseHeaders),
    )
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy(page)] })
    session.headersListener?.({}, (response) => (headers = response.responseHeaders))
    expect(Object.keys(headers)).toEqual(['Content-Security-Policy'])
  })
})

describe('contentSecurityPolicy', () => {
  it('allows scripts only from our own files in the packaged app', () => {
    const csp = contentSecurityPolicy(resolveAppPage('/app', {}))
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]))
    expect(directives.get('default-src')).toBe("'none'")
    expect(directives.get('script-src')).toBe("'self'")
    expect(directives.get('connect-src')).toBe("'self'")
    expect(directives.get('object-src')).toBe("'none'")
    expect(directives.get('frame-ancestors')).toBe("'none'")
    expect(csp).not.toMatch(/unsafe-eval|\*|http:|ws:/)
  })

  it('opens only the dev server’s websocket and inline preamble in development', () => {
    const csp = contentSecurityPolicy(resolveAppPage('/app', { PATCHLANE_DEV_URL: 'http://127.0.0.1:5173/' }))
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:5173")
    expect(csp).toContain("script-src 'self' 'unsafe-inline'")
    expect(csp).not.toContain('unsafe-eval')
  })
})
