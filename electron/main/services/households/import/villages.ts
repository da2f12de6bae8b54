import { randomUUID } from 'node:crypto'
import { fold } from '@shared/text/fold'
import type { Store } from '../../../store/open'
import { prepareInsert } from '../../../store/prepared'

const PREFIX = /^(thon|ban|xom|to dan pho|to|ap|khu pho|khom|khu|lang|soc|buon|plei)\s+/

/** "Thôn Đồng Tâm", "thon dong tam" and "Đồng Tâm" are the same village. */
export function villageKey(name: string): string {
  return fold(name).replace(PREFIX, '').trim()
}

export interface VillageResolver {
  /** The unit id for a village name, creating it under the default commune if unknown (inside the caller's transaction). */
  resolve(name: string): string
  added: string[]
}

/**
 * Matches village names to the office's units (ignoring case, diacritics and the Thôn/Bản/Xóm/Tổ
 * prefixes) and adds the unknown ones under the chosen commune. Runs on the raw handle inside the
 * import's transaction, so a cancelled import leaves no new village behind either.
 */
export function villageResolver(store: Store, communeId: string | null, officeName: string, at: string): VillageResolver {
  const units = store.sqlite.prepare('select id, name, kind, parent_id from admin_units where active = 1').all() as {
    id: string
    name: string
    kind: string
    parent_id: string | null
  }[]
  const byKey = new Map<string, string>()
  for (const u of units) if (u.kind !== 'commune' && u.kind !== 'province' && u.kind !== 'district') byKey.set(villageKey(u.name), u.id)
  const insert = prepareInsert(store, (r) => store.db.insertInto('admin_units').values(r), {
    id: '',
    parent_id: null as string | null,
    kind: 'village',
    code: '',
    name: '',
    name_folded: '',
    active: 1,
    created_at: at,
    updated_at: at,
  })
  let parent = communeId ?? units.find((u) => u.kind === 'commune')?.id ?? null
  const added: string[] = []
  // A list names the same few villages thousands of times: fold each spelling once.
  const bySpelling = new Map<string, string>()
  const resolveKey = (name: string): string => {
    const key = villageKey(name)
    const known = byKey.get(key)
    if (known) return known
    if (!parent) {
      // A register with no commune yet (a CLI import into a new file): the office itself is the commune.
      parent = randomUUID()
      insert({
        id: parent,
        parent_id: null,
        kind: 'commune',
        code: '',
        name: officeName,
        name_folded: fold(officeName),
        active: 1,
        created_at: at,
        updated_at: at,
      })
    }
    const id = randomUUID()
    const clean = name.trim().replace(/\s+/g, ' ')
    insert({
      id,
      parent_id: parent,
      kind: 'village',
      code: '',
      name: clean,
      name_folded: fold(clean),
      active: 1,
      created_at: at,
      updated_at: at,
    })
    byKey.set(key, id)
    added.push(clean)
    return id
  }
  return {
    added,
    resolve(name) {
      let id = bySpelling.get(name)
      if (id === undefined) bySpelling.set(name, (id = resolveKey(name)))
      return id
    },
  }
}
