import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readSubgraphSdl } from './sdl-imports';

const repoRoot = path.join(__dirname, '..', '..');

export const SUBGRAPH_NAMES = ['batch', 'quality', 'capa', 'compliance', 'integration'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Where each subgraph listens when run on its own (the embedded hub picks free ports instead). */
export const DEFAULT_SUBGRAPH_URLS: Record<SubgraphName, string> = {
  batch: 'http://127.0.0.1:4001/graphql',
  quality: 'http://127.0.0.1:4002/graphql',
  capa: 'http://127.0.0.1:4003/graphql',
  compliance: 'http://127.0.0.1:4004/graphql',
  integration: 'http://127.0.0.1:4005/graphql',
};

/** The committed, generated supergraph SDL (`npm run compose` rewrites it). */
export const SUPERGRAPH_PATH = path.join(repoRoot, 'schema', 'supergraph.graphql');

export function subgraphSdlPath(name: SubgraphName): string {
  return path.join(repoRoot, 'subgraphs', name, 'src', `${name}.graphql`);
}

export class CompositionError extends Error {}

/**
 * Composes the subgraphs' SDL files into a supergraph, or explains every composition error. `extra` adds
 * subgraphs not in SUBGRAPH_NAMES (a test checking that a module composes beside the others).
 */
export function composeSupergraph(extra: Array<{ name: string; url: string; sdlFile: string }> = []): string {
  const result = composeServices([
    ...SUBGRAPH_NAMES.map((name) => ({
      name,
      url: DEFAULT_SUBGRAPH_URLS[name],
      typeDefs: parse(readSubgraphSdl(subgraphSdlPath(name))),
    })),
    ...extra.map(({ name, url, sdlFile }) => ({ name, url, typeDefs: parse(readSubgraphSdl(sdlFile)) })),
  ]);
  if (result.errors) {
    throw new CompositionError(`Supergraph composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

export function loadSupergraphSdl(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}
