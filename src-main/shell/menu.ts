import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import type { WorkbenchEvent } from '../../src-shared/api/contract'

/** File (New experiment, Export, Quit), Edit (clipboard for text fields), and View only in development. */
export function buildMenu(getWindow: () => BrowserWindow | null, send: (e: WorkbenchEvent) => void, dev: boolean): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'New experiment', accelerator: 'CmdOrCtrl+N', click: () => send({ type: 'menu', action: 'new-experiment' }) },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => send({ type: 'menu', action: 'export' }) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
  ]
  if (dev) {
    template.push({
      label: 'View',
      submenu: [
        { role: 'reload' },
        { label: 'Toggle developer tools', accelerator: 'F12', click: () => getWindow()?.webContents.toggleDevTools() },
      ],
    })
  }
  return Menu.buildFromTemplate(template)
}
