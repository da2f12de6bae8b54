import { contextBridge, ipcRenderer } from 'electron'
import { IPC_CHANNEL, IPC_EVENT } from '../main/security'

// One object for the renderer: it can name a contract channel and send data, and hear main's
// events (what changed, how a job stands), nothing else. Main validates both; no file path or
// Node API ever crosses this bridge.
contextBridge.exposeInMainWorld('api', {
  invoke: (channel: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, channel, input),
  on: (listener: (event: unknown) => void): (() => void) => {
    // Only the payload goes to the page: Electron's event object carries the sender (ipcRenderer itself).
    const relay = (_e: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(IPC_EVENT, relay)
    return () => void ipcRenderer.removeListener(IPC_EVENT, relay)
  },
})
