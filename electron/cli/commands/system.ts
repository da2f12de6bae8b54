import { resolve } from 'node:path'
import { passphraseProblem } from '@shared/text/passphrase'
import { UsageError, type Command } from '../command'
import { withRouter } from '../router'
import { maintenanceCommands, passphrase, PASSPHRASE_ENV } from './maintenance'

const backupCreate: Command = {
  name: ['backup', 'create'],
  usage: `backup create --out THƯ_MỤC [--keep N] [--encrypt] [--passphrase-stdin]`,
  summary: `Sao lưu (mã hóa nếu có --encrypt; mật khẩu từ ${PASSPHRASE_ENV} hoặc đầu vào chuẩn)`,
  options: { out: { type: 'string' }, keep: { type: 'string' }, encrypt: { type: 'boolean' }, 'passphrase-stdin': { type: 'boolean' } },
  channels: ['system.backup.createTo'],
  async run({ values, dbPath }, io) {
    if (typeof values.out !== 'string' || !values.out) throw new UsageError('Thiếu --out')
    const keep = values.keep === undefined ? undefined : Number(values.keep)
    if (keep !== undefined && (!Number.isInteger(keep) || keep < 1 || keep > 100)) throw new UsageError('--keep là số nguyên từ 1 đến 100')
    const secret = values.encrypt ? await passphrase(values, io) : null
    if (values.encrypt && !secret) throw new UsageError(`--encrypt cần mật khẩu (biến ${PASSPHRASE_ENV} hoặc --passphrase-stdin)`)
    const weak = secret === null ? null : passphraseProblem(secret, 'sao lưu')
    if (weak) throw new UsageError(weak)
    return withRouter(dbPath, io, { folder: resolve(values.out) }, async ({ call }) => {
      const saved = await call('system.backup.createTo', { ...(keep === undefined ? {} : { keep }), passphrase: secret })
      if (saved.cancelled) return 1
      io.out(`Đã sao lưu vào ${saved.path}${saved.encrypted ? ' (mã hóa)' : ''}.`)
      for (const r of saved.removed) io.out(`Đã xóa bản cũ: ${r}`)
      return 0
    })
  },
}

export const systemCommands: Command[] = [backupCreate, ...maintenanceCommands]
