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
