/**
 * nginx in front of the replicas, from the one template deployments use
 * (deploy/nginx/hamstring-cds.conf.template), wrapped in a main configuration of the test's own:
 * its own prefix, pid file, logs and temporary folders, in the foreground, on a loopback port.
 * Its access log says which replica answered each call and which calls were tried twice.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { NGINX_TEMPLATE, renderTemplate, upstreamServers } from './nginx-template';
import { exited, onStop, runCommand, startProcess, tail, tailOfFile, waitUntil } from './processes';

/** One line of the access log: when it ended, the status the client got, and the replicas tried. */
export interface AccessLine {
  endedAtMs: number;
  status: number;
  method: string;
  uri: string;
  /** Each replica tried, in order ("127.0.0.1:port"); empty when none could be. */
  upstreams: string[];
  upstreamStatuses: string[];
}

const LOG_FORMAT = `'$msec $status $request_method $uri "$upstream_addr" "$upstream_status"'`;

function mainConfig(prefix: string, site: string): string {
  return [
    'worker_processes 1;',
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/error.log warn;`,
    'daemon off;',
    'events { worker_connections 1024; }',
    'http {',
    `  log_format cluster ${LOG_FORMAT};`,
    `  access_log ${prefix}/access.log cluster;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${prefix}/${kind}_temp;`),
    `  include ${site};`,
    '}',
    '',
  ].join('\n');
}

export class Nginx {
  private constructor(
    private readonly child: ChildProcess,
    readonly origin: string,
    private readonly prefix: string,
  ) {}

  static async start(options: { binary: string; dir: string; port: number; replicaPorts: readonly number[] }): Promise<Nginx> {
    const prefix = path.join(options.dir, 'nginx');
    // Its workers run as an unprivileged user when the test runs as root, and write in the temporary folders.
    fs.mkdirSync(prefix, { mode: 0o755 });
    const site = path.join(prefix, 'hamstring-cds.conf');
    fs.writeFileSync(
      site,
      renderTemplate(fs.readFileSync(NGINX_TEMPLATE, 'utf8'), {
        CDS_UPSTREAM_SERVERS: upstreamServers(options.replicaPorts.map((port) => `127.0.0.1:${port}`)),
        NGINX_LISTEN: `127.0.0.1:${options.port}`,
      }),
    );
    const config = path.join(prefix, 'nginx.conf');
    fs.writeFileSync(config, mainConfig(prefix, site));
    const args = ['-p', `${prefix}/`, '-c', config, '-e', path.join(prefix, 'error.log')];

    const check = await runCommand(options.binary, [...args, '-t']);
    if (check.code !== 0) throw new Error(`nginx refused the configuration rendered from ${NGINX_TEMPLATE}:\n${tail(check.output)}`);
    const child = startProcess(options.binary, args, { logFile: path.join(prefix, 'stderr.log') });
    const nginx = new Nginx(child, `http://127.0.0.1:${options.port}`, prefix);
    onStop(() => nginx.stop());
    try {
      await waitUntil('nginx answering', 10_000, () => nginx.answers());
    } catch {
      throw new Error(`nginx did not start on port ${options.port}:\n${tailOfFile(path.join(prefix, 'error.log'))}`);
    }
    return nginx;
  }

  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      http
        .get(`${this.origin}/healthz`, { agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on('error', () => resolve(false));
    });
  }

  accessLog(): AccessLine[] {
    const text = fs.readFileSync(path.join(this.prefix, 'access.log'), 'utf8');
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [msec, status, method, uri] = line.split(' ');
        const [, addresses, statuses] = /"([^"]*)" "([^"]*)"$/.exec(line) ?? ['', '-', '-'];
        // ", " separates the replicas tried; " : " an internal redirect (to the error page).
        const list = (value: string) => value.split(/, | : /).filter((item) => item !== '-' && item !== '');
        return {
          endedAtMs: Math.round(Number(msec) * 1000),
          status: Number(status),
          method,
          uri,
          upstreams: list(addresses),
          upstreamStatuses: list(statuses),
        };
      });
  }

  errorLog(): string {
    return tailOfFile(path.join(this.prefix, 'error.log'));
  }

  async stop(): Promise<void> {
    // SIGQUIT: finish the calls in flight, then exit.
    this.child.kill('SIGQUIT');
    await exited(this.child, 10_000);
  }
}
