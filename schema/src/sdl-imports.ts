import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

const IMPORT_LINE = /^#import\s+"([^"]+)"\s*$/gm;

/**
 * Finds an imported SDL file: `./x.graphql` or `../x.graphql` relative to the importing file, or
 * `@lotgraph/server/src/audit/audit-entry.graphql` inside a package, looked up in node_modules the way Node does.
 */
function resolveImport(specifier: string, fromFile: string): string {
  const fromDir = path.dirname(fromFile);
  if (specifier.startsWith('.')) {
    const file = path.resolve(fromDir, specifier);
    if (existsSync(file)) return realpathSync(file);
  } else {
    const parts = specifier.split('/');
    const packageName = parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    const rest = parts.slice(packageName.split('/').length);
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      const file = path.join(dir, 'node_modules', packageName, ...rest);
      if (existsSync(file)) return realpathSync(file);
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`${fromFile} imports "${specifier}", which does not exist`);
}

/**
 * A subgraph's SDL with the shared fragments it imports. A line `#import "<file>"` (a comment to every other
 * GraphQL tool) puts that file's definitions in front of the importing file's; a fragment may import others,
 * and each file comes in once however often it is imported. The subgraph servers and the supergraph
 * composition both read SDL through this, so what runs is what was composed.
 */
export function readSubgraphSdl(file: string): string {
  const seen = new Set<string>();
  const read = (current: string): string[] => {
    const real = realpathSync(current);
    if (seen.has(real)) return [];
    seen.add(real);
    const text = readFileSync(real, 'utf8');
    const imported = [...text.matchAll(IMPORT_LINE)].flatMap((match) => read(resolveImport(match[1], real)));
    return [...imported, text];
  };
  return read(file).join('\n');
}
