import { SeededRandom } from '../lib/seeded-random.js';

/**
 * The demo's second model: a card-payment fraud scorecard with weights set by hand (as payments
 * teams often do), evaluated on synthetic transactions whose fraud process it only partly knows.
 */

/** One card payment and whether it turned out to be fraud. */
export interface Transaction {
  amount: number;
  cardNotPresent: boolean;
  merchantRisk: number;
  transactionsLastHour: number;
  accountAgeDays: number;
  fraud: boolean;
}

/** Log-odds weights of the scorecard, keyed by feature. */
export const FRAUD_WEIGHTS = {
  intercept: -9.6,
  log_amount: 0.55,
  card_not_present: 1.6,
  merchant_risk: 3.4,
  transactions_last_hour: 0.7,
  account_age_under_30_days: 1.5,
} as const;

/** Transactions at or above this score are held for review. */
export const FRAUD_REVIEW_THRESHOLD = 0.1;

/** The scorecard's fraud probability for one payment. */
export function fraudScore(t: Omit<Transaction, 'fraud'>): number {
  const w = FRAUD_WEIGHTS;
  const z =
    w.intercept +
    w.log_amount * Math.log(t.amount) +
    w.card_not_present * (t.cardNotPresent ? 1 : 0) +
    w.merchant_risk * t.merchantRisk +
    w.transactions_last_hour * t.transactionsLastHour +
    w.account_age_under_30_days * (t.accountAgeDays < 30 ? 1 : 0);
  return 1 / (1 + Math.exp(-z));
}

/**
 * Synthetic transactions. The true process adds a night-time effect and noise the scorecard
 * does not model, so its measured AUC is realistic rather than perfect.
 */
export function generateTransactions(seed: number, rows: number): Transaction[] {
  const random = new SeededRandom(seed);
  const out: Transaction[] = [];
  for (let i = 0; i < rows; i++) {
    const amount = Math.round(Math.min(5_000, 45 * Math.exp(1.1 * random.normal())) * 100) / 100;
    const cardNotPresent = random.next() < 0.38;
    const merchantRisk = Math.round(random.next() ** 2 * 1000) / 1000;
    const transactionsLastHour = Math.floor(-Math.log(1 - random.next()) * 0.8);
    const accountAgeDays = Math.floor(random.next() ** 0.5 * 3650);
    const night = random.next() < 0.18;
    const t = { amount, cardNotPresent, merchantRisk, transactionsLastHour, accountAgeDays };
    const trueLogit =
      Math.log(fraudScore(t) / (1 - fraudScore(t))) + (night ? 0.7 : 0) + 0.5 * random.normal();
    out.push({ ...t, fraud: random.next() < 1 / (1 + Math.exp(-trueLogit)) });
  }
  return out;
}
