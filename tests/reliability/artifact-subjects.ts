import { join } from 'node:path'
import { BackupFileError } from '../../electron/main/services/system/backup-format'
import { createBackup } from '../../electron/main/services/system/backup'
import { inspectBackup } from '../../electron/main/services/system/restore'
import { selftestWrite } from '../../electron/main/services/system/selftest'
import { closeContext, createContext } from '../../electron/main/app-context'
import type { ArtifactSubject } from './harness/truncate'
import { mkdirSync, readFileSync } from 'node:fs'
import { exportPackage } from '../../electron/main/services/packages/export'
import { exportOwnCertificate } from '../../electron/main/services/packages/keys'
import { addTrusted, trustLookup } from '../../electron/main/services/packages/trust'
import { verifyPackageBytes } from '../../electron/main/export/package/verify'
import { readEntry } from '../../electron/main/export/package/zip-reader'
import { decryptBytes, type RecipientKey } from '../../electron/main/export/signing/envelope'
import { unlockRecipient } from '../../electron/main/services/packages/package-encryption'
import { gunzipSync } from 'node:zlib'
import { LATEST_SCHEMA_VERSION } from '../../electron/main/store/migrations'
import { PASSPHRASE, sampleReports, seedOffice } from '../integration/packages-fixture'

/**
 * HOOK for the report package (packages branch): add
 *   { name: 'report package', make: (dir) => build a package with the real exporter and return its path,
 *     verify: (file) => the packages domain's verify function (which must reject), isRefusal: (e) => e
 *     instanceof its error class, cuts: 100, flips: 30 }
 * to ARTIFACT_SUBJECTS. The suite then truncates it at ≥ 100 offsets and flips bytes, as below.
 */
function backupSubject(encrypted: boolean): ArtifactSubject {
  const passphrase = encrypted ? 'mật khẩu đủ dài' : null
  let dbPath = ''
  return {
    name: encrypted ? 'encrypted backup' : 'plain backup',
    async make(dir) {
      dbPath = join(dir, 'office.sqlite')
      const ctx = await createContext({ dbPath })
      try {
        await selftestWrite(ctx, 500)
        const entry = await createBackup(ctx.store, { dir: join(dir, 'usb'), passphrase, now: ctx.now, appVersion: ctx.appVersion })
        return entry.path
      } finally {
        await closeContext(ctx)
      }
    },
    // Checked as a restore preview of the office's database does it (in the private folder beside it).
    verify: (file) => inspectBackup(file, passphrase, dbPath),
    isRefusal: (e) => e instanceof BackupFileError,
    cuts: 120,
    // Each check of an encrypted file derives the key with scrypt (~0.1 s): fewer flips keep the suite short.
    flips: encrypted ? 12 : 80,
  }
}

/** A refusal of the package verifier, with its problems in plain words. */
class PackageRefused extends Error {}

/**
 * The signed report package, built by the real exporter (with a PDF and a workbook) and checked by
 * the province's verifier against the office's registered certificate.
 */
function packageSubject(encrypted = false): ArtifactSubject {
  let trust: Awaited<ReturnType<typeof trustLookup>> | null = null
  // The province's key, for the encrypted package: each file is decrypted and unzipped to its end.
  let provinceKey: RecipientKey | null = null
  return {
    name: encrypted ? 'encrypted report package' : 'report package',
    async make(dir) {
      const office = await createContext({ dbPath: join(dir, 'office.sqlite') })
      const province = await createContext({ dbPath: join(dir, 'province.sqlite') })
      try {
        await seedOffice(office, { code: '14563', name: 'Tân Thành', households: 20 })
        await seedOffice(province, { code: 'SO37', name: 'Sở', mode: 'province' })
        await addTrusted(province, { pem: (await exportOwnCertificate(office)).pem })
        trust = await trustLookup(province, 'office')
        if (encrypted) {
          await addTrusted(office, { pem: (await exportOwnCertificate(province)).pem })
          provinceKey = await unlockRecipient(province, PASSPHRASE)
        }
        mkdirSync(join(dir, 'usb'), { recursive: true })
        const out = await exportPackage(office, {
          period: '2026-H1',
          outDir: join(dir, 'usb'),
          passphrase: PASSPHRASE,
          reportFiles: sampleReports,
        })
        return out.path
      } finally {
        await closeContext(office)
        await closeContext(province)
      }
    },
    async verify(file) {
      const r = verifyPackageBytes(readFileSync(file), { trust: trust!, latestSchemaVersion: LATEST_SCHEMA_VERSION, now: new Date() })
      if (r.problems.length) throw new PackageRefused(r.problems.map((p) => p.message).join('; '))
      if (!r.manifest?.encryptedTo !== !encrypted) throw new Error('the package is not encrypted as the subject says')
      if (provinceKey) {
        // What the verifier accepted must open completely: no file comes out short or garbled.
        for (const f of r.manifest!.files) {
          const plain = decryptBytes(readEntry(r.source, r.entries!.get(f.name)!), provinceKey)
          if (f.kind === 'snapshot') gunzipSync(plain)
        }
      }
      return r
    },
    isRefusal: (e) => e instanceof PackageRefused,
    cuts: encrypted ? 100 : 120,
    flips: encrypted ? 30 : 60,
  }
}

export const ARTIFACT_SUBJECTS: ArtifactSubject[] = [backupSubject(false), backupSubject(true), packageSubject(), packageSubject(true)]
