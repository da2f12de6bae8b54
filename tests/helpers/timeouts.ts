/**
 * How long a test waits for the screen to show what it expects. Sized for a 2-core machine with one
 * core taken by something else: a passing wait ends as soon as the screen is right, so a generous
 * limit costs nothing; only a failure waits it out. Every e2e wait uses this one number.
 */
export const UI_TIMEOUT = 30_000

/** How long one e2e test may run in all: a walkthrough of a dozen steps, each allowed UI_TIMEOUT. */
export const E2E_TEST_TIMEOUT = 240_000
