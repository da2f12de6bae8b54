import { killSuite } from './harness/kill-suite'
import { KILL_SUBJECTS } from './kill-subjects'

// The imports are the longest subjects: in a file of their own they run beside the others.
killSuite(
  'kill -9 at random points during household imports',
  KILL_SUBJECTS.filter((s) => s.name.startsWith('households import')),
)
