import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/**
 * Makes a folder and any missing parents (`mkdir -p`) for a folder someone named (`backup create
 * --out`). Not Node's `mkdirSync(dir, { recursive: true })`: where the file system answers ENOENT
 * for a folder whose parent exists (/proc, some network and FUSE mounts), Node's loop retries the
 * folder forever at full CPU, and the command never ends. Here each missing folder is made once,
 * parents first, and the system's refusal (ENOENT, EACCES, EROFS, ENOSPC) is thrown as it is.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = []
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.unshift(d)
    if (dirname(d) === d) break
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder)
    } catch (e) {
      // Made meanwhile by someone else: fine, if it is a folder.
      if ((e as { code?: unknown }).code !== 'EEXIST' || !statSync(folder).isDirectory()) throw e
    }
  }
}
