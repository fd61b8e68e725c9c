/**
 * What the cluster runs on: a PostgreSQL server and nginx. They are looked for where Debian puts
 * them; when one is missing and the test runs as root on Debian (as CI does), it is installed
 * from Debian's packages (`apt-get update` once, then `apt-get install`). Anywhere else the test
 * stops with a message naming what is missing and how to install it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCommand, tail } from './processes';

export interface ClusterTools {
  /** The folder holding initdb and postgres. */
  postgresBin: string;
  nginx: string;
}

export class MissingToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingToolError';
  }
}

const isExecutable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const pathDirs = () => (process.env.PATH ?? '').split(':').filter(Boolean);

/** Debian keeps each major version under /usr/lib/postgresql/<version>/bin; the newest is taken. */
function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const dirs = [...versions.map((v) => path.join(root, v, 'bin')), ...pathDirs()];
  return dirs.find((dir) => isExecutable(path.join(dir, 'initdb')) && isExecutable(path.join(dir, 'postgres')));
}

function findNginx(): string | undefined {
  return ['/usr/sbin', ...pathDirs()].map((dir) => path.join(dir, 'nginx')).find(isExecutable);
}

function found(): Partial<ClusterTools> {
  return { postgresBin: findPostgresBin(), nginx: findNginx() };
}

function missingNames(tools: Partial<ClusterTools>): string[] {
  return [...(tools.postgresBin ? [] : ['a PostgreSQL server (initdb, postgres)']), ...(tools.nginx ? [] : ['nginx'])];
}

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };

async function apt(args: string[]): Promise<void> {
  const result = await runCommand('apt-get', args, { env: APT_ENV });
  if (result.code !== 0) {
    throw new MissingToolError(`apt-get ${args.join(' ')} failed (exit ${result.code}):\n${tail(result.output)}`);
  }
}

/** PostgreSQL 15 where Debian offers it (Debian 12), else Debian's default version. */
async function postgresPackage(): Promise<string> {
  return (await runCommand('apt-cache', ['show', 'postgresql-15'])).code === 0 ? 'postgresql-15' : 'postgresql';
}

export async function ensureClusterTools(say: (line: string) => void): Promise<ClusterTools> {
  let tools = found();
  const missing = missingNames(tools);
  if (missing.length === 0) return tools as ClusterTools;

  const howTo =
    'install PostgreSQL (Debian package postgresql-15) and nginx (package nginx), or run this test as root on Debian, where it installs them itself';
  if (process.getuid?.() !== 0 || !isExecutable('/usr/bin/apt-get')) {
    throw new MissingToolError(`missing ${missing.join(' and ')}: ${howTo}`);
  }
  say(`installing ${missing.join(' and ')} from Debian's packages`);
  try {
    await apt(['update']);
    const packages = [...(tools.postgresBin ? [] : [await postgresPackage()]), ...(tools.nginx ? [] : ['nginx'])];
    await apt(['install', '-y', '--no-install-recommends', ...packages]);
  } catch (err) {
    throw new MissingToolError(`missing ${missing.join(' and ')}, and installing failed: ${(err as Error).message}\nTo run this test, ${howTo}.`);
  }
  tools = found();
  const still = missingNames(tools);
  if (still.length > 0) throw new MissingToolError(`still missing ${still.join(' and ')} after apt-get install: ${howTo}`);
  return tools as ClusterTools;
}
