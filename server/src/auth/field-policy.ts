import { Kind, type DocumentNode, type FieldDefinitionNode, type GraphQLField, type GraphQLResolveInfo } from 'graphql';
import { isRole, type Role } from './roles';

/**
 * The directive each subgraph declares in its SDL and puts on the fields it governs:
 * every Query and Mutation field, and fields that need fewer readers than the rest of their type
 * (quality data on a shared entity, for instance).
 */
export const ALLOW_DIRECTIVE = 'allow';

/** Roles allowed per field coordinate (`Type.field`), as declared with `@allow(roles: [...])`. */
export type FieldPolicy = ReadonlyMap<string, readonly Role[]>;

/** Federation's own root fields: plumbing, open to any caller; the entity fields asked through them are governed. */
export const FEDERATION_ROOT_FIELDS: ReadonlySet<string> = new Set(['Query._entities', 'Query._service']);

/** The roles of one field's `@allow`, or undefined without one; an unknown role name is a startup error. */
export function allowedRolesOf(field: FieldDefinitionNode, coordinate: string): Role[] | undefined {
  const directive = field.directives?.find((d) => d.name.value === ALLOW_DIRECTIVE);
  if (!directive) return undefined;
  const arg = directive.arguments?.find((a) => a.name.value === 'roles');
  if (!arg || arg.value.kind !== Kind.LIST) throw new Error(`@allow on ${coordinate} needs roles: [...]`);
  return arg.value.values.map((value) => {
    const name = value.kind === Kind.STRING || value.kind === Kind.ENUM ? value.value : undefined;
    if (!isRole(name)) throw new Error(`@allow on ${coordinate} names an unknown role: ${name ?? value.kind}`);
    return name;
  });
}

/** Reads every `@allow` of a subgraph's SDL (type definitions and extensions alike). */
export function readFieldPolicy(typeDefs: DocumentNode): FieldPolicy {
  const policy = new Map<string, Role[]>();
  for (const definition of typeDefs.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    for (const field of definition.fields ?? []) {
      const coordinate = `${definition.name.value}.${field.name.value}`;
      const roles = allowedRolesOf(field, coordinate);
      if (roles) policy.set(coordinate, roles);
    }
  }
  return policy;
}

const declared = new WeakMap<GraphQLField<unknown, unknown>, Role[]>();

/**
 * The roles the SDL allows for the field being resolved, for a resolver's own `requireRole` check (defence in
 * depth behind the authorization plugin, from the same declaration).
 */
export function declaredRoles(info: GraphQLResolveInfo): Role[] {
  const field = info.parentType.getFields()[info.fieldName];
  let roles = declared.get(field);
  if (!roles) {
    const coordinate = `${info.parentType.name}.${info.fieldName}`;
    roles = field.astNode ? allowedRolesOf(field.astNode, coordinate) : undefined;
    if (!roles) throw new Error(`${coordinate} has no @allow policy`);
    declared.set(field, roles);
  }
  return roles;
}
