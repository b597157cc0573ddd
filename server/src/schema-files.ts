import { parse, type DocumentNode } from 'graphql';
import { readSubgraphSdl } from '@lotgraph/schema';

/**
 * Reads a subgraph's schema-first SDL file with the shared fragments it imports (`#import "..."`, such as
 * the audit entry types), exactly as the supergraph composition reads it.
 */
export function loadTypeDefs(file: string): DocumentNode {
  return parse(readSubgraphSdl(file));
}
