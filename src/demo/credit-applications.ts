import { SeededRandom } from '../lib/seeded-random.js';

/**
 * Synthetic consumer-loan applications for the demo. The population has a known default process
 * (a threshold effect in debt-to-income, an age band effect, employment effects), so a tree
 * ensemble can honestly beat a logistic regression on it, and every metric the demo records is
 * computed from these rows rather than typed in.
 */

/** The employment statuses an application can state; also the input schema's enum. */
export const EMPLOYMENT_STATUSES = [
  'employed',
  'self-employed',
  'unemployed',
  'retired',
  'student',
] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

/** One application, with the values exactly as written to the CSV (already rounded). */
export interface CreditApplication {
  age: number;
  income: number;
  debtToIncome: number;
  creditHistoryMonths: number;
  employmentStatus: EmploymentStatus;
  loanAmount: number;
  defaulted: boolean;
}

/** The columns as the registry records them (name and type) for each dataset version. */
export const CREDIT_APPLICATION_COLUMNS = [
  { name: 'age', type: 'int' },
  { name: 'income', type: 'float' },
  { name: 'debt_to_income', type: 'float' },
  { name: 'credit_history_months', type: 'int' },
  { name: 'employment_status', type: 'string' },
  { name: 'loan_amount', type: 'float' },
  { name: 'defaulted', type: 'bool' },
] as const;

/** What differs between quarters: the seed, the volume and a little economic drift. */
export interface QuarterSpec {
  seed: number;
  rows: number;
  /** Multiplier on incomes (wage growth). */
  incomeGrowth: number;
  /** Added to the unemployed share of working-age applicants. */
  unemploymentShift: number;
}

const MEDIAN_INCOME: Record<EmploymentStatus, number> = {
  employed: 52_000,
  'self-employed': 58_000,
  unemployed: 14_000,
  retired: 31_000,
  student: 11_000,
};

const STATUS_RISK: Record<EmploymentStatus, number> = {
  employed: 0,
  'self-employed': 0.3,
  unemployed: 1.2,
  retired: 0.1,
  student: 0.6,
};

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const round = (value: number, step: number) => Math.round(value / step) * step;

/** Generates `spec.rows` applications; the same spec always gives the same rows. */
export function generateApplications(spec: QuarterSpec): CreditApplication[] {
  const random = new SeededRandom(spec.seed);
  const rows: CreditApplication[] = [];
  for (let i = 0; i < spec.rows; i++) {
    const age = Math.round(clamp(41 + 12 * random.normal(), 21, 75));
    const employmentStatus = random.pick<EmploymentStatus>(
      age < 26
        ? [
            ['employed', 0.62],
            ['student', 0.2],
            ['unemployed', 0.1 + spec.unemploymentShift],
            ['self-employed', 0.08],
          ]
        : age > 62
          ? [
              ['retired', 0.62],
              ['employed', 0.26],
              ['self-employed', 0.1],
              ['unemployed', 0.02],
            ]
          : [
              ['employed', 0.76],
              ['self-employed', 0.16],
              ['unemployed', 0.06 + spec.unemploymentShift],
              ['student', 0.02],
            ],
    );
    const ageFactor = 1 + 0.012 * (Math.min(age, 55) - 35);
    const income = round(
      MEDIAN_INCOME[employmentStatus] *
        spec.incomeGrowth *
        ageFactor *
        Math.exp(0.42 * random.normal()),
      50,
    );
    const loanAmount = round(clamp(12_000 * Math.exp(0.6 * random.normal()), 1_000, 50_000), 50);
    const debtToIncome =
      Math.round(
        clamp(
          0.24 + 0.09 * random.normal() + 0.12 * (loanAmount / Math.max(income, 1)),
          0.01,
          0.9,
        ) * 1000,
      ) / 1000;
    const creditHistoryMonths = Math.min(
      480,
      Math.round((age - 18) * 12 * (0.3 + 0.65 * random.next())),
    );
    const logit =
      -3.1 +
      1.6 * (debtToIncome - 0.3) +
      (debtToIncome > 0.43 ? 1.15 : 0) -
      0.55 * Math.log(Math.max(income, 1_000) / 45_000) -
      0.0035 * (creditHistoryMonths - 120) +
      (age < 25 ? 0.35 : age < 35 ? 0.15 : 0) +
      STATUS_RISK[employmentStatus] +
      0.22 * Math.log(loanAmount / 10_000);
    const defaulted = random.next() < 1 / (1 + Math.exp(-logit));
    rows.push({
      age,
      income,
      debtToIncome,
      creditHistoryMonths,
      employmentStatus,
      loanAmount,
      defaulted,
    });
  }
  return rows;
}

/** RFC 4180 CSV with a header row and LF line endings; these bytes are what the digest covers. */
export function applicationsToCsv(rows: readonly CreditApplication[]): string {
  const header = CREDIT_APPLICATION_COLUMNS.map((c) => c.name).join(',');
  const lines = rows.map((r) =>
    [
      r.age,
      r.income.toFixed(2),
      r.debtToIncome.toFixed(3),
      r.creditHistoryMonths,
      r.employmentStatus,
      r.loanAmount.toFixed(2),
      r.defaulted,
    ].join(','),
  );
  return `${header}\n${lines.join('\n')}\n`;
}
