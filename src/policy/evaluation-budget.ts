/**
 * A bound on the work one rule evaluation may do. @bufbuild/cel 0.6.1 has no cost limits, so
 * compiled expressions are instrumented: every comprehension (all, exists, exists_one, map,
 * filter) calls `tick()` once per iteration. Evaluation is synchronous, so one meter serves the
 * whole process: it is armed before a rule runs and read straight after.
 */
export class EvaluationBudget {
  private remaining = Number.POSITIVE_INFINITY;
  private spent = false;

  /** Arms the meter for one evaluation of at most `steps` comprehension iterations. */
  start(steps: number): void {
    this.remaining = steps;
    this.spent = false;
  }

  /** Disarms the meter; reports whether the evaluation ran out of budget. */
  stop(): boolean {
    this.remaining = Number.POSITIVE_INFINITY;
    return this.spent;
  }

  tick(): void {
    this.remaining -= 1;
    if (this.remaining < 0) {
      this.spent = true;
      // Thrown into the evaluator, which turns it into a CEL error value; once spent, every
      // further iteration fails at once, so the evaluation unwinds in bounded time.
      throw new BudgetExceededError();
    }
  }
}

export class BudgetExceededError extends Error {
  constructor() {
    super('evaluation budget exceeded');
    this.name = 'BudgetExceededError';
  }
}

/** Default number of comprehension iterations one rule (when + require) may take. */
export const DEFAULT_EVALUATION_BUDGET = 100_000;

export const evaluationBudget = new EvaluationBudget();
