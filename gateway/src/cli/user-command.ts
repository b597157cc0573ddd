import { readFileSync } from 'node:fs';
import os from 'node:os';
import { GraphQLError } from 'graphql';
import { ROLES, isRole, type LotGraphConfig, type Role } from '@lotgraph/server';
import { MIN_PASSWORD_LENGTH, createUserAccount, unlockUserAccount } from '@lotgraph/compliance';
import { openDatabases } from '../hub/hub';
import { optionalFlag, requiredFlag, type ParsedArgs } from './args';
import { UsageError } from './usage-error';

export const USER_CREATE_USAGE = 'npx lotgraph user create --id <login id> --name "<printed name>" --roles ADMIN[,QA_MANAGER...] [--password-file <file>]';
export const USER_UNLOCK_USAGE = 'npx lotgraph user unlock --id <login id> --reason "<why>"';

const stringFlag = (args: ParsedArgs, name: string, usage = USER_CREATE_USAGE) => requiredFlag(args, name, `user ${args.command[1]} needs --${name}: ${usage}`);

/** Who ran a command on the server, as its audit entries name them. */
function cliActor(command: string) {
  return { id: 'lotgraph-cli', name: `npx lotgraph ${command}, run by ${os.userInfo().username}`, roles: [] };
}

/** Reads a password typed at the terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const done = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          done();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(new UsageError('cancelled'));
          return;
        }
        value = ch === '\u007f' || ch === '\b' ? [...value].slice(0, -1).join('') : value + ch;
      }
    };
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The new user's password: from --password-file, typed twice at a terminal, or the first line of standard
 * input. Never from a command-line flag, where other users of the machine could read it.
 */
async function readNewPassword(args: ParsedArgs, userId: string): Promise<string> {
  const file = optionalFlag(args, 'password-file', 'a file name');
  if (file !== undefined) return readFileSync(file, 'utf8').split(/\r?\n/)[0];
  if (process.stdin.isTTY) {
    const password = await readHidden(`Password for ${userId} (at least ${MIN_PASSWORD_LENGTH} characters): `);
    if ((await readHidden('Again: ')) !== password) throw new UsageError('the two passwords differ');
    return password;
  }
  return (await readStdin()).split(/\r?\n/)[0];
}

/**
 * `npx lotgraph user create`: creates a user straight in the compliance database, audited with the operating
 * system user as the actor. How the first ADMIN of an installation without the demo plant comes to be; every
 * later user can be created by an ADMIN with the createUser mutation.
 */
export async function userCommand(config: LotGraphConfig, args: ParsedArgs): Promise<void> {
  if (args.command[1] === 'unlock') return unlockCommand(config, args);
  if (args.command[1] !== 'create') throw new UsageError(`user needs a subcommand: ${USER_CREATE_USAGE}, or ${USER_UNLOCK_USAGE}`);
  const userId = stringFlag(args, 'id');
  const printedName = stringFlag(args, 'name');
  const roles = stringFlag(args, 'roles').split(',').map((role) => role.trim().toUpperCase());
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length) throw new UsageError(`--roles: unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  const password = await readNewPassword(args, userId);
  const { compliance } = await openDatabases(config, ['compliance']);
  try {
    const user = await createUserAccount(compliance!, { userId, printedName, roles: roles as Role[], password }, cliActor('user create'));
    console.log(`Created user ${user.id} (${user.printedName}; ${user.roles.join(', ')}); log in with the login mutation`);
  } catch (err) {
    // Refusals (taken id, short password) are the same clear sentences the createUser mutation gives.
    if (err instanceof GraphQLError) throw new Error(err.message);
    throw err;
  } finally {
    await compliance!.close();
  }
}

/**
 * `npx lotgraph user unlock`: unlocks an account straight in the compliance database, audited with the operating
 * system user as the actor. The way back when no ADMIN can log in (the only one locked out by someone's guesses).
 */
async function unlockCommand(config: LotGraphConfig, args: ParsedArgs): Promise<void> {
  const userId = stringFlag(args, 'id', USER_UNLOCK_USAGE);
  const reason = stringFlag(args, 'reason', USER_UNLOCK_USAGE);
  const { compliance } = await openDatabases(config, ['compliance']);
  try {
    const user = await unlockUserAccount(compliance!, userId, reason, cliActor('user unlock'));
    console.log(`Unlocked user ${user.id} (${user.printedName}); the count of wrong passwords is back to 0`);
  } catch (err) {
    if (err instanceof GraphQLError) throw new Error(err.message);
    throw err;
  } finally {
    await compliance!.close();
  }
}
