import { killSuite } from './harness/kill-suite'
import { KILL_SUBJECTS } from './kill-subjects'

killSuite(
  'kill -9 at random points',
  KILL_SUBJECTS.filter((s) => !s.name.startsWith('households import')),
)
