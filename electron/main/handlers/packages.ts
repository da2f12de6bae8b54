import { existsSync, readdirSync } from 'node:fs'
import { userInfo } from 'node:os'
import { basename, join } from 'node:path'
import { ApiError, unsupported } from '@shared/contract/errors'
import type { packageChannels, PackageExportResult, PackageImportResult } from '@shared/contract/packages'
import { readSmallInputFile } from '../export/input/input-file'
import { removableCandidates } from '../export/package/drives'
import type { ServiceContext } from '../services/context'
import { saveFile } from '../services/files/atomic-save'
import { stagedFile, stageFile, unstage } from '../services/files/staged'
import { prepareExport, runExport } from '../services/packages/export'
import { isJobRunning, startJob } from '../services/jobs'
import { catalogueReportFiles, defaultPackageReports } from '../services/packages/report-files'
import { importPackage, previewImport, rejectPackage } from '../services/packages/import'
import { listTokens, TokenError } from '../export/signing/token'
import { createOwnKey, exportOwnCertificate, getOwnKey, importOwnKey, useToken } from '../services/packages/keys'
import { createReceipt, importReceipt } from '../services/packages/receipts'
import { listReceived, listSent } from '../services/packages/sent'
import { consolidatedSummary } from '../services/packages/summary'
import { addTrusted, inspectCertificate, listTrusted, revokeTrusted } from '../services/packages/trust'
import { readPackageFile } from '../services/packages/verify'
import type { HandlerMap } from './types'

// Files chosen in main's dialogs, named to the renderer only by a token of the window's staged-file
// store (services/files/staged.ts: per window, expiring, removed once used).
function remember(ctx: ServiceContext, kind: string, path: string): string {
  return stageFile(ctx, kind, path, null).token
}
function recall(ctx: ServiceContext, kind: string, token: string, field = 'token'): string {
  return stagedFile(ctx, kind, token, field).path
}

