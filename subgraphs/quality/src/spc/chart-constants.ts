/** Factors for variables control charts of one subgroup size n. */
export interface ChartConstants {
  n: number;
  /** X̄ chart limits from R̄: X̄̄ ± A2·R̄. */
  A2: number;
  /** X̄ chart limits from S̄: X̄̄ ± A3·S̄. */
  A3: number;
  /** E[s] = c4·σ: σ is estimated as S̄ / c4. */
  c4: number;
  /** S chart limits: B3·S̄ .. B4·S̄. */
  B3: number;
  B4: number;
  /** E[R] = d2·σ: σ is estimated as R̄ / d2 (a moving range of two: MR̄ / 1.128). */
  d2: number;
  /** R chart limits: D3·R̄ .. D4·R̄. */
  D3: number;
  D4: number;
}

export const MIN_SUBGROUP_SIZE = 2;
export const MAX_SUBGROUP_SIZE = 25;

/**
 * The published table, to its printed digits: ASTM MNL 7 (Manual on Presentation of Data and Control Chart
 * Analysis), as reprinted in D. C. Montgomery, Introduction to Statistical Quality Control, Appendix VI
 * ("Factors for constructing variables control charts"). Columns: n, A2, A3, c4, B3, B4, d2, D3, D4.
 */
const TABLE: ReadonlyArray<readonly [number, number, number, number, number, number, number, number, number]> = [
  [2, 1.88, 2.659, 0.7979, 0, 3.267, 1.128, 0, 3.267],
  [3, 1.023, 1.954, 0.8862, 0, 2.568, 1.693, 0, 2.574],
  [4, 0.729, 1.628, 0.9213, 0, 2.266, 2.059, 0, 2.282],
  [5, 0.577, 1.427, 0.94, 0, 2.089, 2.326, 0, 2.114],
  [6, 0.483, 1.287, 0.9515, 0.03, 1.97, 2.534, 0, 2.004],
  [7, 0.419, 1.182, 0.9594, 0.118, 1.882, 2.704, 0.076, 1.924],
  [8, 0.373, 1.099, 0.965, 0.185, 1.815, 2.847, 0.136, 1.864],
  [9, 0.337, 1.032, 0.9693, 0.239, 1.761, 2.97, 0.184, 1.816],
  [10, 0.308, 0.975, 0.9727, 0.284, 1.716, 3.078, 0.223, 1.777],
  [11, 0.285, 0.927, 0.9754, 0.321, 1.679, 3.173, 0.256, 1.744],
  [12, 0.266, 0.886, 0.9776, 0.354, 1.646, 3.258, 0.283, 1.717],
  [13, 0.249, 0.85, 0.9794, 0.382, 1.618, 3.336, 0.307, 1.693],
  [14, 0.235, 0.817, 0.981, 0.406, 1.594, 3.407, 0.328, 1.672],
  [15, 0.223, 0.789, 0.9823, 0.428, 1.572, 3.472, 0.347, 1.653],
  [16, 0.212, 0.763, 0.9835, 0.448, 1.552, 3.532, 0.363, 1.637],
  [17, 0.203, 0.739, 0.9845, 0.466, 1.534, 3.588, 0.378, 1.622],
  [18, 0.194, 0.718, 0.9854, 0.482, 1.518, 3.64, 0.391, 1.608],
  [19, 0.187, 0.698, 0.9862, 0.497, 1.503, 3.689, 0.403, 1.597],
  [20, 0.18, 0.68, 0.9869, 0.51, 1.49, 3.735, 0.415, 1.585],
  [21, 0.173, 0.663, 0.9876, 0.523, 1.477, 3.778, 0.425, 1.575],
  [22, 0.167, 0.647, 0.9882, 0.534, 1.466, 3.819, 0.434, 1.566],
  [23, 0.162, 0.633, 0.9887, 0.545, 1.455, 3.858, 0.443, 1.557],
  [24, 0.157, 0.619, 0.9892, 0.555, 1.445, 3.895, 0.451, 1.548],
  [25, 0.153, 0.606, 0.9896, 0.565, 1.435, 3.931, 0.459, 1.541],
];

const BY_SIZE = new Map(TABLE.map(([n, A2, A3, c4, B3, B4, d2, D3, D4]): [number, ChartConstants] => [n, { n, A2, A3, c4, B3, B4, d2, D3, D4 }]));

/** The constants of subgroups of n (2..25); throws outside the table. */
export function chartConstants(n: number): ChartConstants {
  const constants = BY_SIZE.get(n);
  if (!constants) throw new RangeError(`control chart constants are tabled for subgroups of ${MIN_SUBGROUP_SIZE} to ${MAX_SUBGROUP_SIZE}, not ${n}`);
  return constants;
}

/** d2 of a moving range of two consecutive readings (the individuals chart): 1.128. */
export const D2_MOVING_RANGE = chartConstants(2).d2;
