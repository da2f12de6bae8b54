import type { reviewChannels } from '@shared/contract/reviews'
import { localToday } from '@shared/domain/deadline'
import { approveCase, approveYear, reopenCase } from '../services/reviews/approval'
import { addApplicant, addCase, caseDetail, findCaseByCode, listCases, openOngoingCase } from '../services/reviews/cases'
import { listCycles, openReview } from '../services/reviews/cycles'
import { certificates, meetingMinutes, publicList } from '../services/reviews/documents'
import { listMeetings, postResults, recordMeeting } from '../services/reviews/meeting'
import { movementHouseholds, movements } from '../services/reviews/movements'
import { reviewStatus } from '../services/reviews/progress'
import { previewRestandard, restandardReview } from '../services/reviews/restandard'
import { recordSurvey } from '../services/reviews/survey'
import { deleteTarget, listTargets, saveTarget, targetProgress } from '../services/reviews/targets'
import { saveDocumentsPdf } from '../services/plans/save-pdf'
import type { HandlerMap } from './types'

export const reviewHandlers: HandlerMap<keyof typeof reviewChannels> = {
  'review.today': async (ctx) => ({ date: localToday(ctx.now()) }),
  'review.cycles': (ctx) => listCycles(ctx),
  'review.open': (ctx, input) => openReview(ctx, input),
  'review.restandardPreview': (ctx, input) => previewRestandard(ctx, input),
  'review.restandard': (ctx, input) => restandardReview(ctx, input),
  'review.status': (ctx, { year }) => reviewStatus(ctx, year),
  'review.cases': (ctx, input) => listCases(ctx, input),
  'review.case': (ctx, { id }) => caseDetail(ctx, id),
  'review.findCase': (ctx, input) => findCaseByCode(ctx, input),
  'review.addApplicant': (ctx, input) => addApplicant(ctx, input),
  'review.addCase': (ctx, input) => addCase(ctx, input),
  'review.survey': (ctx, input) => recordSurvey(ctx, input),
  'review.meeting': (ctx, input) => recordMeeting(ctx, input),
  'review.meetings': (ctx, { year }) => listMeetings(ctx, year),
  'review.post': (ctx, input) => postResults(ctx, input),
  'review.approve': (ctx, input) => approveYear(ctx, input),
  'review.reopen': (ctx, input) => reopenCase(ctx, input),
  'review.approveCase': (ctx, input) => approveCase(ctx, input),
  'review.ongoing': (ctx, input) => openOngoingCase(ctx, input),
  'review.minutesPdf': async (ctx, { meetingId }) => {
    const doc = await meetingMinutes(ctx, meetingId)
    return saveDocumentsPdf(ctx, [doc], { title: 'Lưu biên bản họp thôn', defaultName: `Bien-ban-hop-thon ${doc.date}.pdf` })
  },
  'review.publicListPdf': async (ctx, input) => {
    const doc = await publicList(ctx, input)
    return saveDocumentsPdf(ctx, [doc], { title: 'Lưu danh sách niêm yết', defaultName: `Danh-sach-niem-yet ${input.year}.pdf` })
  },
  'review.certificatesPdf': async (ctx, input) => {
    const docs = await certificates(ctx, input)
    return saveDocumentsPdf(ctx, docs, { title: 'Lưu giấy chứng nhận', defaultName: `Giay-chung-nhan ${input.year}.pdf` })
  },
  'movements.get': (ctx, input) => movements(ctx, input),
  'movements.households': (ctx, input) => movementHouseholds(ctx, input),
  'targets.list': (ctx) => listTargets(ctx),
  'targets.save': (ctx, input) => saveTarget(ctx, input),
  'targets.delete': async (ctx, { id }) => {
    await deleteTarget(ctx, id)
    return { deleted: true as const }
  },
  'targets.progress': (ctx) => targetProgress(ctx),
}
