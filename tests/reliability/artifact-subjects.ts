import { join } from 'node:path'
import { BackupFileError } from '../../electron/main/services/system/backup-format'
import { createBackup } from '../../electron/main/services/system/backup'
import { inspectBackup } from '../../electron/main/services/system/restore'
import { selftestWrite } from '../../electron/main/services/system/selftest'
import { closeContext, createContext } from '../../electron/main/app-context'
import type { ArtifactSubject } from './harness/truncate'

/**
 * HOOK for the report package (packages branch): add
 *   { name: 'report package', make: (dir) => build a package with the real exporter and return its path,
 *     verify: (file) => the packages domain's verify function (which must reject), isRefusal: (e) => e
 *     instanceof its error class, cuts: 100, flips: 30 }
 * to ARTIFACT_SUBJECTS. The suite then truncates it at ≥ 100 offsets and flips bytes, as below.
 */
function backupSubject(encrypted: boolean): ArtifactSubject {
  const passphrase = encrypted ? 'mật khẩu đủ dài' : null
  return {
    name: encrypted ? 'encrypted backup' : 'plain backup',
    async make(dir) {
      const ctx = await createContext({ dbPath: join(dir, 'office.sqlite') })
      try {
        await selftestWrite(ctx, 500)
        const entry = await createBackup(ctx.store, { dir: join(dir, 'usb'), passphrase, now: ctx.now, appVersion: ctx.appVersion })
        return entry.path
      } finally {
        await closeContext(ctx)
      }
    },
    verify: (file) => inspectBackup(file, passphrase),
    isRefusal: (e) => e instanceof BackupFileError,
    cuts: 120,
    // Each check of an encrypted file derives the key with scrypt (~0.1 s): fewer flips keep the suite short.
    flips: encrypted ? 12 : 80,
  }
}

export const ARTIFACT_SUBJECTS: ArtifactSubject[] = [backupSubject(false), backupSubject(true)]
