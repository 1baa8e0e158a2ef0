import { userInfo } from 'node:os';
import { UsageError } from '../errors.js';

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isValidUserName(name: string): boolean {
  return USER_NAME.test(name);
}

function osUserName(env: NodeJS.ProcessEnv): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    name = env.USER ?? env.USERNAME;
  }
  const cleaned = (name ?? '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return cleaned || 'default';
}

/** --user, else $MLE_PREP_USER, else the OS user name (made file-name safe). */
export function resolveUser(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = explicit ?? (env.MLE_PREP_USER || undefined);
  if (chosen === undefined) return osUserName(env);
  if (!isValidUserName(chosen)) {
    const source = explicit !== undefined ? '--user' : 'MLE_PREP_USER';
    throw new UsageError(`${source} "${chosen}" is not a valid profile name: use letters, digits, ".", "_" or "-" (at most 64).`);
  }
  return chosen;
}
