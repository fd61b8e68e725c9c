/**
 * nginx's configuration for several replicas has one source, deploy/nginx/hamstring-cds.conf.template:
 * the official nginx image renders it in compose.yaml, the cluster test renders it here, the same way.
 */
import path from 'node:path';

export const NGINX_TEMPLATE = path.resolve(__dirname, '..', '..', 'deploy', 'nginx', 'hamstring-cds.conf.template');

/** What the template asks for, as the official nginx image's envsubst step would fill it. */
export interface TemplateValues {
  CDS_UPSTREAM_SERVERS: string;
  NGINX_LISTEN: string;
}

/** Fills every ${NAME} of the template; a placeholder it does not know is an error, never left in. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`${NGINX_TEMPLATE}: no value for \${${name}}`);
    return values[name as keyof TemplateValues];
  });
}

/** One upstream server per replica; a replica that fails a call is left out for 5 s, then tried again. */
export function upstreamServers(addresses: readonly string[]): string {
  return addresses.map((address) => `server ${address} max_fails=1 fail_timeout=5s;`).join(' ');
}
