import { DEMO_USERS, installAuditKeyring, loadConfig, type LotGraphConfig } from '@lotgraph/server';
import { SUBGRAPH_NAMES, type SubgraphName } from '@lotgraph/schema';
import { EpcisExportService, TraceService, createBatchRepositories } from '@lotgraph/batch';
import { openDatabases, seedDemoPlant, startHub } from '../hub/hub';
import { SUBGRAPHS } from '../hub/subgraph-registry';
import { createGatewayServer } from '../server';
import { optionalFlag, requiredFlag, type ParsedArgs } from './args';
import { demoUserToken } from './demo-user-token';
import { AUDIT_USAGE, audit } from './audit-commands';
import { UsageError } from './usage-error';
import { userCommand } from './user-command';
import { DEMO_USAGE, demoCommand } from './demo-command';
import { REPORT_USAGE, reportCommand } from './report-command';
import { INGEST_USAGE, ingestCommand } from './ingest-command';
import { databaseLabel } from './database-label';
import { DOCTOR_USAGE, doctor } from './doctor-command';

export { UsageError };

export const USAGE = `Usage: npx lotgraph <command>

  start [--only gateway|batch|quality|capa|compliance|integration]
                     run the hub: gateway and every subgraph (or just one of them, for scale-out)
  migrate            apply pending database migrations of every subgraph (as the database owner)
${DOCTOR_USAGE}
  seed               load the demo plant (or put its records back to their demo state)
  token --user <id>  print a bearer token for a demo user (${DEMO_USERS.map((u) => u.id).join(', ')})
  user create --id <login id> --name "<printed name>" --roles ADMIN[,...] [--password-file <file>]
                     create a user (the first ADMIN of a database without the demo plant); the password is
                     read from the file, typed at the terminal, or the first line of standard input
  user unlock --id <login id> --reason "<why>"
                     unlock an account locked after wrong passwords (when no ADMIN can log in to do it)
  epcis <lotNumber> [--direction upstream|downstream] [--max-depth <n>]
                     print the lot's trace (upstream unless told) as a GS1 EPCIS 2.0 JSON-LD document
${AUDIT_USAGE}
${REPORT_USAGE}
${INGEST_USAGE}
${DEMO_USAGE}
  help               this text

Configuration comes from the environment; see docs/configuration.md.`;

async function start(config: LotGraphConfig, args: ParsedArgs): Promise<void> {
  const only = optionalFlag(args, 'only', 'a name: gateway, batch, quality, capa, compliance or integration');
  if (only === 'gateway') {
    const gateway = await createGatewayServer({ config, subgraphUrls: config.subgraphUrls });
    console.log(`LotGraph gateway at ${await gateway.listen(config.port, config.host)}/graphql`);
    return;
  }
  if (only) {
    if (!SUBGRAPH_NAMES.includes(only as SubgraphName)) throw new UsageError(`--only: unknown service "${only}"`);
    const name = only as SubgraphName;
    const { [name]: database } = await openDatabases(config, [name]);
    const server = await SUBGRAPHS[name].createServer({
      database: database!,
      gatewaySecret: config.gatewaySecret,
      gatewayUrl: () => config.gatewayUrl,
      tokens: { secret: config.jwtSecret, ttl: config.tokenTtl },
      login: { lockoutMs: config.lockoutMs },
    }, config);
    const port = Number(process.env.LOTGRAPH_SUBGRAPH_PORT ?? 4001 + SUBGRAPH_NAMES.indexOf(name));
    console.log(`${name} subgraph at ${await server.listen(port, config.host)}/graphql`);
    return;
  }
  const hub = await startHub(config);
  console.log(`Database: ${databaseLabel(config)}${hub.seeded ? ' (demo plant loaded)' : ''}`);
  console.log(`LotGraph is running at ${hub.url}`);
  if (config.devSecrets) {
    console.log('Open it in a browser for GraphiQL (a demo token for qa.manager is filled in),');
    console.log('or get a token for another demo user: npx lotgraph token --user qa.engineer');
  }
  const shutdown = () => {
    void hub.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

async function migrate(config: LotGraphConfig): Promise<void> {
  // Migrating seals a trail written before entries were signed, with this key.
  installAuditKeyring(config);
  for (const name of SUBGRAPH_NAMES) {
    const database = SUBGRAPHS[name].createDatabase(config);
    try {
      const applied = await database.migrate();
      console.log(`${name}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
    } finally {
      await database.close();
    }
  }
}

async function seed(config: LotGraphConfig): Promise<void> {
  const databases = await openDatabases(config);
  try {
    await seedDemoPlant(databases);
    console.log(`Demo plant loaded into ${databaseLabel(config)}`);
  } finally {
    for (const database of Object.values(databases)) await database.close();
  }
}

function token(config: LotGraphConfig, args: ParsedArgs): void {
  const userId = requiredFlag(args, 'user', 'token needs --user <id>');
  console.log(demoUserToken(config, userId, { ttl: optionalFlag(args, 'ttl', 'a lifetime such as 15m or 8h') }));
}

async function epcis(config: LotGraphConfig, args: ParsedArgs): Promise<void> {
  const lotNumber = args.command[1];
  if (!lotNumber) throw new UsageError('epcis needs a lot number: npx lotgraph epcis SYR3-2611-0007');
  const direction = String(args.flags.direction ?? 'upstream').toUpperCase();
  if (direction !== 'UPSTREAM' && direction !== 'DOWNSTREAM') throw new UsageError(`--direction must be upstream or downstream, got "${String(args.flags.direction)}"`);
  const depthFlag = optionalFlag(args, 'max-depth', 'a number of steps');
  const maxDepth = depthFlag === undefined ? undefined : Number(depthFlag);
  const { batch } = await openDatabases(config, ['batch']);
  try {
    const repos = createBatchRepositories(batch!.dataSource);
    const exports = new EpcisExportService(new TraceService(repos.genealogy), repos);
    console.log(JSON.stringify(await exports.exportTrace(lotNumber, direction, maxDepth), null, 2));
  } finally {
    await batch!.close();
  }
}

export async function run(args: ParsedArgs): Promise<void> {
  const [command = 'help'] = args.command;
  if (command === 'help' || args.flags.help) {
    console.log(USAGE);
    return;
  }
  // The doctor reports a configuration the others refuse, as one of its checks.
  if (command === 'doctor') return doctor(() => loadConfig());
  const config = loadConfig();
  switch (command) {
    case 'start':
      return start(config, args);
    case 'migrate':
      return migrate(config);
    case 'seed':
      return seed(config);
    case 'token':
      return token(config, args);
    case 'epcis':
      return epcis(config, args);
    case 'audit':
      return audit(config, args);
    case 'user':
      return userCommand(config, args);
    case 'demo':
      return demoCommand(config, args);
    case 'report':
      return reportCommand(config, args);
    case 'ingest':
      return ingestCommand(config, args);
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}
