import { contextBridge, ipcRenderer } from 'electron'
import { IPC_CHANNEL } from '../main/security'

// One object for the renderer: it can name a contract channel and send data, nothing else.
// Main validates both; no file path or Node API ever crosses this bridge.
contextBridge.exposeInMainWorld('api', {
  invoke: (channel: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, channel, input),
})
