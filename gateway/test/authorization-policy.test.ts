import { Kind, buildSchema, type DocumentNode } from 'graphql';
import { loadTypeDefs, readFieldPolicy } from '@lotgraph/server';
import { SUBGRAPH_NAMES, loadSupergraphSdl, subgraphSdlPath } from '@lotgraph/schema';

/** The subgraphs whose SDL declares a field on the type (definition or extension). */
function declaringSubgraphs(sdl: Record<string, DocumentNode>, type: string, field: string): string[] {
  return Object.entries(sdl)
    .filter(([, document]) =>
      document.definitions.some(
        (d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.name.value === type && d.fields?.some((f) => f.name.value === field),
      ),
    )
    .map(([name]) => name);
}

describe('the access policy', () => {
  // Read as each subgraph server reads its SDL, so the policy checked is the policy enforced.
  const sdl = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, loadTypeDefs(subgraphSdlPath(name))]));
  const policies = Object.fromEntries(Object.entries(sdl).map(([name, document]) => [name, readFieldPolicy(document)]));
  const supergraph = buildSchema(loadSupergraphSdl(), { assumeValidSDL: true });

  it.each(['Query', 'Mutation'])('names the allowed roles of every %s field of the supergraph, in each subgraph that resolves it', (type) => {
    const fields = Object.keys((type === 'Query' ? supergraph.getQueryType() : supergraph.getMutationType())!.getFields());
    expect(fields.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const field of fields) {
      const subgraphs = declaringSubgraphs(sdl, type, field);
      if (subgraphs.length === 0) missing.push(`${type}.${field} (declared by no subgraph SDL)`);
      for (const subgraph of subgraphs) if (!policies[subgraph].has(`${type}.${field}`)) missing.push(`${subgraph}: ${type}.${field}`);
    }
    // A field listed here is refused to everyone at run time: add @allow(roles: [...]) to it.
    expect(missing).toEqual([]);
  });

  it('lets neither AUDITOR nor ADMIN change a GxP record, and INTEGRATOR read nothing from quality or capa', () => {
    const mutationsOpenTo = (role: string) =>
      ['batch', 'quality', 'capa'].flatMap((name) =>
        [...policies[name]].filter(([coordinate, roles]) => coordinate.startsWith('Mutation.') && roles.includes(role as never)).map(([c]) => `${name}: ${c}`),
      );
    expect(mutationsOpenTo('AUDITOR')).toEqual([]);
    // Where exception events are sent is configuration of the notifications, not a GxP record.
    const configuration = ['quality: Mutation.registerWebhook', 'quality: Mutation.disableWebhook'];
    expect(mutationsOpenTo('ADMIN').filter((mutation) => !configuration.includes(mutation))).toEqual([]);
    const qualityDataOpenToIntegrator = ['quality', 'capa'].flatMap((name) =>
      [...policies[name]].filter(([coordinate, roles]) => !coordinate.startsWith('Mutation.') && roles.includes('INTEGRATOR')).map(([c]) => `${name}: ${c}`),
    );
    expect(qualityDataOpenToIntegrator).toEqual([]);
  });
});
