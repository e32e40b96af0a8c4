/**
 * Prints the title of every skipped test (the titles carry the reason),
 * then one closing line, "jest: N passed, N failed, N skipped", that CI
 * reads as the test count.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status === "pending" || test.status === "skipped") {
          process.stdout.write(`skipped: ${test.fullName}\n`);
        }
      }
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}

module.exports = SummaryReporter;
