import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  APP_ROLE,
  APPEND_ONLY_TRIGGER,
  ConfigError,
  isLoopback,
  keyId,
  loadAuditSigningKey,
  type LotGraphConfig,
  type SubgraphDatabase,
} from '@lotgraph/server';
import { SUBGRAPH_NAMES, type SubgraphName } from '@lotgraph/schema';
import { SUBGRAPHS } from '../hub/subgraph-registry';
import { databaseLabel } from './database-label';

export const DOCTOR_USAGE = `  doctor             check the installation: database, migrations, the role the hub runs as, the audit
                     signing key, the secrets; one line each, OK, WARN or FAIL (exit 1 on a FAIL)`;

export interface DoctorCheck {
  status: 'OK' | 'WARN' | 'FAIL';
  name: string;
  message: string;
}

const ok = (name: string, message: string): DoctorCheck => ({ status: 'OK', name, message });
const warn = (name: string, message: string): DoctorCheck => ({ status: 'WARN', name, message });
const fail = (name: string, message: string): DoctorCheck => ({ status: 'FAIL', name, message });

const REMEDY = `run it as a member of ${APP_ROLE} — see README`;

type Databases = Partial<Record<SubgraphName, SubgraphDatabase>>;

async function migrationsCheck(databases: Databases): Promise<DoctorCheck> {
  const behind: string[] = [];
  for (const name of SUBGRAPH_NAMES) {
    const pending = await databases[name]!.pendingMigrations();
    if (pending.length > 0) behind.push(`${name}: ${pending.length} pending (${pending.join(', ')})`);
  }
  if (behind.length === 0) return ok('migrations', `${SUBGRAPH_NAMES.join(', ')} up to date`);
  return fail('migrations', `${behind.join('; ')}: run \`npx lotgraph migrate\` as the database owner`);
}

/** Whether the connected role could rewrite what the hub only ever appends to. */
async function roleChecks(database: SubgraphDatabase): Promise<DoctorCheck[]> {
  const [{ role, superuser }] = await database.dataSource.query(
    'SELECT current_user AS role, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
  );
  const checks = [
    superuser
      ? fail('database role', `the hub runs as superuser ${role}: it could rewrite audit tables; ${REMEDY}`)
      : ok('database role', `${role} is not a superuser`),
  ];
  // Every append-only table: the audit entries and the other records kept by appending (signatures, ...).
  const tables: Array<{ name: string; audit: boolean; owns: boolean; rewrites: boolean; appends: boolean }> = await database.dataSource.query(
    `SELECT format('%s.%s', n.nspname, c.relname) AS name, c.relname = 'audit_entry' AS audit,
            pg_has_role(current_user, c.relowner, 'USAGE') AS owns,
            has_table_privilege(current_user, c.oid, 'UPDATE, DELETE, TRUNCATE') AS rewrites,
            has_table_privilege(current_user, c.oid, 'INSERT') AS appends
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND t.tgname = c.relname || $2
      ORDER BY c.relname <> 'audit_entry', n.nspname, c.relname`,
    [[...SUBGRAPH_NAMES], APPEND_ONLY_TRIGGER],
  );
  // The audit tables by name, the other append-only tables counted.
  const names = (rows: typeof tables) => {
    const others = rows.filter((table) => !table.audit).length;
    const audit = rows.filter((table) => table.audit).map((table) => table.name);
    return [...audit, ...(others ? [`${others} other append-only table${others > 1 ? 's' : ''}`] : [])].join(', ');
  };
  const audit = tables.filter((table) => table.audit);
  const owned = tables.filter((table) => table.owns);
  const rewritable = tables.filter((table) => table.rewrites);
  const closed = tables.filter((table) => !table.appends);
  if (audit.length === 0) checks.push(warn('audit tables', 'there are none yet: run `npx lotgraph migrate` as the database owner'));
  else if (owned.length > 0) checks.push(fail('audit tables', `the hub runs as ${role}, ${superuser ? 'a superuser, who acts as the owner' : 'the owner'} of ${names(owned)}: it could rewrite audit tables; ${REMEDY}`));
  else if (rewritable.length > 0) checks.push(fail('audit tables', `${role} may update, delete or truncate ${names(rewritable)}: it could rewrite audit tables; migrate again as the owner (which resets ${APP_ROLE}'s grants) and ${REMEDY}`));
  else if (closed.length > 0) checks.push(fail('audit tables', `${role} may not append to ${names(closed)}: make it a member of ${APP_ROLE} (GRANT ${APP_ROLE} TO ${role})`));
  else checks.push(ok('audit tables', `${role} may only read and append to the ${audit.length} audit tables and ${tables.length - audit.length} other append-only tables`));
  return checks;
}

