import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../../../src-renderer/src/app'
import { SCREEN_IDS, SCREEN_TITLES, screenFromHash } from '../../../../src-renderer/src/shell/screens'
import { createFakeApi, ok } from '../../../helpers/fake-api'
import { appInfo } from '../settings/fixtures'
import { emptyCatalog } from '../catalog/fixtures'

function fakeBackend() {
  return createFakeApi({
    getAppInfo: ok(appInfo()),
    getPowerShellStatus: ok({ executable: null, problem: 'PowerShell 7 (pwsh) was not found on PATH.', lastCheck: null }),
    getCatalogStatus: ok(emptyCatalog()),
  })
}

describe('App shell', () => {
  it('lists the six phases of the cycle, then Reports and Settings, in order', () => {
    render(<App api={fakeBackend()} />)
    const nav = screen.getByRole('navigation')
    const labels = within(nav)
      .getAllByRole('button')
      .map((item) => item.textContent)
    expect(labels).toEqual(['Detect', 'Assess', 'Acquire', 'Test', 'Deploy', 'Maintain', 'Reports', 'Settings'])
    expect(within(nav).getByText('Patch cycle')).toBeInTheDocument()
  })

  it('opens on Detect and moves between screens, keeping the screen in the address hash', async () => {
    render(<App api={fakeBackend()} />)
    expect(screen.getByRole('heading', { level: 1, name: 'Detect' })).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Settings' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument()
    expect(window.location.hash).toBe('#settings')
    expect(await screen.findByText('PowerShell 7 (pwsh) was not found on PATH.')).toBeInTheDocument()
  })

  it('follows back/forward (hashchange)', async () => {
    render(<App api={fakeBackend()} />)
    window.location.hash = 'reports'
    expect(await screen.findByRole('heading', { level: 1, name: 'Reports' })).toBeInTheDocument()
  })

  it('gives every screen without a data source yet an honest "not available yet" note', async () => {
    render(<App api={fakeBackend()} />)
    for (const id of SCREEN_IDS.filter((s) => !['settings', 'detect', 'assess', 'reports'].includes(s))) {
      await userEvent.click(screen.getByRole('button', { name: SCREEN_TITLES[id] }))
      expect(await screen.findByRole('heading', { level: 1, name: SCREEN_TITLES[id] })).toBeInTheDocument()
      expect(screen.getByText(/^Not available yet/)).toBeInTheDocument()
    }
    // Four screens rendered in jsdom: more than the default 5 s on a busy shared machine.
  }, 30_000)

  it('reads the screen from the hash, and falls back to Detect for anything else', () => {
    expect(screenFromHash('#maintain')).toBe('maintain')
    expect(screenFromHash('#/settings')).toBe('settings')
    expect(screenFromHash('#nope')).toBe('detect')
    expect(screenFromHash('')).toBe('detect')
  })
})
