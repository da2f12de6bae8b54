import { existsSync, readdirSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'

/**
 * Folders where a USB stick is likely mounted, offered first when the clerk picks where to save a
 * package. Pure: the platform, user name and an existence check are passed in. No wmic or
 * PowerShell (slow, and not always present): on Windows, the drive letters D:–Z: that exist.
 */
export function removableCandidates(
  platform: NodeJS.Platform,
  user: string,
  list: (dir: string) => string[],
  exists: (path: string) => boolean,
): string[] {
  if (platform === 'win32') {
    return 'DEFGHIJKLMNOPQRSTUVWXYZ'
      .split('')
      .map((l) => `${l}:\\`)
      .filter(exists)
  }
  const roots = platform === 'darwin' ? ['/Volumes'] : [join('/media', user), join('/run/media', user)]
  const found: string[] = []
  for (const root of roots) {
    if (!exists(root)) continue
    for (const name of list(root).sort()) found.push(join(root, name))
  }
  return found
}

/** The removable-drive folders of this machine, for the folder dialog's suggestions (never throws). */
export function removableDrives(): string[] {
  let user = ''
  try {
    user = userInfo().username
  } catch {
    // no user name: no per-user mount folders to offer
  }
  return removableCandidates(
    process.platform,
    user,
    (d) => {
      try {
        return readdirSync(d)
      } catch {
        return []
      }
    },
    existsSync,
  )
}
