import { useEffect, useMemo, useState } from 'react'
import { CLASSIFICATIONS, SPECIAL_GROUPS, type Classification, type SpecialGroup } from '@shared/domain/households'
import type { HouseholdRow } from '@shared/domain/household-views'
import type { AdminUnit } from '@shared/domain/units'
import { formatInt, formatVnd } from '@shared/text/format'
import { t } from '../i18n'
import { classBadge, classLabel } from './labels'
import { usePagedList, type ListFilters } from './usePagedList'
import { VirtualTable, type Column } from './VirtualTable'

interface Props {
  communes: AdminUnit[]
  villages: AdminUnit[]
  onOpen: (id: string) => void
}

const FIRST_YEAR = 2016

/** Filters, a search that ignores diacritics, and the virtualized table of households. */
export function HouseholdList({ communes, villages, onOpen }: Props) {
  const [text, setText] = useState('')
  const [search, setSearch] = useState('')
  const [communeId, setCommuneId] = useState('')
  const [villageId, setVillageId] = useState('')
  const [classification, setClassification] = useState<Classification | ''>('')
  const [group, setGroup] = useState<SpecialGroup | ''>('')
  const [year, setYear] = useState('')
  const [sort, setSort] = useState<'name' | 'code'>('name')

  // Searching waits for a pause in typing, so each keystroke does not cost a query.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(text), 200)
    return () => clearTimeout(timer)
  }, [text])

  const filters: ListFilters = useMemo(
    () => ({
      search,
      unitId: villageId || communeId || null,
      classification: classification || null,
      specialGroup: group || null,
      year: year ? Number(year) : null,
      sort,
    }),
    [search, villageId, communeId, classification, group, year, sort],
  )
  const list = usePagedList(filters)
  const shownVillages = communeId ? villages.filter((v) => v.parentId === communeId) : villages
  const years = Array.from({ length: new Date().getFullYear() + 1 - FIRST_YEAR + 1 }, (_, i) => new Date().getFullYear() + 1 - i)

  const columns: Column<HouseholdRow>[] = [
    { header: t('households.col.code'), width: '9rem', cell: (r) => r.code },
    {
      header: t('households.col.head'),
      width: 'minmax(12rem, 2fr)',
      cell: (r) => (
        <button type="button" className="link" onClick={() => onOpen(r.id)}>
          {r.headName}
        </button>
      ),
    },
    { header: t('households.col.unit'), width: 'minmax(8rem, 1fr)', cell: (r) => r.unitName },
    { header: t('households.col.members'), width: '5rem', className: 'num', cell: (r) => formatInt(r.memberCount) },
    { header: t('households.col.year'), width: '4.5rem', className: 'num', cell: (r) => r.year ?? '' },
    {
      header: t('households.col.class'),
      width: '12rem',
      cell: (r) => (r.classification ? <span className={classBadge(r.classification)}>{classLabel(r.classification)}</span> : ''),
    },
    {
      header: t('households.col.income'),
      width: '10rem',
      className: 'num',
      cell: (r) => (r.incomePerPersonMonth === null ? '' : formatVnd(r.incomePerPersonMonth)),
    },
  ]

  return (
    <div className="household-list">
      <div className="toolbar filters">
        <label className="grow">
          {t('households.search')}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('households.searchHint')} />
        </label>
        <label>
          {t('households.filter.commune')}
          <select
            value={communeId}
            onChange={(e) => {
              setCommuneId(e.target.value)
              setVillageId('')
            }}
          >
            <option value="">{t('households.filter.all')}</option>
            {communes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('households.filter.village')}
          <select value={villageId} onChange={(e) => setVillageId(e.target.value)}>
            <option value="">{t('households.filter.all')}</option>
            {shownVillages.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('households.filter.class')}
          <select value={classification} onChange={(e) => setClassification(e.target.value as Classification | '')}>
            <option value="">{t('households.filter.all')}</option>
            {CLASSIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {classLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('households.filter.group')}
          <select value={group} onChange={(e) => setGroup(e.target.value as SpecialGroup | '')}>
            <option value="">{t('households.filter.all')}</option>
            {SPECIAL_GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`households.group.${g}` as const)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('households.filter.year')}
          <select value={year} onChange={(e) => setYear(e.target.value)}>
            <option value="">{t('households.filter.latestYear')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('households.sort')}
          <select value={sort} onChange={(e) => setSort(e.target.value as 'name' | 'code')}>
            <option value="name">{t('households.sort.name')}</option>
            <option value="code">{t('households.sort.code')}</option>
          </select>
        </label>
      </div>
      <p role="status" className="list-count">
        {list.total === null
          ? t('common.loading')
          : list.capped
            ? t('households.countCapped', { count: formatInt(list.total) })
            : t('households.count', { count: formatInt(list.total) })}
      </p>
      {list.error ? (
        <div className="form-error" role="alert">
          {list.error}
        </div>
      ) : null}
      {list.total === 0 ? (
        <p>{t('households.empty')}</p>
      ) : list.total !== null ? (
        <VirtualTable
          label={t('households.tableLabel')}
          total={list.total}
          rowAt={list.rowAt}
          ensure={list.ensure}
          columns={columns}
          loadingText={t('households.rowLoading')}
        />
      ) : null}
    </div>
  )
}
