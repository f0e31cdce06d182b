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

function ageBand(age: number): string {
  return age < 25 ? '21-24' : age < 35 ? '25-34' : age < 50 ? '35-49' : '50+';
}

/**
 * One day of production scoring requests for credit-risk, from the same generator as the
 * training data (a new seed per day, slightly newer economy). With `incomeMonthly`, the upstream
 * feature pipeline sends income as a monthly amount instead of an annual one: the incident the
 * demo's monitor catches. With `score`, each record carries the serving version's probability of
 * default for the features as sent, and the decision taken on it: `approved` below the cut-off,
 * `referred` to an underwriter otherwise. Outcomes (defaults) take months to mature, so the
 * records carry no label.
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
  const rows = generateApplications({
    seed: 20_260_000 + day + 1000,
    rows: options.rows ?? 1500,
    incomeGrowth: 1.02,
    unemploymentShift: 0.015,
  });
  const spacing = 86_400_000 / rows.length;
  return rows.map((r, i) => {
    const sent: CreditApplication = {
      ...r,
      income: options.incomeMonthly === true ? Math.round(r.income / 12) : r.income,
    };
    const score = options.score?.(sent);
    return {
      id: `app-${start.toISOString().slice(0, 10)}-${String(i).padStart(4, '0')}`,
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