async function databaseChecks(config: LotGraphConfig): Promise<DoctorCheck[]> {
  const label = databaseLabel(config);
  const embeddedRole = ok('database role', 'does not apply: the embedded database is single-user, open to this process only');
  // Opening an embedded directory that holds no database would make one.
  if (!config.databaseUrl && !config.dataDir.startsWith('memory://') && !existsSync(path.join(config.dataDir, 'PG_VERSION'))) {
    return [warn('database', `there is no ${label} yet: \`npm start\` makes it`), embeddedRole];
  }
  const databases: Databases = {};
  for (const name of SUBGRAPH_NAMES) databases[name] = SUBGRAPHS[name].createDatabase(config);
  const first = databases[SUBGRAPH_NAMES[0]]!;
  try {
    let server: { version: string; role: string };
    try {
      await first.ping();
      [server] = await first.dataSource.query(`SELECT split_part(current_setting('server_version'), ' ', 1) AS version, current_user AS role`);
    } catch (err) {
      const message = (err as Error).message;
      // The running hub holds the embedded database; that is no fault.
      if (!config.databaseUrl && /in use by process/.test(message)) return [warn('database', `not checked: ${message}`), embeddedRole];
      return [fail('database', `cannot reach ${label}: ${message}`)];
    }
    const checks = [ok('database', `${label} reachable as ${server.role} (PostgreSQL ${server.version})`)];
    checks.push(await migrationsCheck(databases).catch((err: Error) => fail('migrations', `cannot read which migrations ran: ${err.message}`)));
    if (config.databaseUrl) checks.push(...(await roleChecks(first)));
    else checks.push(embeddedRole);
    return checks;
  } finally {
    for (const database of Object.values(databases)) await database.close();
  }
}

function auditKeyCheck(config: LotGraphConfig): DoctorCheck {
  const name = 'audit signing key';
  const setting = config.auditKey;
  if (!setting) {
    return config.databaseUrl
      ? fail(name, 'LOTGRAPH_AUDIT_KEY is not set; it is required with DATABASE_URL (docs/configuration.md)')
      : warn(name, 'none: an in-memory embedded database keeps no key');
  }
  if (!existsSync(setting.path)) {
    return setting.createIfMissing
      ? ok(name, `none yet; made on first use at ${setting.path}, readable by its owner only`)
      : fail(name, `there is no file ${setting.path} (LOTGRAPH_AUDIT_KEY)`);
  }
  const mode = statSync(setting.path).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    return fail(name, `${setting.path} is open to others than its owner (mode ${mode.toString(8)}): chmod 600 ${setting.path}`);
  }
  try {
    const key = loadAuditSigningKey({ auditKey: { ...setting, createIfMissing: false } });
    return ok(name, `${setting.path} (key ${keyId(key.publicKey).slice(0, 16)}…), readable by its owner only`);
  } catch (err) {
    return fail(name, (err as Error).message);
  }
}

function secretsCheck(config: LotGraphConfig): DoctorCheck {
  if (!config.devSecrets) return ok('secrets', 'LOTGRAPH_JWT_SECRET and LOTGRAPH_GATEWAY_SECRET are set');
  if (!isLoopback(config.host)) {
    return fail('secrets', `the built-in development secrets are in use on ${config.host}, not a loopback address: anyone who reaches it could forge tokens; set LOTGRAPH_JWT_SECRET and LOTGRAPH_GATEWAY_SECRET`);
  }
  return ok('secrets', `the built-in development secrets, on loopback (${config.host}) only: the embedded demo`);
}

/** Every check, in the order `npx lotgraph doctor` prints them. */
export async function checkInstallation(config: LotGraphConfig): Promise<DoctorCheck[]> {
  return [...(await databaseChecks(config)), auditKeyCheck(config), secretsCheck(config)];
}

/**
 * `npx lotgraph doctor`: one line per check; exit code 1 when one fails. It reads, never changes: the database is
 * neither made nor migrated, the embedded key not made.
 */
export async function doctor(load: () => LotGraphConfig): Promise<void> {
  let checks: DoctorCheck[];
  try {
    checks = await checkInstallation(load());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    checks = [fail('configuration', err.message)];
  }
  for (const check of checks) console.log(`${check.status.padEnd(4)}  ${check.name}: ${check.message}`);
  if (checks.some((check) => check.status === 'FAIL')) process.exitCode = 1;
}
