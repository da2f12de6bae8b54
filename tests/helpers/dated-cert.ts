import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface DatedCertificate {
  certPath: string
  certPem: string
  /** The key and certificate as a .p12 (password `P12_PASSWORD`), for `keys import`. */
  p12: Buffer
}

export const P12_PASSWORD = 'mat-khau-tep-p12'

/**
 * An office's key and a self-signed certificate valid exactly from `notBefore` to `notAfter`
 * (`YYYYMMDDHHMMSSZ`), made by openssl rather than by the code under test. OpenSSL 3.0's `req` and
 * `x509` only take a number of days from now, so the certificate is issued by `openssl ca
 * -selfsign`, which takes both dates.
 */
export function datedCertificate(dir: string, o: { code: string; name: string; notBefore: string; notAfter: string }): DatedCertificate {
  const at = join(dir, `cert-${o.code}-${o.notBefore}-${o.notAfter}`)
  mkdirSync(at, { recursive: true })
  writeFileSync(join(at, 'index.txt'), '')
  writeFileSync(join(at, 'serial'), '1000\n')
  const config = join(at, 'ca.cnf')
  writeFileSync(
    config,
    [
      '[ca]',
      'default_ca = office',
      '[office]',
      `database = ${join(at, 'index.txt')}`,
      `new_certs_dir = ${at}`,
      `serial = ${join(at, 'serial')}`,
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      'x509_extensions = signing',
      'preserve = yes',
      '[any]',
      'commonName = supplied',
      'organizationName = supplied',
      'stateOrProvinceName = optional',
      'countryName = optional',
      '[signing]',
      'basicConstraints = critical, CA:false',
      'keyUsage = critical, digitalSignature, nonRepudiation',
      'subjectKeyIdentifier = hash',
      '[req]',
      'distinguished_name = dn',
      'string_mask = utf8only',
      '[dn]',
      '',
    ].join('\n'),
  )
  const key = join(at, 'key.pem')
  const csr = join(at, 'req.csr')
  const cert = join(at, 'cert.pem')
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' })
  run(
    ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-config', config, '-utf8'].concat([
      '-subj',
      `/CN=UBND xã ${o.name}/O=${o.code}/ST=Ninh Bình/C=VN`,
    ]),
  )
  run(
    ['ca', '-batch', '-config', config, '-selfsign', '-keyfile', key, '-in', csr, '-out', cert, '-notext', '-utf8'].concat([
      '-startdate',
      o.notBefore,
      '-enddate',
      o.notAfter,
    ]),
  )
  const p12 = join(at, 'key.p12')
  run(['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', p12, '-passout', `pass:${P12_PASSWORD}`])
  return { certPath: cert, certPem: readFileSync(cert, 'utf8'), p12: readFileSync(p12) }
}
