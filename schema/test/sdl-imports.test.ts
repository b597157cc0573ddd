import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'graphql';
import { readSubgraphSdl } from '../src/sdl-imports';

describe('shared SDL fragments imported into a subgraph schema', () => {
  let dir: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
    return path.join(dir, file);
  };
  const typeNames = (sdl: string) => parse(sdl).definitions.map((d) => ('name' in d && d.name ? d.name.value : d.kind));

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sdl-imports-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('puts each imported fragment in front of the importing file, once, from a path or a package', () => {
    write('node_modules/@acme/shared/audit.graphql', '#import "./actor.graphql"\ntype AuditEntry { actor: Actor! }\n');
    write('node_modules/@acme/shared/actor.graphql', 'type Actor { id: ID! }\n');
    write('shared/query.graphql', '#import "@acme/shared/audit.graphql"\nextend type Query { auditTrail: [AuditEntry!]! }\n');
    const subgraph = write('sub/src/sub.graphql', '#import "@acme/shared/audit.graphql"\n#import "../../shared/query.graphql"\ntype Query { lot: Lot }\ntype Lot { history: [AuditEntry!]! }\n');
    expect(typeNames(readSubgraphSdl(subgraph))).toEqual(['Actor', 'AuditEntry', 'Query', 'Query', 'Lot']);
  });

  it('names the file and the import it cannot find', () => {
    const subgraph = write('sub.graphql', '#import "@acme/missing/audit.graphql"\ntype Query { a: Int }\n');
    expect(() => readSubgraphSdl(subgraph)).toThrow(`${subgraph} imports "@acme/missing/audit.graphql", which does not exist`);
  });
});
