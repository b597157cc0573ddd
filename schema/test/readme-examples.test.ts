import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { composeSupergraph } from '../src/supergraph';

const root = path.join(__dirname, '..', '..');
/** The README and every reference beside it in docs/. */
const documents = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];
const examplesOf = (file: string) => [...readFileSync(path.join(root, file), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
const examples = documents.flatMap((file) => examplesOf(file).map((text) => ({ file, text })));

describe('the example queries in the README and docs/', () => {
  const schema = buildSchema(composeSupergraph(), { assumeValidSDL: true });

  it('are there', () => {
    expect(examplesOf('README.md').length).toBeGreaterThan(10);
    expect(examplesOf('docs/spc.md').length).toBeGreaterThan(3);
  });

  it.each(examples.map(({ file, text }) => [`${file}: ${text.replace(/\s+/g, ' ').trim().slice(0, 80)}`, text]))(
    'are valid against the supergraph: %s',
    (_, text) => {
      const errors = validate(schema, parse(text)).map((error) => error.message);
      expect(errors).toEqual([]);
    },
  );
});
