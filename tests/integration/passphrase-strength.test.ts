import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { passphraseProblem } from '@shared/text/passphrase'
import { runCli } from '../../electron/cli/run'
import { createOwnKey } from '../../electron/main/services/packages/keys'
import { createBackup } from '../../electron/main/services/system/backup'
import { inspectBackup } from '../../electron/main/services/system/restore'
import { officeWithVillages } from '../helpers/households'
import { signedInRouter } from '../helpers/session'
import { tempContext, tempDir } from '../helpers/temp'

/**
 * A passphrase the clerk sets for backups or for the signing key must resist a guess: "aaaaaaaa"
 * was accepted (8 characters was the only rule). One rule (shared/text/passphrase.ts) for the key,
 * the backup settings and the CLI; a passphrase typed to open an existing backup is never judged.
 */
const WEAK = [
  'aaaaaaaa',
  'abababab',
  '12345678',
  '87654321',
  'abcdefgh',
  'qwertyui',
  'password1',
  'Mật khẩu 2026',
  'matkhau123',
  '1234512345',
]
const STRONG = ['Thôn Đồng Tâm có 120 hộ', 'mật khẩu của xã 2026', 'mật khẩu sao lưu đủ dài', 'bản Nà Phặc 7']

describe('the passphrase rule', () => {
  it('refuses repeated characters, runs, common passwords and short ones, in Vietnamese; accepts a remembered sentence', () => {
    for (const p of WEAK) expect(passphraseProblem(p, 'sao lưu'), p).toMatch(/^Mật khẩu sao lưu quá dễ đoán: /)
    expect(passphraseProblem('aaaaaaaa', 'khóa')).toMatch(/chỉ gồm vài ký tự lặp lại/)
    expect(passphraseProblem('12345678', 'khóa')).toMatch(/dãy liền nhau/)
    expect(passphraseProblem('password1', 'khóa')).toMatch(/phổ biến/)
    expect(passphraseProblem('Hà Nội1', 'khóa')).toMatch(/ít nhất 8 ký tự/)
    for (const p of STRONG) expect(passphraseProblem(p, 'khóa'), p).toBeNull()
  })

  it('is applied where a passphrase is set: the signing key, the backup settings (router), `backup create --encrypt`', async () => {
    const ctx = await tempContext()
    await officeWithVillages(ctx)
    await expect(createOwnKey(ctx, { passphrase: 'aaaaaaaa' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      path: ['passphrase'],
      message: expect.stringMatching(/^Mật khẩu khóa quá dễ đoán/),
    })
    const router = await signedInRouter(ctx, 'admin')
    const weak = await router.invoke('system.backup.configure', { keep: 5, encrypt: true, passphrase: 'aaaaaaaa' })
    expect(weak).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', path: ['passphrase'], message: expect.stringMatching(/Mật khẩu sao lưu quá dễ đoán/) },
    })
    const strong = await router.invoke('system.backup.configure', { keep: 5, encrypt: true, passphrase: STRONG[0] })
    expect(strong).toMatchObject({ ok: true, data: { passphraseSet: true } })

    const lines: string[] = []
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), stdin: async () => '' }
    const code = await runCli(['--db', join(ctx.dir, 'test.sqlite'), 'backup', 'create', '--out', tempDir(), '--encrypt'], {
      ...io,
      env: { SGN_BACKUP_PASSPHRASE: 'aaaaaaaa' },
    })
    expect(code).toBe(2)
    expect(lines.join('\n')).toMatch(/Mật khẩu sao lưu quá dễ đoán/)
  })

  it('a backup made before the rule, with a weak passphrase, still opens with it', async () => {
    const ctx = await tempContext()
    await officeWithVillages(ctx)
    const made = await createBackup(ctx.store, { dir: tempDir(), now: () => new Date(), passphrase: 'aaaaaaaa', appVersion: '0.1.0' })
    const preview = await inspectBackup(made.path, 'aaaaaaaa', ctx.store.path)
    expect(preview.manifest.encryption).not.toBeNull()
  })
})
