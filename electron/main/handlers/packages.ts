import { basename, join } from 'node:path'
import { ApiError, unsupported } from '@shared/contract/errors'
import type { packageChannels, PackageExportResult, PackageImportResult } from '@shared/contract/packages'
import { removableDrives } from '../export/package/drives'
import type { ServiceContext } from '../services/context'
import { stagedFile, stageFile, unstage } from '../services/files/staged'
import { attachedReportFiles, prepareExport, runExport } from '../services/packages/export'
import { isJobRunning, startJob } from '../services/jobs'
import { catalogueReportFiles, defaultPackageReports } from '../services/packages/report-files'
import { importPackage, previewImport, rejectPackage } from '../services/packages/import'
import { listTokens, TokenError } from '../export/signing/token'
import { createOwnKey, exportOwnCertificate, getOwnKey, importOwnKeyFile, saveOwnCertificate, useToken } from '../services/packages/keys'
import { readEncryptToFile } from '../services/packages/package-encryption'
import { createReceipt, importReceiptFile, saveReceipt } from '../services/packages/receipts'
import { listReceived, listSent } from '../services/packages/sent'
import { consolidatedSummary } from '../services/packages/summary'
import { addTrustedFile, inspectCertificateFile, listTrusted, revokeTrusted } from '../services/packages/trust'
import { addCrlFile, addTrustedCaFile, listTrustedCas } from '../services/packages/trust-anchors'
import { readPackageFile, verifyPackageFile } from '../services/packages/verify'
import type { HandlerMap } from './types'

// Files chosen in main's dialogs, named to the renderer only by a token of the window's staged-file
// store (services/files/staged.ts: per window, expiring, removed once used).
function remember(ctx: ServiceContext, kind: string, path: string): string {
  return stageFile(ctx, kind, path, null).token
}
function recall(ctx: ServiceContext, kind: string, token: string, field = 'token'): string {
  return stagedFile(ctx, kind, token, field).path
}

async function chooseFolder(ctx: ServiceContext, title: string): Promise<string | null> {
  if (!ctx.files.chooseFolder) throw unsupported('Không chọn được thư mục')
  return ctx.files.chooseFolder({ title, suggestions: removableDrives() })
}

const choosePackage = (ctx: ServiceContext) => ctx.files.chooseOpenFile({ title: 'Chọn gói báo cáo (.zip)', extensions: ['zip'] })

/**
 * The import job of a package file (packages.import after a preview, packages.importFile at once):
 * read and verified again from the file, so what is imported is what is on the stick now.
 */
function startImport(ctx: ServiceContext, path: string, passphrase: string | undefined, done?: () => void): string {
  if (isJobRunning(ctx, 'packages.import')) throw new ApiError('CONFLICT', 'Đang nhập một gói khác; hãy chờ gói đó xong.')
  return startJob(ctx, 'packages.import', async (job): Promise<PackageImportResult> => {
    const { status, packageId, diff } = await importPackage(ctx, readPackageFile(path), passphrase, job)
    done?.()
    return { status, packageId, diff }
  })
}

