/**
 * A bound on the work one rule evaluation may do. @bufbuild/cel 0.6.1 has no cost limits, so
 * compiled expressions are metered: every comprehension iteration (all, exists, exists_one, map,
 * filter) costs one unit, and every function or operator call costs one unit plus one per
 * COST_PER_UNIT elements or characters it is given (so `x in list`, `list == list` or
 * `s.matches(re)` inside a loop are paid for, not just the loop). A unit is roughly a microsecond
 * of work. Evaluation is synchronous, so one meter serves the whole process: it is armed before a
 * rule runs and read straight after.
 */
export class EvaluationBudget {
  private remaining = Number.POSITIVE_INFINITY;
  private spent = false;

  /** Arms the meter for one evaluation of at most `units`. */
  start(units: number): void {
    this.remaining = units;
    this.spent = false;
  }

  /** Disarms the meter; reports whether the evaluation ran out of budget. */
  stop(): boolean {
    this.remaining = Number.POSITIVE_INFINITY;
    return this.spent;
  }

  charge(units: number): void {
    this.remaining -= units;
    if (this.remaining < 0) {
      this.spent = true;
      // Thrown into the evaluator, which turns it into a CEL error value; once spent, every
      // further iteration or call fails at once, so the evaluation unwinds in bounded time.
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

/** Elements or characters a function may process per unit charged. */
export const COST_PER_UNIT = 8;

/**
 * Default cost units one rule (when + require) may take: a fraction of a second of work at worst,
 * and far more than a realistic rule needs (checking 10,000 artifact digests against a regular
 * expression costs about 140,000).
 */
export const DEFAULT_EVALUATION_BUDGET = 250_000;

export const evaluationBudget = new EvaluationBudget();
