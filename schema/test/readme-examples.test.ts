import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { composeSupergraph } from '../src/supergraph';

const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);

describe('the example queries in the README', () => {
  const schema = buildSchema(composeSupergraph(), { assumeValidSDL: true });

  it('are there', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  it.each(examples.map((text) => [text.replace(/\s+/g, ' ').trim().slice(0, 80), text]))(
    'are valid against the supergraph: %s',
    (_, text) => {
      const errors = validate(schema, parse(text)).map((error) => error.message);
      expect(errors).toEqual([]);
    },
  );
});