function drives(): string[] {
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

async function chooseFolder(ctx: ServiceContext, title: string): Promise<string | null> {
  if (!ctx.files.chooseFolder) throw unsupported('Không chọn được thư mục')
  return ctx.files.chooseFolder({ title, suggestions: drives() })
}

export const packageHandlers: HandlerMap<keyof typeof packageChannels> = {
  'packages.key.get': (ctx) => getOwnKey(ctx),
  'packages.key.create': (ctx, input) => createOwnKey(ctx, input),
  'packages.key.importP12': async (ctx, input) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn tệp khóa .p12/.pfx', extensions: ['p12', 'pfx'] })
    if (!path) return { cancelled: true as const }
    return { cancelled: false as const, key: await importOwnKey(ctx, { ...input, p12: readSmallInputFile(path) }) }
  },
  'packages.token.list': async (ctx) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn thư viện PKCS#11 của token (.dll)', extensions: ['dll', 'so', 'dylib'] })
    if (!path) return { cancelled: true as const }
    let tokens: ReturnType<typeof listTokens>
    try {
      tokens = listTokens(path)
    } catch (e) {
      if (e instanceof TokenError) throw new ApiError('BAD_INPUT', e.message)
      throw e
    }
    const certificates = (t: (typeof tokens)[number]) => t.certificates.map(({ pem: _pem, ...c }) => c)
    return {
      cancelled: false as const,
      module: remember(ctx, 'packages.token-module', path),
      moduleName: basename(path),
      tokens: tokens.map((t) => ({ ...t, certificates: certificates(t) })),
    }
  },
  'packages.token.use': async (ctx, input) => {
    const key = await useToken(ctx, {
      module: recall(ctx, 'packages.token-module', input.module, 'module'),
      tokenLabel: input.tokenLabel,
      certId: input.certId,
      pin: input.pin,
      replace: input.replace,
    })
    unstage(ctx, input.module)
    return key
  },
  'packages.key.exportCert': async (ctx) => {
    const cert = await exportOwnCertificate(ctx)
    const folder = await chooseFolder(ctx, 'Chọn nơi lưu chứng thư số')
    if (!folder) return { cancelled: true as const }
    saveFile(join(folder, cert.fileName), cert.pem)
    return { cancelled: false as const, fileName: cert.fileName, fingerprint: cert.fingerprint }
  },
  'packages.export': async (ctx, input) => {
    // Checked before the folder dialog: an unknown report is refused without asking for a folder.
    const reportFiles = catalogueReportFiles(ctx, input.reports ?? defaultPackageReports())
    if (isJobRunning(ctx, 'packages.export')) throw new ApiError('CONFLICT', 'Đang tạo một gói khác; hãy chờ gói đó xong.')
    // A wrong passphrase is told before the folder dialog; the long part runs as a job.
    const prepared = await prepareExport(ctx, { period: input.period, passphrase: input.passphrase, outDir: '', reportFiles })
    const folder = await chooseFolder(ctx, 'Chọn USB hoặc thư mục để lưu gói')
    if (!folder) return { cancelled: true as const }
    const jobId = startJob(ctx, 'packages.export', async (job): Promise<PackageExportResult> => {
      const result = await runExport(ctx, { ...prepared, options: { ...prepared.options, outDir: folder } }, job)
      return { folder, cover: result.cover }
    })
    return { cancelled: false as const, jobId, folder }
  },
  'packages.sent.list': (ctx) => listSent(ctx),
  'packages.receipt.import': async (ctx) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn biên nhận của tỉnh', extensions: ['json'] })
    if (!path) return { cancelled: true as const }
    return { cancelled: false as const, sent: await importReceipt(ctx, readSmallInputFile(path)) }
  },
  'packages.trust.pick': async (ctx) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn tệp chứng thư số', extensions: ['pem', 'crt', 'cer'] })
    if (!path) return { cancelled: true as const }
    const c = inspectCertificate(readSmallInputFile(path))
    return {
      cancelled: false as const,
      token: remember(ctx, 'packages.trust', path),
      certificate: { fingerprint: c.fingerprint, ...c.subject, notBefore: c.notBefore, notAfter: c.notAfter },
    }
  },
  'packages.trust.add': async (ctx, input) => {
    const trusted = await addTrusted(ctx, {
      pem: readSmallInputFile(recall(ctx, 'packages.trust', input.token)).toString('utf8'),
      confirmFingerprint: input.confirmFingerprint,
      officeCode: input.officeCode,
    })
    unstage(ctx, input.token)
    return trusted
  },
  'packages.trust.list': (ctx) => listTrusted(ctx),
  'packages.trust.revoke': (ctx, input) => revokeTrusted(ctx, input),
  'packages.pick': async (ctx, input) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn gói báo cáo (.zip)', extensions: ['zip'] })
    if (!path) return { cancelled: true as const }
    const preview = await previewImport(ctx, readPackageFile(path), input.passphrase)
    return { cancelled: false as const, token: remember(ctx, 'packages.pick', path), fileName: basename(path), preview }
  },
  // Read and verified again from the file: what is imported is what is on the stick now.
  'packages.import': async (ctx, input) => {
    const path = recall(ctx, 'packages.pick', input.token)
    if (isJobRunning(ctx, 'packages.import')) throw new ApiError('CONFLICT', 'Đang nhập một gói khác; hãy chờ gói đó xong.')
    const jobId = startJob(ctx, 'packages.import', async (job): Promise<PackageImportResult> => {
      const { status, packageId, diff } = await importPackage(ctx, readPackageFile(path), input.passphrase, job)
      // The pick is used up once imported; a failed or cancelled import keeps it for another try.
      unstage(ctx, input.token)
      return { status, packageId, diff }
    })
    return { jobId }
  },
  'packages.reject': async (ctx, input) => {
    const rejected = await rejectPackage(ctx, readPackageFile(recall(ctx, 'packages.pick', input.token)), input.comments)
    unstage(ctx, input.token)
    return rejected
  },
  'packages.received.list': (ctx) => listReceived(ctx),
  'packages.summary': (ctx, input) => consolidatedSummary(ctx, input),
  'packages.receipt.create': async (ctx, input) => {
    const receipt = await createReceipt(ctx, input)
    const folder = await chooseFolder(ctx, 'Chọn USB hoặc thư mục để lưu biên nhận')
    if (!folder) return { cancelled: true as const }
    saveFile(join(folder, receipt.fileName), receipt.bytes)
    return { cancelled: false as const, fileName: receipt.fileName }
  },
}
