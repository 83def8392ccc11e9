/**
 * Long work in the core (building a dataset, its indexes, parsing a large file) is written as a
 * generator that yields between steps: the server runs a step per turn of its message loop, the
 * CLI and the tests run it through at once with `allSteps`.
 */
export function allSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
