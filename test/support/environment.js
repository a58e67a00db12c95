/**
 * The jest environment of every project: Node's, plus two checks that need the worker's
 * real `process` (a test file only sees a copy):
 *
 * - process warnings are handed to the file (`globalThis.__accordProcessWarnings`), so
 *   test/support/db-guard.ts fails the test during which pg warned about concurrent queries;
 * - a file that leaves a socket, server, timer or child process open after its tests fails
 *   (teardown). Such a handle keeps the jest worker alive at the end of the run, and jest
 *   then force-exits it ("A worker process has failed to exit gracefully").
 */
const { TestEnvironment } = require('jest-environment-node');

/** How long teardown lets closing handles finish closing before it calls them leaked. */
const GRACE_MS = 2000;

function counts(resources) {
  const map = new Map();
  for (const r of resources) map.set(r, (map.get(r) ?? 0) + 1);
  return map;
}

class AccordEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async setup() {
    await super.setup();
    this.before = counts(process.getActiveResourcesInfo());
    this.warnings = [];
    this.onWarning = (warning) => this.warnings.push({ name: warning.name, message: warning.message, stack: warning.stack });
    process.on('warning', this.onWarning);
    this.global.__accordProcessWarnings = this.warnings;
  }

  leftovers() {
    const after = counts(process.getActiveResourcesInfo());
    return [...after].filter(([type, n]) => n > (this.before.get(type) ?? 0)).map(([type, n]) => `${n - (this.before.get(type) ?? 0)} × ${type}`);
  }

  async teardown() {
    await super.teardown();
    process.off('warning', this.onWarning);
    let left = this.leftovers();
    for (let waited = 0; left.length && waited < GRACE_MS; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50).unref());
      left = this.leftovers();
    }
    if (left.length) {
      throw new Error(
        `${this.testPath} left ${left.join(', ')} open after its tests (a jest worker holding an open handle is force-exited at the end ` +
          'of the run): close servers, sockets, pools and child processes, and clear or unref timers, in afterAll',
      );
    }
  }
}

module.exports = AccordEnvironment;
