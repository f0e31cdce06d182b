/**
 * The performance and fairness toy set of statistics.md §9.4, with its published expected values
 * (scipy 1.17.1 / numpy 2.4.6 / sklearn 1.9.1).
 */
export const TOY_LABELS = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0];

export const TOY_SCORES = [
  0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.55, 0.7, 0.3, 0.65, 0.05, 0.45, 0.95, 0.4, 0.3, 0.45, 0.3,
  0.15, 0.35,
];

/** g = A×10 then B×10. */
export const TOY_GROUPS = [...Array<string>(10).fill('A'), ...Array<string>(10).fill('B')];

export const TOY_REGRESSION = {
  actual: [3, -0.5, 2, 7, 4.2, 0, 1.5],
  predicted: [2.5, 0, 2.1, 7.8, 3.9, 0.3, 1.0],
};
