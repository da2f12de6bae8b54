import { performance } from 'node:perf_hooks'
import type { Manifest } from '@shared/domain/packages'
import { signDetached, type SigningIdentity } from '../signing/cms'
import { MANIFEST_NAME, manifestBytes, sha256Hex, SIGNATURE_NAME } from './manifest'
import { unsafeName } from './zip-reader'
import { writeZip } from './zip-writer'

export interface PackageFile {
  name: string
  kind: Manifest['files'][number]['kind']
  bytes: Buffer
}

export interface BuiltPackage {
  zip: Buffer
  manifest: Manifest
  manifestHash: string
  /** Milliseconds spent computing SHA-256 of the files, for the benchmark's "share spent hashing". */
  hashMs: number
}

/**
 * Lists each file's size and SHA-256 in the manifest, signs the manifest (detached CMS), and zips
 * manifest, signature and files. The manifest comes first so a person opening the zip sees it.
 */
export function buildPackage(fields: Omit<Manifest, 'files'>, files: readonly PackageFile[], id: SigningIdentity): BuiltPackage {
  const names = new Set<string>()
  for (const f of files) {
    const why = unsafeName(f.name)
    if (why) throw new Error(`Tên tệp "${f.name}" không dùng được trong gói: ${why}.`)
    if (names.has(f.name.toLowerCase()) || f.name === MANIFEST_NAME || f.name === SIGNATURE_NAME)
      throw new Error(`Tệp "${f.name}" bị trùng tên trong gói.`)
    names.add(f.name.toLowerCase())
  }
  const t0 = performance.now()
  const listed = files.map((f) => ({ name: f.name, kind: f.kind, size: f.bytes.length, sha256: sha256Hex(f.bytes) }))
  const hashMs = performance.now() - t0
  const manifest: Manifest = { ...fields, files: listed }
  const bytes = manifestBytes(manifest)
  const signature = signDetached(bytes, id, new Date(manifest.createdAt))
  const zip = writeZip(
    [
      { name: MANIFEST_NAME, data: bytes },
      { name: SIGNATURE_NAME, data: signature },
      ...files.map((f) => ({ name: f.name, data: f.bytes })),
    ],
    new Date(manifest.createdAt),
    // Stored, not deflated: then every byte of the zip is either signed (manifest), strict DER
    // (signature), hashed (files) or a fixed header value, so any changed byte is refused. The
    // snapshot is gzipped before it is hashed, which keeps the package small all the same.
    { compress: false },
  )
  return { zip, manifest, manifestHash: sha256Hex(bytes), hashMs }
}
