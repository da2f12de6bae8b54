import { killSuite } from './harness/kill-suite'
import { KILL_SUBJECT_GROUPS } from './kill-subjects'

// Backups, restores and a long write (see kill.test.ts for why the suite has four files).
killSuite('kill -9 at random points during backup, restore and a long write', KILL_SUBJECT_GROUPS.backupsAndWrites)
