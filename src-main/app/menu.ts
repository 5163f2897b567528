import { Menu, type MenuItemConstructorOptions } from 'electron'
import { openExternalIfAllowed } from './security'

/** Where Help → "Windows update documentation" leads (allow-listed, see allowed-external.ts). */
export const HELP_URL = 'https://learn.microsoft.com/windows/deployment/update/'

/**
 * The native menu: standard roles only (they work with keyboard shortcuts and screen readers
 * without renderer code). Developer tools appear only when running against the dev server.
 */
export function buildMenuTemplate(options: { readonly dev: boolean }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ]
  if (options.dev) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' })
  return [
    { label: '&File', submenu: [{ role: 'quit' }] },
    {
      label: '&Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    { label: '&View', submenu: view },
    { label: '&Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
    {
      label: '&Help',
      submenu: [{ label: 'Windows update documentation', click: () => void openExternalIfAllowed(HELP_URL) }],
    },
  ]
}

/** Installs the application menu. */
export function installMenu(options: { readonly dev: boolean }): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)))
}
