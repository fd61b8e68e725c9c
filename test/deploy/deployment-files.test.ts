/**
 * The deployment files (Dockerfile, .dockerignore, compose.yaml, the Kubernetes manifests under
 * deploy/ and nginx's template), checked as far as a machine without a container engine or a
 * cluster can: every variable they set is one the README documents, every probe and health check
 * points at the endpoint that answers it, the references between files hold, and the settings
 * they give start the service in production.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { loadConfig, ConfigError } from '../../src/config';
import { sandboxTrust, loadTrustedClients } from '../../src/security/trusted-clients';
import { testApp } from '../support/app';
import { NGINX_TEMPLATE, renderTemplate, upstreamServers, type TemplateValues } from '../cluster/nginx-template';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

type Yaml = Record<string, unknown>;

function yamlDocuments(file: string): Yaml[] {
  return parseAllDocuments(read(file)).map((doc) => {
    assert.deepEqual(doc.errors, [], `${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS({ maxAliasCount: 100 }) as Yaml;
  });
}

interface K8sObject {
  kind: string;
  metadata: { name: string };
  [key: string]: unknown;
}

/** Every object kustomization.yaml lists, by kind and name. */
function kubernetesObjects(): K8sObject[] {
  const kustomization = yamlDocuments('deploy/kustomization.yaml')[0] as { resources: string[] };
  return kustomization.resources.flatMap((resource) => yamlDocuments(path.join('deploy', resource)) as unknown as K8sObject[]);
}

function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(found, `no ${kind} named ${name} in deploy/kustomization.yaml's resources`);
  return found;
}

interface Probe {
  httpGet: { path: string; port: string };
}
interface Container {
  name: string;
  ports: { name: string; containerPort: number }[];
  env?: { name: string }[];
  volumeMounts?: { name: string; mountPath: string }[];
  envFrom?: ({ configMapRef: { name: string } } | { secretRef: { name: string } })[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
}
interface PodSpec {
  terminationGracePeriodSeconds: number;
  containers: Container[];
  volumes?: { name: string; configMap?: { name: string } }[];
}
interface Deployment extends K8sObject {
  spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
}

const objects = kubernetesObjects();
const deployment = find(objects, 'Deployment', 'hamstring-cds') as Deployment;
const pod = deployment.spec.template.spec;
const container = pod.containers[0];

/** The variables the Deployment's container gets: its env, and every key of the ConfigMaps and Secrets it reads whole. */
function kubernetesEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const object = 'configMapRef' in source ? find(objects, 'ConfigMap', source.configMapRef.name) : find(objects, 'Secret', source.secretRef.name);
    Object.assign(env, (object.data ?? {}) as Record<string, string>, (object.stringData ?? {}) as Record<string, string>);
  }
  for (const variable of container.env ?? []) env[variable.name] = '';
  return env;
}

interface ComposeService {
  build?: unknown;
  image?: string;
  environment?: Record<string, string>;
  volumes?: string[];
}

const compose = yamlDocuments('compose.yaml')[0] as { services: Record<string, ComposeService> };
/** The services that run hamstring-cds itself (not PostgreSQL, not nginx). */
const composeReplicas = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);

