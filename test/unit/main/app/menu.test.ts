import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { fakeElectron, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => fakeElectron)

const { buildMenuTemplate, HELP_URL, installMenu } = await import('../../../../src-main/app/menu')
const { isAllowedExternal } = await import('../../../../src-main/app/allowed-external')

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [...(item.role ? [item.role] : []), ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])])
}

describe('application menu', () => {
  beforeEach(resetFakeElectron)

  it('offers developer tools and reload only in development', () => {
    expect(roles(buildMenuTemplate({ dev: false }))).not.toEqual(expect.arrayContaining(['toggleDevTools']))
    expect(roles(buildMenuTemplate({ dev: false }))).not.toContain('reload')
    expect(roles(buildMenuTemplate({ dev: true }))).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']))
    expect(roles(buildMenuTemplate({ dev: false }))).toEqual(expect.arrayContaining(['quit', 'copy', 'paste', 'selectAll']))
  })

  it('opens the help page in the browser through the allow-list', () => {
    expect(isAllowedExternal(HELP_URL)).toBe(true)
    const help = buildMenuTemplate({ dev: false }).find((item) => item.label === '&Help')
    const item = (help?.submenu as MenuItemConstructorOptions[])[0]
    ;(item?.click as () => void)()
    expect(fakeElectron.shell.openExternal.mock.calls).toEqual([[HELP_URL]])
  })

  it('installs the menu', () => {
    installMenu({ dev: false })
    expect(fakeElectron.Menu.applied).toEqual({ template: buildMenuTemplate({ dev: false }).map(() => expect.anything()) })
  })
})
