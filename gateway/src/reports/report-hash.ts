import { canonicalJson, sha256 } from '@lotgraph/server';

/**
 * SHA-256 (hex) of the data a report was rendered from: the graph's answers, errors included, as canonical JSON
 * (object keys sorted at every level, as the audit trail hashes its entries).
 */
export function dataSha256(answers: unknown): string {
  return sha256(canonicalJson(answers));
}
