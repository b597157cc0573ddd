import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';

type ResolverMap = Record<string, unknown>;

/** Merges per-module resolver maps type by type (Query from several modules becomes one Query). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function mergeResolvers(...maps: ResolverMap[]): GraphQLResolverMap<any> {
  const merged: ResolverMap = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      const existing = merged[type];
      if (existing && typeof existing === 'object' && typeof fields === 'object' && !isScalar(fields)) {
        merged[type] = { ...(existing as object), ...(fields as object) };
      } else {
        merged[type] = fields;
      }
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return merged as GraphQLResolverMap<any>;
}

function isScalar(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'serialize' in value && 'parseValue' in value;
}
