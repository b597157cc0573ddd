import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SUPERGRAPH_PATH, composeSupergraph } from '../supergraph';

try {
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
  console.log(`wrote ${path.relative(process.cwd(), SUPERGRAPH_PATH)}`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
