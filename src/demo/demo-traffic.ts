import type { PredictionRecord } from '../monitoring/index.js';
import { generateApplications, type CreditApplication } from './credit-applications.js';
import { APPROVAL_CUTOFF } from './demo-content.js';

/** The feature columns the demo's production monitor tests (the label `defaulted` is not one). */
export const MONITORED_COLUMNS = [
  'age',
  'income',
  'debt_to_income',
  'credit_history_months',
  'employment_status',
  'loan_amount',
];

/** The applications scored on `day` (the same ones every time: the seed is the day's). */
function dayApplications(day: number, rows = 1500): CreditApplication[] {
  return generateApplications({
    seed: 20_260_000 + day + 1000,
    rows,
    incomeGrowth: 1.02,
    unemploymentShift: 0.015,
  });
}

/** How long the servicing system takes to report an early payment default, in demo days. */
export const OUTCOME_DELAY_DAYS = 14;

/**
 * The outcomes of `day`'s decisions as the loan servicing system reports them
 * OUTCOME_DELAY_DAYS later: 1 when the borrower defaulted early (missed the first instalments), 0
 * otherwise, joined to the predictions by id (the same ids as {@link dailyTraffic}). In the demo
 * the delay is compressed: a real early-default flag takes one to three months.
 */
export function dailyOutcomes(
  day: number,
  start: Date,
  rows?: number,
): { id: string; label: number }[] {
  return dayApplications(day, rows).map((r, i) => ({
    id: recordId(start, i),
    label: r.defaulted ? 1 : 0,
  }));
}

function recordId(start: Date, i: number): string {
  return `app-${start.toISOString().slice(0, 10)}-${String(i).padStart(4, '0')}`;
}

function ageBand(age: number): string {
  return age < 25 ? '21-24' : age < 35 ? '25-34' : age < 50 ? '35-49' : '50+';
}

/**
 * One day of production scoring requests for credit-risk, from the same generator as the
 * training data (a new seed per day, slightly newer economy). With `incomeMonthly`, the upstream
 * feature pipeline sends income as a monthly amount instead of an annual one: the incident the
 * demo's monitor catches. With `score`, each record carries the serving version's probability of
 * default for the features as sent, and the decision taken on it: `approved` below the cut-off,
 * `referred` to an underwriter otherwise. The records carry no label: outcomes arrive later
 * ({@link dailyOutcomes}).
 */
export function dailyTraffic(
  day: number,
  start: Date,
  options: {
    rows?: number;
    incomeMonthly?: boolean;
    score?: (application: CreditApplication) => number;
  } = {},
): PredictionRecord[] {
  const rows = dayApplications(day, options.rows);
  const spacing = 86_400_000 / rows.length;
  return rows.map((r, i) => {
    const sent: CreditApplication = {
      ...r,
      income: options.incomeMonthly === true ? Math.round(r.income / 12) : r.income,
    };
    const score = options.score?.(sent);
    return {
      id: recordId(start, i),
      timestamp: new Date(start.getTime() + Math.floor(i * spacing)).toISOString(),
      features: {
        age: sent.age,
        income: sent.income,
        debt_to_income: sent.debtToIncome,
        credit_history_months: sent.creditHistoryMonths,
        employment_status: sent.employmentStatus,
        loan_amount: sent.loanAmount,
      },
      ...(score === undefined
        ? {}
        : {
            score: Math.round(score * 1e6) / 1e6,
            prediction: score < APPROVAL_CUTOFF ? 'approved' : 'referred',
          }),
      segments: { age_band: ageBand(r.age) },
    };
  });
}
