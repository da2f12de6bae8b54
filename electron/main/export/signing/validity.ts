import { localToday } from '@shared/domain/deadline'
import type { Problem } from '@shared/domain/packages'
import { formatDate } from '@shared/text/format'
import type { CertificateInfo } from './certificate'

/**
 * A certificate is judged by the verifier's clock and its own dates, never by the time the signer
 * wrote into the signature: that time is the signer's claim, so an expired key with the clock set
 * back would otherwise still sign "in time". The signing time must also agree (inside the
 * certificate's dates, not after now).
 */

/**
 * How far a signing time may run ahead of this clock. A PC whose time zone is set wrong while its
 * clock shows the right local time is off by up to 14 hours; a day covers that without letting a
 * package be dated into a certificate's future.
 */
export const SIGNING_CLOCK_SKEW_MS = 24 * 3600_000

const day = (d: Date | string) => formatDate(localToday(new Date(d)))
const dayTime = (d: Date) => {
  const local = new Date(d.getTime() + 7 * 3600_000).toISOString()
  return `${formatDate(local)} ${local.slice(11, 16)}`
}
const span = (c: CertificateInfo) => `${day(c.notBefore)} – ${day(c.notAfter)}`

/** Whether the certificate is valid now; the message gives its dates and today's. */
export function certificateDatesProblem(c: CertificateInfo, now: Date): Problem | null {
  const who = c.subject.name ? ` của ${c.subject.name}` : ''
  if (now < new Date(c.notBefore)) {
    return {
      code: 'signer.not-yet-valid',
      message: `Chứng thư số${who} chưa có hiệu lực: hiệu lực từ ${span(c)}, hôm nay là ${day(now)}.`,
    }
  }
  if (now > new Date(c.notAfter)) {
    return {
      code: 'signer.expired',
      message: `Chứng thư số${who} đã hết hạn ngày ${day(c.notAfter)} (hiệu lực ${span(c)}), hôm nay là ${day(now)}.`,
    }
  }
  return null
}

/** The certificate's validity now, then the signing time against its dates and against now. */
export function signatureTimeProblems(c: CertificateInfo, signingTime: Date | null, now: Date): Problem[] {
  const problems: Problem[] = []
  const dates = certificateDatesProblem(c, now)
  if (dates) problems.push(dates)
  if (!signingTime) {
    problems.push({ code: 'signer.time-missing', message: 'Chữ ký không ghi thời điểm ký (signingTime).' })
  } else if (signingTime < new Date(c.notBefore) || signingTime > new Date(c.notAfter)) {
    problems.push({
      code: 'signer.time-outside',
      message: `Thời điểm ký ghi trong chữ ký (${dayTime(signingTime)}) nằm ngoài thời hạn của chứng thư số (${span(c)}).`,
    })
  } else if (signingTime.getTime() > now.getTime() + SIGNING_CLOCK_SKEW_MS) {
    problems.push({
      code: 'signer.time-future',
      message:
        `Thời điểm ký ghi trong chữ ký (${dayTime(signingTime)}) ở sau thời điểm hiện tại của máy này (${dayTime(now)}): ` +
        'đồng hồ của máy ký bị đặt sai. Hãy chỉnh đồng hồ rồi ký lại.',
    })
  }
  return problems
}
