/** The audit entry and e-signature selections both reports show (types shared by every subgraph). */
export const AUDIT_ENTRY_FRAGMENT = `fragment ReportAuditEntry on AuditEntry {
  chain seq recordedAt action reason
  actor { id name roles }
  changes { field label labelZh old new }
}`;

export const SIGNATURE_FRAGMENT = `fragment ReportSignature on ESignature {
  meaning signerId printedName signerRoles signedAt valid reason contentHash
}`;

export interface AuditEntryData {
  chain: string;
  seq: number;
  recordedAt: string;
  action: string;
  reason: string | null;
  actor: { id: string; name: string; roles: string[] };
  changes: Array<{ field: string; label: string; labelZh: string; old: string | null; new: string | null }>;
}

export interface SignatureData {
  meaning: string;
  signerId: string;
  printedName: string;
  signerRoles: string[];
  signedAt: string;
  valid: boolean;
  reason: string | null;
  contentHash: string;
}