const dockerfile = read('Dockerfile');
/** Dockerfile instructions, with continued lines joined. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((line) => /^[A-Z]+\s/.test(line));

function dockerfileEnvironment(): string[] {
  return instructions.filter((line) => line.startsWith('ENV ')).flatMap((line) => [...line.slice(4).matchAll(/([A-Z_][A-Z0-9_]*)=/g)].map((m) => m[1]));
}

/** The variables of the README's configuration table. */
function documentedVariables(): Set<string> {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('\n## Configuration\n'), readme.indexOf('\n## ', readme.indexOf('\n## Configuration\n') + 1));
  return new Set([...section.matchAll(/^\| `([A-Z_][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
}

describe('deployment files', () => {
  describe('the environment variables they set', () => {
    const documented = documentedVariables();
    const sources: [string, string[]][] = [
      ['Dockerfile', dockerfileEnvironment()],
      [
        `compose.yaml (${composeReplicas.map(([name]) => name).join(', ')})`,
        [...new Set(composeReplicas.flatMap(([, service]) => Object.keys(service.environment ?? {})))],
      ],
      ['the Kubernetes Deployment (its env, ConfigMap and Secret)', Object.keys(kubernetesEnvironment())],
    ];

    for (const [source, variables] of sources) {
      it(`are each in the README's configuration table: ${source}`, () => {
        assert.ok(variables.length > 0, `${source} sets no variable`);
        assert.deepEqual(
          variables.filter((v) => !documented.has(v)),
          [],
        );
      });
    }
  });

  describe('the Kubernetes configuration', () => {
    const env = kubernetesEnvironment();
    let dir: string;
    let clientsFile: string;

    // The trusted clients file as the pod sees it, from its ConfigMap.
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hamstring-deploy-'));
      const clients = find(objects, 'ConfigMap', 'hamstring-cds-trusted-clients').data as Record<string, string>;
      clientsFile = path.join(dir, path.basename(env.CDS_TRUSTED_CLIENTS_FILE));
      fs.writeFileSync(clientsFile, clients[path.basename(env.CDS_TRUSTED_CLIENTS_FILE)]);
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('starts in production once the Secret holds real values, with trusted clients that are not the Sandbox', () => {
      const config = loadConfig({
        ...env,
        CDS_TRUSTED_CLIENTS_FILE: clientsFile,
        DATABASE_URL: 'postgres://hamstring:secret@db.internal:5432/hamstring?sslmode=require',
        PATIENT_HASH_KEY: '5a'.repeat(32),
      });
      assert.equal(config.security.production, true);
      assert.equal(config.port, 3000);
      assert.deepEqual(sandboxTrust(loadTrustedClients(clientsFile)), []);
    });

    it("refuses the Secret's placeholders at start-up, naming each variable", () => {
      assert.throws(
        () => loadConfig({ ...env, CDS_TRUSTED_CLIENTS_FILE: clientsFile }),
        (err: unknown) =>
          err instanceof ConfigError &&
          err.problems.length === 2 &&
          err.problems[0].startsWith('DATABASE_URL must be a PostgreSQL connection URL') &&
          err.problems[1].startsWith('PATIENT_HASH_KEY must be hex or base64'),
      );
    });

    it('mounts the trusted clients ConfigMap where CDS_TRUSTED_CLIENTS_FILE points', () => {
      const volume = pod.volumes?.find((v) => v.configMap?.name === 'hamstring-cds-trusted-clients');
      assert.ok(volume, 'no volume of the trusted clients ConfigMap');
      const mount = container.volumeMounts?.find((m) => m.name === volume.name);
      assert.equal(mount && path.posix.join(mount.mountPath, 'trusted-clients.json'), env.CDS_TRUSTED_CLIENTS_FILE);
    });

    it('exposes the ports PORT and METRICS_PORT name, the Service only the CDS one', () => {
      assert.deepEqual(
        container.ports.map((p) => [p.name, p.containerPort]),
        [
          ['cds', Number(env.PORT)],
          ['metrics', Number(env.METRICS_PORT)],
        ],
      );
      const service = find(objects, 'Service', 'hamstring-cds') as K8sObject & { spec: { ports: { targetPort: string }[] } };
      assert.deepEqual(
        service.spec.ports.map((p) => p.targetPort),
        ['cds'],
      );
    });

    it("selects the Deployment's pods from the Service and the PodDisruptionBudget, and scales the Deployment", () => {
      const labels = deployment.spec.template.metadata.labels;
      const selects = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
      assert.ok(selects(deployment.spec.selector.matchLabels));
      assert.ok(selects((find(objects, 'Service', 'hamstring-cds').spec as { selector: Record<string, string> }).selector));
      assert.ok(
        selects((find(objects, 'PodDisruptionBudget', 'hamstring-cds').spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels),
      );
      const target = (find(objects, 'HorizontalPodAutoscaler', 'hamstring-cds').spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef;
      assert.deepEqual([target.kind, target.name], ['Deployment', 'hamstring-cds']);
    });

    it('gives a stopping pod time for its preStop sleep and the shutdown grace period', () => {
      const sleepSeconds = Number(container.lifecycle?.preStop?.exec?.command.at(-1));
      assert.ok(sleepSeconds > 0, 'no preStop sleep');
      assert.ok(pod.terminationGracePeriodSeconds > sleepSeconds + Number(env.SHUTDOWN_GRACE_MS) / 1000);
    });
  });

  describe('the probes and health checks', () => {
    const healthcheck = instructions.find((line) => line.startsWith('HEALTHCHECK '));
    const liveness: [string, string | undefined][] = [
      ['the Deployment startupProbe', container.startupProbe?.httpGet.path],
      ['the Deployment livenessProbe', container.livenessProbe?.httpGet.path],
      ['the Dockerfile HEALTHCHECK', /'(\/[a-z]+)'/.exec(healthcheck ?? '')?.[1]],
    ];
    const failingStore = { ping: () => Promise.reject(new Error('connection refused')) };

    for (const [probe, route] of liveness) {
      it(`point at the app's liveness endpoint, which answers while the store is down: ${probe}`, async () => {
        assert.ok(route, `${probe} names no path`);
        const res = await request(testApp({}, { storePing: failingStore })).get(route);
        assert.equal(res.status, 200);
        assert.equal((res.body as { status?: unknown }).status, 'alive');
      });
    }

    it("point the readinessProbe at the app's readiness endpoint: 200 ready, 503 while the store is down", async () => {
      const route = container.readinessProbe?.httpGet.path;
      assert.ok(route, 'no readinessProbe path');
      assert.deepEqual((await request(testApp()).get(route)).body, { status: 'ready' });
      assert.equal((await request(testApp({}, { storePing: failingStore })).get(route)).status, 503);
    });

    it('are each on the CDS port', () => {
      for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) assert.equal(probe?.httpGet.port, 'cds');
    });
  });

  describe('the image', () => {
    it('takes into its build context every file the Dockerfile copies, and nothing else', () => {
      const allowed = read('.dockerignore')
        .split('\n')
        .filter((line) => line.startsWith('!'))
        .map((line) => line.slice(1).replace(/\/$/, ''));
      const copied = instructions.filter((line) => line.startsWith('COPY ') && !line.includes('--from=')).flatMap((line) => line.split(/\s+/).slice(1, -1));
      assert.deepEqual([...new Set(copied)].sort(), [...allowed].sort());
    });

    it('runs as a non-root user, on the same base image as the stages that compile its native addon', () => {
      const stages: string[] = [];
      const bases = new Set<string>();
      for (const line of instructions.filter((l) => l.startsWith('FROM '))) {
        const [, image, , stage] = line.split(/\s+/);
        if (!stages.includes(image)) bases.add(image);
        stages.push(stage);
      }
      assert.deepEqual([...bases], ['${NODE_IMAGE}']);
      assert.match(instructions.filter((line) => line.startsWith('USER ')).at(-1) ?? '', /^USER [1-9]\d*:[1-9]\d*$/);
    });
  });

  describe("nginx's template", () => {
    const template = fs.readFileSync(NGINX_TEMPLATE, 'utf8');

    it('is the one compose.yaml mounts, given every variable it asks for', () => {
      const nginx = compose.services.nginx;
      assert.ok(nginx.volumes?.some((volume) => volume.startsWith(`./${path.relative(ROOT, NGINX_TEMPLATE)}:/etc/nginx/templates/`)));
      const rendered = renderTemplate(template, nginx.environment as unknown as TemplateValues);
      assert.doesNotMatch(rendered, /\$\{/);
    });

    it('lists every replica of compose.yaml as an upstream server, as the cluster test renders them', () => {
      const expected = upstreamServers(composeReplicas.map(([name]) => `${name}:${compose.services[name].environment?.PORT ?? ''}`));
      assert.equal(compose.services.nginx.environment?.CDS_UPSTREAM_SERVERS, expected);
    });
  });
});
