// A stand-in function for test/infra/source-mapped-stack.test.ts: an error thrown in our code and
// logged as every function logs one. The throw is on the line the test names.
import { errorFields } from '../../shared/observability/log.js';

function failingStep(): never {
  throw new Error('the step failed');
}

export function handler() {
  try {
    failingStep();
  } catch (error) {
    return errorFields(error);
  }
}
