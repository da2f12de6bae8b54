import { z } from 'zod'
import { OfficialDocumentSchema } from '../print/document-schema'

/** A reporting period: a whole year ("2026") or a half year ("2026-H1", "2026-H2"). */
export const PeriodSchema = z
  .string()
  .trim()
  .regex(/^\d{4}(-H[12])?$/, 'Kỳ báo cáo có dạng 2026 (cả năm), 2026-H1 hoặc 2026-H2 (nửa năm)')
export type Period = z.infer<typeof PeriodSchema>

export const PACKAGE_FORMAT = 'so-giam-ngheo/goi-bao-cao'
export const PACKAGE_FORMAT_VERSION = 1
export const RECEIPT_FORMAT = 'so-giam-ngheo/bien-nhan'

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/)
export const PackageFileKindSchema = z.enum(['snapshot', 'pdf', 'xlsx'])

export const ManifestFileSchema = z
  .object({ name: z.string().min(1).max(255), kind: PackageFileKindSchema, size: z.number().int().nonnegative(), sha256: Sha256Hex })
  .strict()

/** manifest.json: what the office signs. Every field is checked before anything is imported. */
export const ManifestSchema = z
  .object({
    format: z.literal(PACKAGE_FORMAT),
    formatVersion: z.number().int(),
    packageId: z.string().uuid(),
    office: z
      .object({ id: z.string().uuid(), code: z.string(), name: z.string(), provinceCode: z.string(), provinceName: z.string() })
      .strict(),
    period: PeriodSchema,
    createdAt: z.string().datetime(),
    appVersion: z.string(),
    /** The sender's database schema version; the snapshot's columns follow it. */
    schemaVersion: z.number().int().positive(),
    /** 1, 2, 3 … per office, across periods; with previousPackageHash it chains the office's packages. */
    sequence: z.number().int().positive(),
    /** SHA-256 of the previous package's manifest.json, null for the office's first package. */
    previousPackageHash: Sha256Hex.nullable(),
    files: z.array(ManifestFileSchema).max(1000),
    counts: z.record(z.string(), z.number().int().nonnegative()),
    /**
     * Set when the data and reports are encrypted (CMS EnvelopedData, issue 18): the SHA-256
     * fingerprints of the certificates they are encrypted to (the province's, the office's own).
     * The files' sizes and hashes are those of the encrypted bytes, so the signature covers them.
     */
    encryptedTo: z.array(z.string().max(100)).min(1).max(8).optional(),
  })
  .strict()
export type Manifest = z.infer<typeof ManifestSchema>

export const CertificateSummarySchema = z.object({
  fingerprint: z.string(),
  name: z.string(),
  code: z.string(),
  province: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
})

export const OwnKeySchema = CertificateSummarySchema.extend({
  source: z.enum(['generated', 'imported', 'token']),
  createdAt: z.string(),
})
export type OwnKey = z.infer<typeof OwnKeySchema>

export const TrustRoleSchema = z.enum(['office', 'province'])
export const TrustEntrySchema = CertificateSummarySchema.extend({
  id: z.string().uuid(),
  role: TrustRoleSchema,
  /** The office code packages signed with this certificate must carry. */
  officeCode: z.string(),
  status: z.enum(['active', 'revoked']),
  addedAt: z.string(),
  revokedAt: z.string().nullable(),
  packagesReceived: z.number().int(),
  lastPackage: z.object({ sequence: z.number().int(), period: z.string(), receivedAt: z.string(), status: z.string() }).nullable(),
})
export type TrustEntry = z.infer<typeof TrustEntrySchema>

export const ProblemSchema = z.object({ code: z.string(), message: z.string() })
export type Problem = z.infer<typeof ProblemSchema>

export const PackageSummarySchema = z.object({
  packageId: z.string(),
  officeCode: z.string(),
  officeName: z.string(),
  period: z.string(),
  sequence: z.number().int(),
  createdAt: z.string(),
  manifestHash: z.string(),
  counts: z.record(z.string(), z.number()),
  files: z.array(z.object({ name: z.string(), kind: z.string(), size: z.number() })),
})
export type PackageSummary = z.infer<typeof PackageSummarySchema>

export const TableDiffSchema = z.object({
  table: z.string(),
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
})

/** What verifying a package found; `valid` only when there is no problem at all. */
export const VerifyReportSchema = z.object({
  valid: z.boolean(),
  problems: z.array(ProblemSchema),
  package: PackageSummarySchema.nullable(),
  signer: z
    .object({
      fingerprint: z.string(),
      name: z.string(),
      code: z.string(),
      /** Trusted through a CA (issue 18): the chain by name, signer first, and what the CRLs said. */
      chain: z.array(z.string()).optional(),
      revocation: z.string().optional(),
    })
    .nullable(),
})
export type VerifyReport = z.infer<typeof VerifyReportSchema>

export const ImportPreviewSchema = VerifyReportSchema.extend({
  diff: z.array(TableDiffSchema),
  /** The package of the same office and period this one replaces, if any. */
  supersedes: z.string().nullable(),
  alreadyImported: z.boolean(),
})
export type ImportPreview = z.infer<typeof ImportPreviewSchema>

export const SentPackageSchema = z.object({
  packageId: z.string(),
  period: z.string(),
  sequence: z.number().int(),
  manifestHash: z.string(),
  fileName: z.string(),
  createdAt: z.string(),
  status: z.enum(['sent', 'accepted', 'rejected']),
  comments: z.string(),
  receiptAt: z.string().nullable(),
})
export type SentPackage = z.infer<typeof SentPackageSchema>

export const ReceivedPackageSchema = z.object({
  packageId: z.string(),
  officeCode: z.string(),
  officeName: z.string(),
  period: z.string(),
  sequence: z.number().int(),
  manifestHash: z.string(),
  receivedAt: z.string(),
  status: z.enum(['accepted', 'superseded', 'rejected']),
  supersededBy: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
})
export type ReceivedPackage = z.infer<typeof ReceivedPackageSchema>

/** The signed receipt the province gives back: inside the file as `payload`, signed as UTF-8 bytes. */
export const ReceiptPayloadSchema = z
  .object({
    format: z.literal(RECEIPT_FORMAT),
    formatVersion: z.literal(1),
    receiptId: z.string().uuid(),
    packageId: z.string().uuid(),
    manifestHash: Sha256Hex,
    officeCode: z.string(),
    period: z.string(),
    sequence: z.number().int(),
    status: z.enum(['accepted', 'rejected']),
    comments: z.string().max(4000),
    issuedAt: z.string().datetime(),
    province: z.object({ code: z.string(), name: z.string() }).strict(),
  })
  .strict()
export type ReceiptPayload = z.infer<typeof ReceiptPayloadSchema>

/** The province's consolidated view: the results summary by office, and citizen IDs listed by two offices. */
export const ConsolidatedSummarySchema = z.object({
  year: z.number().int(),
  document: OfficialDocumentSchema,
  sharedCitizenIds: z.array(
    z.object({
      citizenId: z.string(),
      offices: z.array(z.string()),
      households: z.array(z.object({ householdId: z.string(), officeCode: z.string(), code: z.string(), headName: z.string() })),
    }),
  ),
})
export type ConsolidatedSummary = z.infer<typeof ConsolidatedSummarySchema>