export const packageHandlers: HandlerMap<keyof typeof packageChannels> = {
  'packages.key.get': (ctx) => getOwnKey(ctx),
  'packages.key.create': (ctx, input) => createOwnKey(ctx, input),
  'packages.key.importP12': async (ctx, input) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn tệp khóa .p12/.pfx', extensions: ['p12', 'pfx'] })
    if (!path) return { cancelled: true as const }
    return { cancelled: false as const, key: await importOwnKeyFile(ctx, { ...input, path }) }
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
  'packages.key.exportCert': async (ctx, input) => {
    const { fileName } = await exportOwnCertificate(ctx)
    const title = 'Chọn nơi lưu chứng thư số'
    const folder = input.chooseName ? null : await chooseFolder(ctx, title)
    const path = input.chooseName
      ? await ctx.files.chooseSaveFile({ title, defaultName: fileName, extensions: ['pem'] })
      : folder && join(folder, fileName)
    if (!path) return { cancelled: true as const }
    const saved = await saveOwnCertificate(ctx, path)
    return { cancelled: false as const, fileName: basename(path), fingerprint: saved.fingerprint }
  },
  'packages.export': async (ctx, input) => {
    // Checked before the folder dialog: an unknown report is refused without asking for a folder.
    const catalogue = catalogueReportFiles(ctx, input.reports ?? defaultPackageReports())
    const attached = attachedReportFiles(input.attachments)
    const reportFiles = async (period: string) => [...(await catalogue(period)), ...attached]
    if (isJobRunning(ctx, 'packages.export')) throw new ApiError('CONFLICT', 'Đang tạo một gói khác; hãy chờ gói đó xong.')
    let encryptTo: string | undefined
    if (input.encryptToFile) {
      const path = await ctx.files.chooseOpenFile({ title: 'Chọn chứng thư của tỉnh để mã hóa gói', extensions: ['pem', 'crt', 'cer'] })
      if (!path) return { cancelled: true as const }
      encryptTo = readEncryptToFile(path)
    }
    // A wrong passphrase is told before the folder dialog; the long part runs as a job.
    const prepared = await prepareExport(ctx, { period: input.period, passphrase: input.passphrase, outDir: '', reportFiles, encryptTo })
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
    return { cancelled: false as const, sent: await importReceiptFile(ctx, path) }
  },
  'packages.trust.pick': async (ctx) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn tệp chứng thư số', extensions: ['pem', 'crt', 'cer'] })
    if (!path) return { cancelled: true as const }
    const c = inspectCertificateFile(path)
    return {
      cancelled: false as const,
      token: remember(ctx, 'packages.trust', path),
      certificate: { fingerprint: c.fingerprint, ...c.subject, notBefore: c.notBefore, notAfter: c.notAfter },
    }
  },
  'packages.trust.add': async (ctx, input) => {
    const trusted = await addTrustedFile(ctx, {
      path: recall(ctx, 'packages.trust', input.token),
      confirmFingerprint: input.confirmFingerprint,
      officeCode: input.officeCode,
    })
    unstage(ctx, input.token)
    return trusted
  },
  'packages.trust.list': (ctx) => listTrusted(ctx),
  'packages.trust.revoke': (ctx, input) => revokeTrusted(ctx, input),
  'packages.trust.addCa': async (ctx) => {
    const path = await ctx.files.chooseOpenFile({
      title: 'Chọn chứng thư của tổ chức chứng thực',
      extensions: ['cer', 'crt', 'pem', 'p7b'],
    })
    if (!path) return { cancelled: true as const }
    return { cancelled: false as const, added: await addTrustedCaFile(ctx, path) }
  },
  'packages.trust.addCrl': async (ctx) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn danh sách chứng thư bị thu hồi (CRL)', extensions: ['crl', 'pem'] })
    if (!path) return { cancelled: true as const }
    return { cancelled: false as const, crl: await addCrlFile(ctx, path) }
  },
  'packages.trust.listCa': (ctx) => listTrustedCas(ctx),
  'packages.verify': async (ctx, input) => {
    const path = await choosePackage(ctx)
    if (!path) return { cancelled: true as const }
    const report = await verifyPackageFile(ctx, path, {
      secret: input.passphrase,
      certificates: input.certificates.map((c) => Buffer.from(c, 'base64')),
      crls: input.crls.map((c) => Buffer.from(c, 'base64')),
    })
    return { cancelled: false as const, fileName: basename(path), report }
  },
  'packages.pick': async (ctx, input) => {
    const path = await choosePackage(ctx)
    if (!path) return { cancelled: true as const }
    const preview = await previewImport(ctx, readPackageFile(path), input.passphrase)
    return { cancelled: false as const, token: remember(ctx, 'packages.pick', path), fileName: basename(path), preview }
  },
  // Read and verified again from the file: what is imported is what is on the stick now.
  'packages.import': async (ctx, input) => {
    const path = recall(ctx, 'packages.pick', input.token)
    // The pick is used up once imported; a failed or cancelled import keeps it for another try.
    return { jobId: startImport(ctx, path, input.passphrase, () => unstage(ctx, input.token)) }
  },
  'packages.importFile': async (ctx, input) => {
    const path = await choosePackage(ctx)
    if (!path) return { cancelled: true as const }
    return { cancelled: false as const, jobId: startImport(ctx, path, input.passphrase) }
  },
  'packages.reject': async (ctx, input) => {
    const rejected = await rejectPackage(ctx, readPackageFile(recall(ctx, 'packages.pick', input.token)), input.comments)
    unstage(ctx, input.token)
    return rejected
  },
  'packages.received.list': (ctx) => listReceived(ctx),
  'packages.summary': (ctx, input) => consolidatedSummary(ctx, input),
  'packages.receipt.create': async (ctx, input) => {
    // A wrong passphrase or an unknown package is told before the folder dialog.
    const receipt = await createReceipt(ctx, input)
    const folder = await chooseFolder(ctx, 'Chọn USB hoặc thư mục để lưu biên nhận')
    if (!folder) return { cancelled: true as const }
    saveReceipt(folder, receipt)
    return { cancelled: false as const, fileName: receipt.fileName }
  },
}
