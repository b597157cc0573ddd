import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The official GS1 EPCIS 2.0 JSON Schema, loaded from the shared reference material beside the repository
 * (`../shared/reference/epcis/JSON-Schema/`). The schema is draft-07 and splits over several files that
 * `$ref` each other by relative path against their `$id`s, so every file is added to one Ajv instance and
 * the root (`EPCIS-JSON-Schema-root.json`) is compiled last. `uri` and `date-time` formats come from
 * ajv-formats; without them Ajv would not check eventTime or identifiers at all.
 */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
/** The shared reference material beside the repository, when this clone has it. */
export const SHARED_EPCIS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'reference', 'epcis');
/** An unmodified copy kept with the tests, for clones without the shared material (checked identical when both exist). */
export const VENDORED_EPCIS_DIR = path.resolve(__dirname, '..', 'fixtures', 'gs1-epcis');
export const EPCIS_REFERENCE_DIR = existsSync(SHARED_EPCIS_DIR) ? SHARED_EPCIS_DIR : VENDORED_EPCIS_DIR;
export const EPCIS_SCHEMA_DIR = path.join(EPCIS_REFERENCE_DIR, 'JSON-Schema');
const ROOT_SCHEMA = 'EPCIS-JSON-Schema-root.json';

function schemaFiles(dir: string): string[] {
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .flatMap((file) => (statSync(file).isDirectory() ? (path.basename(file) === 'test' ? [] : schemaFiles(file)) : file.endsWith('.json') ? [file] : []));
}

let compiled: ValidateFunction | undefined;

export function epcisValidator(): ValidateFunction {
  if (compiled) return compiled;
  if (!existsSync(path.join(EPCIS_SCHEMA_DIR, ROOT_SCHEMA))) {
    throw new Error(
      `The GS1 EPCIS JSON Schema is missing: expected ${path.join(EPCIS_SCHEMA_DIR, ROOT_SCHEMA)} ` +
        '(the shared reference material beside the repository, ../shared/reference/epcis/JSON-Schema/)',
    );
  }
  // strict: false because the GS1 files trip Ajv's strict-mode lints (a `required` naming a property defined
  // only in a sibling branch, untyped branches); they are valid draft-07 and not ours to change.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  let root: object | undefined;
  for (const file of schemaFiles(EPCIS_SCHEMA_DIR)) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as object;
    if (path.basename(file) === ROOT_SCHEMA) root = schema;
    else ajv.addSchema(schema);
  }
  compiled = ajv.compile(root!);
  return compiled;
}

export interface EpcisValidation {
  valid: boolean;
  errors: string[];
}

/** Validates a document against the GS1 schema; errors read "/epcisBody/eventList/0 must have required property 'eventTime'". */
export function validateEpcis(document: unknown): EpcisValidation {
  const validate = epcisValidator();
  const valid = validate(document) as boolean;
  return { valid, errors: (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()) };
}

/** The GS1 example documents shipped with the schema (JSON-LD), by file name. */
export function gs1ExampleDocuments(): Array<[string, unknown]> {
  const dir = path.join(EPCIS_REFERENCE_DIR, 'JSON');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonld'))
    .sort()
    .map((name) => [name, JSON.parse(readFileSync(path.join(dir, name), 'utf8'))]);
}
