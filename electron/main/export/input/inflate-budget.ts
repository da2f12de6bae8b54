import { gunzipSync } from 'node:zlib'
import { inflatesTooLarge } from './limits'

/**
 * Inflates gzip members held in memory (a package's snapshot tables) against two counts of actual
 * output: each member, and all members together. zlib stops writing at `maxOutputLength`, so a
 * member that would inflate to gigabytes costs at most the room left, and is refused there.
 */
export class InflateBudget {
  private used = 0

  /** `file` names the archive in messages ("gói"). */
  constructor(
    private readonly file: string,
    private readonly partBytes: number,
    private readonly totalBytes: number,
  ) {}

  /** Bytes inflated so far by this budget. */
  get inflated(): number {
    return this.used
  }

  gunzip(data: Buffer, part: string): Buffer {
    const room = Math.min(this.partBytes, this.totalBytes - this.used)
    let out: Buffer
    try {
      out = gunzipSync(data, { maxOutputLength: Math.max(1, room) })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw e
      throw room === this.partBytes
        ? inflatesTooLarge(this.file, part, this.partBytes, room)
        : inflatesTooLarge(this.file, null, this.totalBytes, this.used + room)
    }
    this.used += out.length
    return out
  }
}
