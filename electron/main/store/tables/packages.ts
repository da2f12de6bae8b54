/** Row types of the packages domain's tables (migration 0004_packages). */

/** This installation's own signing key: the office's, or the province's for receipts. One active at a time. */
export interface SigningKeyTable {
  id: string
  fingerprint: string
  certificate_pem: string
  /** key-vault.ts SealedKey as JSON: the private key, encrypted under the clerk's passphrase. */
  sealed_key_json: string
  source: 'generated' | 'imported' | 'token'
  active: number
  created_at: string
  /** For a key on a USB token (migration 0014): keys.ts TokenRecord as JSON; the sealed key is then ''. */
  token_json: string | null
}

/** Certification authorities trusted (migration 0014): signers chaining to one are accepted. */
export interface TrustedCaTable {
  id: string
  fingerprint: string
  certificate_pem: string
  name: string
  self_signed: number
  status: 'active' | 'removed'
  added_at: string
}

/** Certificate revocation lists imported from files (migration 0014). */
export interface CrlTable {
  id: string
  issuer_name: string
  /** The trusted or embedded CA whose key signed it, when it was imported. */
  ca_fingerprint: string
  this_update: string
  next_update: string | null
  entries: number
  sha256: string
  der_base64: string
  imported_at: string
}

/** Certificates this installation trusts: offices' (in province mode) or the province's (in office mode). */
export interface TrustedCertificateTable {
  id: string
  fingerprint: string
  certificate_pem: string
  role: 'office' | 'province'
  office_code: string
  name: string
  status: 'active' | 'revoked'
  added_at: string
  revoked_at: string | null
  revoke_reason: string
}

/** Office side: every package exported, with the province's answer once a receipt comes back. */
export interface PackageSentTable {
  id: string
  period: string
  sequence: number
  manifest_hash: string
  previous_hash: string | null
  file_name: string
  /** Where a copy was kept, so a package lost on the way can be carried again. */
  copy_path: string
  created_at: string
  status: 'sent' | 'accepted' | 'rejected'
  comments: string
  receipt_id: string | null
  receipt_at: string | null
}

/** Province side: every package verified and accepted (or rejected) from an office; history is never deleted. */
export interface PackageReceivedTable {
  id: string
  office_code: string
  office_name: string
  signer_fingerprint: string
  period: string
  sequence: number
  manifest_hash: string
  previous_hash: string | null
  created_at: string
  received_at: string
  status: 'accepted' | 'superseded' | 'rejected'
  superseded_by: string | null
  comments: string
  counts_json: string
  diff_json: string
  manifest_json: string
}

/** Province side: which office (and package) each imported row came from, and a hash of its content. */
export interface PackageRowOriginTable {
  table_name: string
  row_id: string
  office_code: string
  package_id: string
  row_hash: string
}

export interface PackageTables {
  signing_keys: SigningKeyTable
  trusted_certificates: TrustedCertificateTable
  trusted_cas: TrustedCaTable
  crls: CrlTable
  packages_sent: PackageSentTable
  packages_received: PackageReceivedTable
  package_row_origin: PackageRowOriginTable
}
