import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkChain, readCrl, type Crl } from '../../electron/main/export/signing/chain'
import { makeTestCa } from '../helpers/test-ca'
import { tempDir } from '../helpers/temp'

/**
 * Which CRL decides: a CA's CRLs carry thisUpdate in whole seconds, so two issued within the same
 * second (an empty one, then one revoking a key) tie on it. The app keeps running between imports,
 * so it once kept the first it read and went on accepting a revoked key.
 */
function officeCa() {
  const dir = tempDir('sgn-crl-')
  const ca = makeTestCa(join(dir, 'ca'), 'VN Test CA')
  const office = ca.issue('office', '/C=VN/O=14563/CN=UBND xã Tân Thành')
  const signer = new X509Certificate(readFileSync(office.certFile))
  const check = (crls: Crl[]) =>
    checkChain({
      signer,
      embedded: [new X509Certificate(ca.intermediatePem)],
      anchors: [new X509Certificate(ca.rootPem)],
      crls,
      signingTime: new Date(),
      now: new Date(),
    })
  const chain = (crlFiles: string[]) => check(crlFiles.map((f) => readCrl(readFileSync(f))))
  return { dir, ca, office, check, chain }
}

describe('choosing among the CRLs of one CA', () => {
  it('takes the higher CRL number when two CRLs share their thisUpdate, in either order', () => {
    const { dir, ca, office, chain } = officeCa()
    const empty = readCrl(readFileSync(ca.crl([], join(dir, 'a.crl'))))
    const revoking = ca.crl([{ serial: office.serial, at: new Date(Date.now() - 3600_000), reason: 'keyCompromise' }], join(dir, 'b.crl'))
    expect(readCrl(readFileSync(revoking)).number).toBe(empty.number! + 1n)
    for (const order of [
      [join(dir, 'a.crl'), revoking],
      [revoking, join(dir, 'a.crl')],
    ]) {
      const result = chain(order)
      expect(result.problems.map((p) => p.code)).toEqual(['signer.revoked'])
      expect(result.problems[0]!.message).toContain('lộ khóa bí mật')
    }
  })

  it('counts a revocation found on any CRL of the CA, when the newest cannot be told apart', () => {
    const { dir, ca, office, check } = officeCa()
    // The same revoking CRL with its number swapped below the empty one's (the signature no longer
    // matters to the choice, which is made among the CRLs the CA signed): a revocation is never undone.
    const emptyFile = ca.crl([], join(dir, 'c.crl'))
    const revokingFile = ca.crl([{ serial: office.serial, at: new Date(Date.now() - 3600_000), reason: 'superseded' }], join(dir, 'd.crl'))
    const empty = readCrl(readFileSync(emptyFile))
    const revoking = readCrl(readFileSync(revokingFile))
    const result = check([{ ...empty, number: 99n, thisUpdate: revoking.thisUpdate }, revoking])
    expect(result.problems.map((p) => p.code)).toEqual(['signer.revoked'])
  })

  it('a certificate on no CRL is not revoked, and the note names the newest CRL', () => {
    const { dir, ca, chain } = officeCa()
    const result = chain([ca.crl([], join(dir, 'e.crl'))])
    expect(result.problems).toEqual([])
    expect(result.revocation).toContain('không bị thu hồi theo CRL của "VN Test CA Intermediate"')
  })
})
