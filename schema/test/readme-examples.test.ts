import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Kind, buildSchema, isEnumType, isInputObjectType, isObjectType, parse, validate, type DefinitionNode, type GraphQLSchema } from 'graphql';
import { composeSupergraph } from '../src/supergraph';

const root = path.join(__dirname, '..', '..');
/** The README and every reference beside it in docs/. */
const documents = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];
const examplesOf = (file: string) => [...readFileSync(path.join(root, file), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
const examples = documents.flatMap((file) => examplesOf(file).map((text) => ({ file, text })));

/**
 * What a schema excerpt (type, input, enum definitions or extensions) says that the supergraph does not have: each
 * type, field and enum value it names must exist there.
 */
function excerptDrift(schema: GraphQLSchema, definitions: readonly DefinitionNode[]): string[] {
  const drift: string[] = [];
  for (const definition of definitions) {
    if (!('name' in definition) || !definition.name) continue;
    const name = definition.name.value;
    const type = schema.getType(name);
    if (!type) {
      drift.push(`type ${name}`);
      continue;
    }
    if ('fields' in definition && definition.fields) {
      const fields = isObjectType(type) || isInputObjectType(type) ? type.getFields() : {};
      for (const field of definition.fields) if (!(field.name.value in fields)) drift.push(`${name}.${field.name.value}`);
    }
    if ('values' in definition && definition.values) {
      const values = isEnumType(type) ? type.getValues().map((v) => v.name) : [];
      for (const value of definition.values) if (!values.includes(value.name.value)) drift.push(`${name}.${value.name.value}`);
    }
  }
  return drift;
}

const EXECUTABLE = new Set<string>([Kind.OPERATION_DEFINITION, Kind.FRAGMENT_DEFINITION]);

describe('the example queries in the README and docs/', () => {
  const schema = buildSchema(composeSupergraph(), { assumeValidSDL: true });

  it('are there', () => {
    expect(examplesOf('README.md').length).toBeGreaterThanOrEqual(5);
    expect(examplesOf('docs/traceability.md').length).toBeGreaterThan(10);
    expect(examplesOf('docs/capa.md').length).toBeGreaterThan(3);
    expect(examplesOf('docs/spc.md').length).toBeGreaterThan(3);
  });

  it.each(examples.map(({ file, text }) => [`${file}: ${text.replace(/\s+/g, ' ').trim().slice(0, 80)}`, text]))(
    'are valid against the supergraph (queries) or agree with it (schema excerpts): %s',
    (_, text) => {
      const document = parse(text);
      // A schema excerpt is checked against the supergraph's types; a query against the whole schema.
      if (document.definitions.every((d) => !EXECUTABLE.has(d.kind))) expect(excerptDrift(schema, document.definitions)).toEqual([]);
      else expect(validate(schema, document).map((error) => error.message)).toEqual([]);
    },
  );
});
