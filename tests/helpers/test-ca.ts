import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A certification authority made with openssl in a test folder, the way a Vietnamese CA issues
 * token certificates: a root, an intermediate under it, and office certificates under the
 * intermediate (O = the office's code, signing key usage). CRLs come from `openssl ca -gencrl`
 * over an index file the test writes, so a revocation can be dated before or after a signing.
 */
export interface TestCa {
  dir: string
  rootPem: string
  intermediatePem: string
  /** Issues an office certificate under the intermediate (or the root); returns its files. */
  issue(name: string, subject: string, options?: { keyUsage?: string; days?: number; issuer?: 'intermediate' | 'root' }): IssuedCert
  /** A DER CRL from the intermediate revoking these serials (hex) at these dates, with a reason. */
  crl(revoked: { serial: string; at: Date; reason?: string }[], file?: string): string
}

export interface IssuedCert {
  keyPem: string
  certPem: string
  keyFile: string
  certFile: string
  /** DER certificate file (for pkcs11-tool). */
  derFile: string
  serial: string
}

const run = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

function ext(dir: string, name: string, body: string): string {
  const file = join(dir, `${name}.ext`)
  writeFileSync(file, body)
  return file
}

const asn1Time = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'

export function makeTestCa(dir: string, label = 'Test CA'): TestCa {
  mkdirSync(dir, { recursive: true })
  const f = (n: string) => join(dir, n)
  run(['genrsa', '-out', f('root.key'), '2048'], dir)
  run(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      f('root.key'),
      '-out',
      f('root.pem'),
      '-days',
      '3650',
      '-utf8',
      '-subj',
      `/C=VN/O=${label}/CN=${label} Root`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  )
  run(['genrsa', '-out', f('int.key'), '2048'], dir)
  run(['req', '-new', '-key', f('int.key'), '-out', f('int.csr'), '-utf8', '-subj', `/C=VN/O=${label}/CN=${label} Intermediate`], dir)
  const caExt = ext(
    dir,
    'ca',
    'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  )
  run(
    [
      'x509',
      '-req',
      '-in',
      f('int.csr'),
      '-CA',
      f('root.pem'),
      '-CAkey',
      f('root.key'),
      '-CAcreateserial',
      '-out',
      f('int.pem'),
      '-days',
      '3000',
      '-extfile',
      caExt,
      '-sha256',
    ],
    dir,
  )
  writeFileSync(f('index.txt'), '')
  writeFileSync(f('crlnumber'), '01\n')
  writeFileSync(
    f('ca.cnf'),
    `[ca]\ndefault_ca = d\n[d]\ndatabase = ${f('index.txt')}\ncrlnumber = ${f('crlnumber')}\ndefault_md = sha256\ndefault_crl_days = 30\n` +
      `certificate = ${f('int.pem')}\nprivate_key = ${f('int.key')}\n`,
  )
  return {
    dir,
    rootPem: readFileSync(f('root.pem'), 'utf8'),
    intermediatePem: readFileSync(f('int.pem'), 'utf8'),
    issue(name, subject, options = {}) {
      const usage = options.keyUsage ?? 'critical,digitalSignature,nonRepudiation'
      run(['genrsa', '-out', f(`${name}.key`), '2048'], dir)
      run(['req', '-new', '-key', f(`${name}.key`), '-out', f(`${name}.csr`), '-utf8', '-subj', subject], dir)
      const leafExt = ext(
        dir,
        name,
        `basicConstraints=critical,CA:FALSE\nkeyUsage=${usage}\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`,
      )
      const [ca, key] = options.issuer === 'root' ? ['root.pem', 'root.key'] : ['int.pem', 'int.key']
      run(
        [
          'x509',
          '-req',
          '-in',
          f(`${name}.csr`),
          '-CA',
          f(ca),
          '-CAkey',
          f(key),
          '-CAcreateserial',
          '-out',
          f(`${name}.pem`),
          '-days',
          String(options.days ?? 730),
          '-extfile',
          leafExt,
          '-sha256',
        ],
        dir,
      )
      run(['x509', '-in', f(`${name}.pem`), '-outform', 'DER', '-out', f(`${name}.der`)], dir)
      const serial = run(['x509', '-in', f(`${name}.pem`), '-noout', '-serial'], dir)
        .trim()
        .split('=')[1]!
      return {
        keyPem: readFileSync(f(`${name}.key`), 'utf8'),
        certPem: readFileSync(f(`${name}.pem`), 'utf8'),
        keyFile: f(`${name}.key`),
        certFile: f(`${name}.pem`),
        derFile: f(`${name}.der`),
        serial,
      }
    },
    crl(revoked, file = f('int.crl')) {
      const far = asn1Time(new Date(Date.now() + 3650 * 86400_000))
      writeFileSync(
        f('index.txt'),
        revoked.map((r) => `R\t${far}\t${asn1Time(r.at)}${r.reason ? `,${r.reason}` : ''}\t${r.serial}\tunknown\t/CN=x\n`).join(''),
      )
      run(['ca', '-gencrl', '-config', f('ca.cnf'), '-out', `${file}.pem`], dir)
      run(['crl', '-in', `${file}.pem`, '-outform', 'DER', '-out', file], dir)
      return file
    },
  }
}

/** An NSS certificate database trusting exactly `rootPem`, for `pdfsig -nssdir`. */
export function nssTrusting(dir: string, rootPem: string): string {
  const db = join(dir, 'nss')
  mkdirSync(db, { recursive: true })
  execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password'])
  writeFileSync(join(dir, 'nss-root.pem'), rootPem)
  execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-n', 'test-root', '-t', 'C,C,C', '-i', join(dir, 'nss-root.pem')])
  return db
}
