import { useCallback, useEffect, useRef, useState } from 'react'
import type { OfficeProfile } from '@shared/domain/office'
import type { HouseholdDetail } from '@shared/domain/household-views'
import type { AdminUnit } from '@shared/domain/units'
import type { PovertyStandard } from '@shared/standards/schema'
import { viCollator } from '@shared/text/fold'
import { call, onChange } from '../api'
import { useQuery } from '../data/useQuery'
import { t } from '../i18n'
import { DuplicatesPanel } from './DuplicatesPanel'
import { HouseholdForm } from './HouseholdForm'
import { HouseholdList } from './HouseholdList'
import { HouseholdPage } from './HouseholdPage'
import { ImportDialog } from './ImportDialog'
import './households.css'

type View =
  { kind: 'list' } | { kind: 'duplicates' } | { kind: 'detail'; detail: HouseholdDetail } | { kind: 'edit'; detail: HouseholdDetail | null }

// Stable empties while loading, so the form's effects do not see a new list each render.
const NO_STANDARDS: PovertyStandard[] = []
const NO_UNITS: AdminUnit[] = []

const byName = (a: AdminUnit, b: AdminUnit) => viCollator.compare(a.name, b.name)

/** The household register: list and search, a household's page, the entry form, Excel import and possible duplicates. */
export function HouseholdsPage({ visit }: { office: OfficeProfile; visit: number }) {
  const [view, setView] = useState<View>({ kind: 'list' })
  const [importing, setImporting] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  // A status line is about the last thing done: it goes when the clerk starts something else.
  const go = useCallback((next: View) => {
    setNotice(null)
    setView(next)
  }, [])
  // The clerk chose "Hộ gia đình" again (nav or Alt+2): back to the list; from the form, through its
  // own leaving (which asks first when something was typed), landing on the list.
  const [leaveRequest, setLeaveRequest] = useState(0)
  const [seenVisit, setSeenVisit] = useState(visit)
  if (visit !== seenVisit) {
    setSeenVisit(visit)
    setNotice(null)
    if (view.kind === 'edit') {
      setLeaveRequest((n) => n + 1)
    } else setView({ kind: 'list' })
  }

  // Like the list and the duplicates, these load again when main says their data changed.
  const standards: PovertyStandard[] = useQuery('households.standards', {}, { topics: ['households'] }).data ?? NO_STANDARDS
  const units: AdminUnit[] = useQuery('units.list', {}, { topics: ['units'] }).data ?? NO_UNITS
  const communes = units.filter((u) => u.kind === 'commune' && u.active).sort(byName)
  const villages = units.filter((u) => u.kind !== 'commune' && u.kind !== 'province' && u.kind !== 'district' && u.active).sort(byName)

  // The household on screen, changed in another window (or by an import): shown as it now is.
  const detailId = view.kind === 'detail' ? view.detail.id : null
  useEffect(() => {
    if (!detailId) return
    return onChange(['households'], () => {
      void call('households.get', { id: detailId }).then((detail) =>
        setView((v) => (v.kind === 'detail' && v.detail.id === detailId ? { kind: 'detail', detail } : v)),
      )
    })
  }, [detailId])

  const open = useCallback((id: string) => {
    setNotice(null)
    void call('households.get', { id }).then((detail) => setView({ kind: 'detail', detail }))
  }, [])
  const importButton = useRef<HTMLButtonElement>(null)
  const closeImport = useCallback(() => {
    setImporting(false)
    // Back to the button that opened the dialog, so the keyboard user is where they were.
    setTimeout(() => importButton.current?.focus())
  }, [])

  const saveTemplate = async () => {
    setNotice(null)
    const r = await call('households.template.save', {})
    if (r.saved) setNotice(t('households.templateSaved', { file: r.fileName }))
  }

  if (view.kind === 'edit') {
    return (
      <section>
        <h1>{t('households.title')}</h1>
        <HouseholdForm
          existing={view.detail}
          standards={standards}
          villages={villages}
          onSaved={(detail) => {
            setNotice(t('households.form.saved', { code: detail.code }))
            setView({ kind: 'detail', detail })
          }}
          leaveRequest={leaveRequest}
          onCancel={(toList) => go(toList || !view.detail ? { kind: 'list' } : { kind: 'detail', detail: view.detail })}
        />
      </section>
    )
  }

  return (
    <section>
      <h1>{t('households.title')}</h1>
      {notice ? <p role="status">{notice}</p> : null}
      {view.kind === 'detail' ? (
        <HouseholdPage
          detail={view.detail}
          onBack={() => go({ kind: 'list' })}
          onEdit={() => go({ kind: 'edit', detail: view.detail })}
          onChanged={(detail) => {
            // The save notice above is about an earlier change; the page's own status says what just happened.
            setNotice(null)
            setView({ kind: 'detail', detail })
          }}
        />
      ) : (
        <>
          <div className="actions">
            <button type="button" className="primary" onClick={() => go({ kind: 'edit', detail: null })}>
              {t('households.add')}
            </button>
            <button
              ref={importButton}
              type="button"
              onClick={() => {
                setNotice(null)
                setImporting(true)
              }}
            >
              {t('households.import')}
            </button>
            <button type="button" onClick={() => void saveTemplate()}>
              {t('households.template')}
            </button>
          </div>
          <div role="tablist" className="tabs">
            {(['list', 'duplicates'] as const).map((k) => (
              <button key={k} type="button" role="tab" aria-selected={view.kind === k} onClick={() => go({ kind: k })}>
                {t(`households.tab.${k}` as const)}
              </button>
            ))}
          </div>
          <div role="tabpanel">
            {view.kind === 'list' ? (
              <HouseholdList communes={communes} villages={villages} onOpen={open} />
            ) : (
              <DuplicatesPanel onOpen={open} />
            )}
          </div>
        </>
      )}
      {importing ? <ImportDialog communes={communes} onClose={closeImport} /> : null}
    </section>
  )
}
