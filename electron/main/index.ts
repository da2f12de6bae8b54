import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron'
import { electronPdfRenderer, electronPrinter } from './electron-pdf'
import { defaultDataDir } from './paths'
import { CONTENT_SECURITY_POLICY, IPC_CHANNEL, IPC_EVENT, WEB_PREFERENCES } from './security'
import type { FilePorts } from './services/context'
import { usePrivateTempFolder } from './services/files/private-temp'
import { startRouterWorker, type RouterHost } from './worker/router-host'

// With electron-pdf.ts, the only files that need the Electron runtime: windows, menus, dialogs, the
// IPC binding and printToPDF.
// Everything it calls is plain Node and runs the same way in the CLI and the tests. The database,
// the services and the router run in a worker thread (worker/router-worker.ts), so a long import,
// summary or package export never freezes the window; this thread forwards calls and serves the
// dialogs, PDF and print the worker asks for.

const argv = process.argv.slice(1)
const demo = argv.includes('--demo') // opens a separate database filled with sample data
const dbArg = argv.find((a) => a.startsWith('--db='))?.slice('--db='.length)

app.setPath('userData', defaultDataDir())
// Chromium lays out <input type="date"> and formats numbers by the UI language, which otherwise
// follows Windows: an English Windows would show mm/dd/yyyy where clerks read dd/mm/yyyy.
app.commandLine.appendSwitch('lang', 'vi')
// In the installed app the fonts sit in Electron's resources folder (electron-builder extraResources).
if (app.isPackaged) process.env.SGN_RESOURCES = process.resourcesPath
app.enableSandbox()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null
  let host: RouterHost | null = null

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.focus()
    }
  })

  // No navigation away from the app and no new windows, whatever the page tries.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault())
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })

  const files: FilePorts = {
    async chooseOpenFile({ title, extensions }) {
      const result = await dialog.showOpenDialog(mainWindow ?? new BrowserWindow({ show: false }), {
        title,
        properties: ['openFile'],
        filters: [{ name: extensions.map((x) => x.toUpperCase()).join(', '), extensions }],
      })
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async chooseSaveFile({ title, defaultName, extensions }) {
      const result = await dialog.showSaveDialog(mainWindow ?? new BrowserWindow({ show: false }), {
        title,
        defaultPath: join(app.getPath('documents'), defaultName),
        filters: [{ name: extensions.map((x) => x.toUpperCase()).join(', '), extensions }],
      })
      return result.canceled ? null : (result.filePath ?? null)
    },
    async chooseFolder({ title, suggestions }) {
      // Electron's dialog takes one starting folder: the first removable drive, when there is one.
      const result = await dialog.showOpenDialog(mainWindow ?? new BrowserWindow({ show: false }), {
        title,
        properties: ['openDirectory', 'createDirectory'],
        ...(suggestions?.[0] ? { defaultPath: suggestions[0] } : {}),
      })
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }

  app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    })

    const dbPath = dbArg ?? join(app.getPath('userData'), demo ? 'demo.sqlite' : 'so-giam-ngheo.sqlite')
    // Libraries' own temporary files (ExcelJS copies a worksheet while reading a list) go to the private folder.
    usePrivateTempFolder(dbPath)
    try {
      host = await startRouterWorker({
        dbPath,
        files,
        pdf: electronPdfRenderer,
        printer: electronPrinter,
        // How this process is named to a CLI restore that finds the database open (services/files/db-holders.ts).
        programName: 'ứng dụng Sổ Giảm Nghèo',
        demo,
        // Backups (services/system): a daily one, checked hourly and at start, and one on exit (host.close in before-quit).
        scheduledBackups: true,
        // Main's news (what a write changed, how a job stands) to the window, which refreshes what it shows.
        onEvent: (event) => {
          if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT, event)
        },
      })
    } catch (e) {
      // The worker's message is already the Vietnamese reason (a StoreError's, or "Không mở được …").
      dialog.showErrorBox('Sổ Giảm Nghèo', e instanceof Error ? e.message : String(e))
      app.exit(1)
      return
    }
    const router = host
    ipcMain.handle(IPC_CHANNEL, (event, channel: unknown, input: unknown) => {
      // Answer only our own window's top frame.
      if (!mainWindow || event.sender !== mainWindow.webContents || event.senderFrame !== mainWindow.webContents.mainFrame) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Nguồn yêu cầu không hợp lệ.', path: [] } }
      }
      return router.invoke(channel, input, String(mainWindow.id))
    })

    Menu.setApplicationMenu(
      Menu.buildFromTemplate([
        { label: 'Tệp', submenu: [{ role: 'quit', label: 'Thoát' }] },
        {
          label: 'Sửa',
          submenu: [
            { role: 'undo', label: 'Hoàn tác' },
            { role: 'redo', label: 'Làm lại' },
            { type: 'separator' },
            { role: 'cut', label: 'Cắt' },
            { role: 'copy', label: 'Sao chép' },
            { role: 'paste', label: 'Dán' },
            { role: 'selectAll', label: 'Chọn tất cả' },
          ],
        },
        {
          label: 'Xem',
          submenu: [
            { role: 'reload', label: 'Tải lại' },
            { role: 'toggleDevTools', label: 'Công cụ phát triển' },
            { type: 'separator' },
            { role: 'resetZoom', label: 'Cỡ chữ mặc định' },
            { role: 'zoomIn', label: 'Phóng to' },
            { role: 'zoomOut', label: 'Thu nhỏ' },
          ],
        },
        { label: 'Trợ giúp', submenu: [{ label: 'Thư mục dữ liệu', click: () => void shell.openPath(app.getPath('userData')) }] },
      ]),
    )

    mainWindow = new BrowserWindow({
      width: 1280,
      height: 800,
      minWidth: 960,
      minHeight: 600,
      show: false,
      title: 'Sổ Giảm Nghèo',
      webPreferences: { ...WEB_PREFERENCES, preload: join(import.meta.dirname, '../preload/index.cjs') },
    })
    mainWindow.once('ready-to-show', () => mainWindow?.show())
    if (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) {
      await mainWindow.loadURL(process.env.ELECTRON_RENDERER_URL)
    } else {
      await mainWindow.loadFile(join(import.meta.dirname, '../renderer/index.html'))
    }
  })

  let backedUpOnExit = false
  app.on('before-quit', (event) => {
    if (backedUpOnExit || !host) return
    // Hold the quit until the worker wrote the exit backup and closed the database (the backup never
    // throws; a failure shows in Settings next time).
    event.preventDefault()
    backedUpOnExit = true
    void host.close().finally(() => app.quit())
  })

  app.on('window-all-closed', () => app.quit())
}
