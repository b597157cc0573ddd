export type EffectivenessStatus = 'PENDING' | 'PASS' | 'FAIL';

/** A check's result at one moment: what the verification window showed against the target. */
export interface EffectivenessResult {
  version: number;
  status: EffectivenessStatus;
  verificationValue: number | null;
  verificationSampleSize: number | null;
  detail: string;
  evaluatedAt: string;
}
