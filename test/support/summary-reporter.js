/**
 * Prints one closing line that any CI can read: "jest: N passed, N failed, N skipped", plus
 * the test files that failed outside their tests (a suite that failed to run, or left a
 * handle open after its tests: test/support/environment.js).
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const broken = results.testResults.filter((r) => r.testExecError).length;
    const files = broken ? `, ${broken} test file${broken === 1 ? '' : 's'} failed outside their tests` : '';
    process.stdout.write(`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped${files}\n`);
  }
}
module.exports = SummaryReporter;
