import { createHash } from 'node:crypto'
import { closeSync, createWriteStream, openSync, readSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { Readable, Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { constants as zlibConstants, crc32, createGzip, type ZlibOptions } from 'node:zlib'
import type { Manifest } from '@shared/domain/packages'
import { PRIVATE_FILE_MODE } from '../../services/files/private-temp'
import { signDetached, type SigningIdentity } from '../signing/cms'
import { MANIFEST_NAME, manifestBytes, sha256Hex, SIGNATURE_NAME } from './manifest'
import { unsafeName, ZIP_READ_CHUNK } from './zip-reader'
import { ZipStreamWriter } from './zip-writer'

export interface PackageFile {
  name: string
  kind: Manifest['files'][number]['kind']
  bytes: Buffer
}

/**
 * A file of the package, ready to go into the zip: its size, SHA-256 (for the manifest) and
 * CRC-32 (for the zip headers) are known, and its bytes are either in memory (a report) or in a
 * private temporary file (a snapshot table, which can be hundreds of MB).
 */
export interface ReadyFile {
  name: string
  kind: Manifest['files'][number]['kind']
  size: number
  sha256: string
  crc: number
  bytes?: Buffer
  path?: string
}

export interface BuiltPackage {
  zip: Buffer
  manifest: Manifest
  manifestHash: string
  /** Milliseconds spent computing SHA-256 of the files, for the benchmark's "share spent hashing". */
  hashMs: number
}

/** gzip level of snapshot tables: zlib's default, the usual balance of size and time. */
export const SNAPSHOT_GZIP_LEVEL = 6

/** Bytes of rows that may wait for gzip (see writeSnapshotFile): a few pieces, so memory stays flat. */
const GZIP_INPUT_AHEAD_BYTES = 1024 * 1024

/** A report or any small file held in memory, hashed. */
export function readyFromBytes(f: PackageFile): ReadyFile {
  return { name: f.name, kind: f.kind, size: f.bytes.length, sha256: sha256Hex(f.bytes), crc: crc32(f.bytes) >>> 0, bytes: f.bytes }
}

/** Counts, hashes (SHA-256 and CRC-32) and times the bytes passing through: the last stage before the file. */
class HashTap extends Transform {
  size = 0
  crc = 0
  ms = 0
  private readonly hash = createHash('sha256')
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const t0 = performance.now()
    this.hash.update(chunk)
    this.crc = crc32(chunk, this.crc)
    this.size += chunk.length
    this.ms += performance.now() - t0
    done(null, chunk)
  }
  digest(): string {
    return this.hash.digest('hex')
  }
}

/**
 * The streaming pipeline of one snapshot table: rows (as JSON-lines pieces) → gzip → hash → a
 * private temporary file. zlib runs on libuv's thread pool, so compressing overlaps with reading
 * the next rows; back-pressure keeps at most a few pieces in flight whatever the table's size.
 * An encryption stage, when packages are encrypted, goes between gzip and the hash (the manifest
 * then hashes what the zip holds).
 */
export async function writeSnapshotFile(
  name: string,
  pieces: Iterable<Buffer> | AsyncIterable<Buffer>,
  tempPath: string,
  encrypt?: Transform,
): Promise<ReadyFile & { hashMs: number }> {
  const tap = new HashTap()
  // gzip accepts up to a MB of pieces before it pushes back: with zlib's default (16 KB) every
  // piece paused the rows until zlib had compressed it, so reading the next piece (on this thread)
  // and compressing this one (on libuv's pool) took turns instead of overlapping.
  // (zlib streams take the stream options too; @types/node's ZlibOptions does not list them.)
  const options: ZlibOptions & { writableHighWaterMark: number } = {
    level: SNAPSHOT_GZIP_LEVEL,
    chunkSize: 64 * 1024,
    flush: zlibConstants.Z_NO_FLUSH,
    writableHighWaterMark: GZIP_INPUT_AHEAD_BYTES,
  }
  const gzip = createGzip(options)
  const sink = createWriteStream(tempPath, { mode: PRIVATE_FILE_MODE, flags: 'wx' })
  const rows = Readable.from(pieces, { objectMode: false })
  // The encryption stage (export/signing/envelope.ts) sits between gzip and the hash.
  if (encrypt) await pipeline(rows, gzip, encrypt, tap, sink)
  else await pipeline(rows, gzip, tap, sink)
  return { name, kind: 'snapshot', size: tap.size, sha256: tap.digest(), crc: tap.crc >>> 0, path: tempPath, hashMs: tap.ms }
}

function checkNames(files: readonly { name: string }[]): void {
  const names = new Set<string>()
  for (const f of files) {
    const why = unsafeName(f.name)
    if (why) throw new Error(`Tên tệp "${f.name}" không dùng được trong gói: ${why}.`)
    if (names.has(f.name.toLowerCase()) || f.name === MANIFEST_NAME || f.name === SIGNATURE_NAME)
      throw new Error(`Tệp "${f.name}" bị trùng tên trong gói.`)
    names.add(f.name.toLowerCase())
  }
}

/** Lists each file's size and SHA-256 in the manifest and signs it (detached CMS). */
export function signManifest(
  fields: Omit<Manifest, 'files'>,
  files: readonly ReadyFile[],
  id: SigningIdentity,
): { manifest: Manifest; bytes: Buffer; signature: Buffer; manifestHash: string } {
  checkNames(files)
  const manifest: Manifest = { ...fields, files: files.map((f) => ({ name: f.name, kind: f.kind, size: f.size, sha256: f.sha256 })) }
  const bytes = manifestBytes(manifest)
  const signature = signDetached(bytes, id, new Date(manifest.createdAt))
  return { manifest, bytes, signature, manifestHash: sha256Hex(bytes) }
}

/**
 * The package's zip, a piece at a time: manifest, signature, then every file, its body copied
 * from memory or from its temporary file in ZIP_READ_CHUNK steps (a piece read from a file is
 * only valid until the next is asked for: write it first). The manifest comes first so a person
 * opening the zip sees it. Stored, not deflated: then every byte of the zip is either signed
 * (manifest), strict DER (signature), hashed (files) or a fixed header value, so any changed byte
 * is refused. The snapshot is gzipped before it is hashed, which keeps the package small all the same.
 */
export function* packageZipPieces(
  signed: { bytes: Buffer; signature: Buffer; manifest: Manifest },
  files: readonly ReadyFile[],
): Generator<Buffer> {
  const out: Buffer[] = []
  const zip = new ZipStreamWriter((b) => void out.push(b), new Date(signed.manifest.createdAt))
  const drain = () => out.splice(0)
  for (const [name, data] of [
    [MANIFEST_NAME, signed.bytes],
    [SIGNATURE_NAME, signed.signature],
  ] as const) {
    zip.entry({ name, size: data.length, crc: crc32(data) })
    zip.body(data)
    yield* drain()
  }
  const chunk = Buffer.allocUnsafe(ZIP_READ_CHUNK)
  for (const f of files) {
    zip.entry({ name: f.name, size: f.size, crc: f.crc })
    yield* drain()
    if (f.bytes) zip.body(f.bytes)
    else
      for (const piece of fileBody(f, chunk)) {
        zip.body(piece)
        yield* drain()
      }
    yield* drain()
  }
  zip.finish()
  yield* drain()
}

/** Writes the package's zip to `sink` (packageZipPieces), all at once. */
export function writePackageZip(
  sink: (bytes: Buffer) => void,
  signed: { bytes: Buffer; signature: Buffer; manifest: Manifest },
  files: readonly ReadyFile[],
): void {
  for (const piece of packageZipPieces(signed, files)) sink(piece)
}

function* fileBody(f: ReadyFile, chunk: Buffer): Generator<Buffer> {
  const fd = openSync(f.path!, 'r')
  try {
    let at = 0
    while (at < f.size) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, f.size - at), at)
      if (n === 0) throw new Error(`Tệp tạm của "${f.name}" ngắn hơn dự kiến.`)
      yield chunk.subarray(0, n)
      at += n
    }
  } finally {
    closeSync(fd)
  }
}

/**
 * The whole package in memory, from files in memory: for small packages built by tests (crafted
 * and tampered ones). Same bytes as the streamed writer.
 */
export function buildPackage(fields: Omit<Manifest, 'files'>, files: readonly PackageFile[], id: SigningIdentity): BuiltPackage {
  checkNames(files)
  const t0 = performance.now()
  const ready = files.map(readyFromBytes)
  const hashMs = performance.now() - t0
  const signed = signManifest(fields, ready, id)
  const parts: Buffer[] = []
  writePackageZip((b) => void parts.push(Buffer.from(b)), signed, ready)
  return { zip: Buffer.concat(parts), manifest: signed.manifest, manifestHash: signed.manifestHash, hashMs }
}
