import {
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type ConstDirectiveNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badInput } from './errors';
import { normalIdentifier, textProblem } from './text-input';

/** Declared in input-text.graphql, which every subgraph imports. */
export const IDENTIFIER_DIRECTIVE = 'identifier';
export const CHECKED_PER_ITEM_DIRECTIVE = 'checkedPerItem';

const has = (directives: readonly ConstDirectiveNode[] | undefined, name: string) => directives?.some((d) => d.name.value === name) ?? false;
const isIdentifier = (definition: GraphQLArgument | GraphQLInputField) => has(definition.astNode?.directives, IDENTIFIER_DIRECTIVE);
const checkedPerItem = (type: GraphQLInputObjectType) =>
  has(type.astNode?.directives, CHECKED_PER_ITEM_DIRECTIVE) || type.extensionASTNodes.some((node) => has(node.directives, CHECKED_PER_ITEM_DIRECTIVE));

/** Whether a value of this type can hold text or a Float the guard looks at. */
function guarded(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    if (seen.has(named.name) || checkedPerItem(named)) return false;
    seen.add(named.name);
    return Object.values(named.getFields()).some((field) => guarded(field.type, seen));
  }
  return named.name === 'String' || named.name === 'ID' || named.name === 'Float';
}

interface Place {
  entity: string;
  field: string;
  identifier: boolean;
  path: string;
}

function guardValue(value: unknown, type: GraphQLInputType, place: Place): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return guardValue(value, type.ofType, place);
  if (isListType(type)) {
    return Array.isArray(value) ? value.map((item, index) => guardValue(item, type.ofType, { ...place, path: `${place.path}[${index}]` })) : guardValue(value, type.ofType, place);
  }
  if (isInputObjectType(type)) {
    if (checkedPerItem(type) || typeof value !== 'object') return value;
    const guardedObject: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const field of Object.values(type.getFields())) {
      if (!(field.name in guardedObject)) continue;
      guardedObject[field.name] = guardValue(guardedObject[field.name], field.type, { entity: type.name, field: field.name, identifier: isIdentifier(field), path: `${place.path}.${field.name}` });
    }
    return guardedObject;
  }
  const refuse = (reason: string) => badInput(place.entity, place.field, reason, { argument: place.path });
  if (type.name === 'Float' && typeof value === 'number' && !Number.isFinite(value)) throw refuse(`${value} is not a finite number`);
  if ((type.name === 'String' || type.name === 'ID') && typeof value === 'string') {
    if (place.identifier) {
      const normal = normalIdentifier(value);
      if ('reason' in normal) throw refuse(normal.reason);
      return normal.value;
    }
    const problem = textProblem(value);
    if (problem) throw refuse(problem);
  }
  return value;
}

function guardField(typeName: string, field: GraphQLField<unknown, unknown>): void {
  const args = field.args.filter((arg) => guarded(arg.type));
  if (args.length === 0) return;
  const resolve = field.resolve ?? defaultFieldResolver;
  field.resolve = (source, given, context, info) => {
    const checked: Record<string, unknown> = { ...given };
    for (const arg of args) {
      if (arg.name in checked) {
        checked[arg.name] = guardValue(checked[arg.name], arg.type, { entity: `${typeName}.${field.name}`, field: arg.name, identifier: isIdentifier(arg), path: arg.name });
      }
    }
    return resolve(source, checked, context, info);
  };
}

/**
 * Checks the arguments of every field before its resolver sees them, whether they came as literals or variables:
 * text holding a NUL or half a surrogate pair and a Float that is not finite are refused; an argument or input
 * field marked `@identifier` is normalised to NFC and refused when it holds an invisible, format or control
 * character. Each refusal is BAD_USER_INPUT naming the input type (or Type.field) and field, with the argument's
 * path. An input marked `@checkedPerItem` is left to its service, which judges each item of a batch on its own.
 */
export function guardArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) guardField(type.name, field);
  }
  return schema;
}
