/**
 * The service's own work on a hook call (as built in dist/), measured without HTTP: what the paired
 * runs see as "the service's extra CPU over the floor" (validation, loading, facts, rules and
 * cards), without the body's parse, whose cost (tens of milliseconds at 5 MB, and its noise on a
 * shared machine) hides a few microseconds per result in the paired difference.
 *
 * It runs in a child process of its own (`measureWork`), as fresh as a server: in the bench's own
 * process, whose heap holds every scenario's requests, the same work measured three to five times
 * more per result (its collections are larger). Each call parses the body afresh, as a call does
 * (the parsed body is new in memory, not warm in the cache), and only the work after the parse is
 * timed; rounds take the bodies in turn, so drift hurts every size alike.
 */
import { fork } from 'node:child_process';
import { builtService } from './built';
import { electrolyteHeavyRequest, serviceId } from './patients';

/** CPU ms of this process so far. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** What one call does once its body is parsed, as the hook route does it; the number of cards. */
type ServiceWork = (body: unknown) => Promise<number>;

function serviceWork(id: string): ServiceWork {
  const built = builtService();
  const { validateHookRequest } = built.validate;
  const { KNOWLEDGE_VERSION, SERVICE_VERSION } = built.version;
  const config = built.config.loadConfig({});
  const { registry, loader } = built.app.appDeps(config, { logger: built.logger.createLogger('silent') });
  const registered = registry.byId.get(id);
  if (!registered) throw new Error(`no service ${id}`);
  const { entry, implementation } = registered;
  const settings = built.app.ruleSettings(config);
  const needs = { templates: entry.prefetch ?? {}, required: implementation.required };
  return async (body) => {
    const request = validateHookRequest(body, implementation.hook, entry.id);
    implementation.checkContext?.(request);
    const data = await loader.load(request, needs);
    const now = new Date();
    const { patientId, encounterId, userId } = request.context;
    const render = {
      patientId,
      encounterId,
      userId,
      now,
      settings,
      approachUrl: 'http://127.0.0.1/approach',
      serviceVersion: SERVICE_VERSION,
      knowledgeVersion: KNOWLEDGE_VERSION,
    };
    return implementation.evaluate({ request, data, now, settings, render }).length;
  };
}

/** CPU ms of the work alone on each body, per call: one list per body, one value per round. */
async function workPerCall(work: ServiceWork, bodies: readonly string[], rounds: number, targetMs: number): Promise<number[][]> {
  const perBody: number[][] = bodies.map(() => []);
  // Enough calls that each round's work takes about targetMs, judged from one call of each.
  const calls: number[] = [];
  for (const text of bodies) {
    const parsed: unknown = JSON.parse(text);
    const started = cpuMs();
    await work(parsed);
    calls.push(Math.max(3, Math.ceil(targetMs / Math.max(0.05, cpuMs() - started))));
  }
  for (let round = 0; round <= rounds; round++) {
    for (let i = 0; i < bodies.length; i++) {
      let spent = 0;
      for (let n = 0; n < calls[i]; n++) {
        const parsed: unknown = JSON.parse(bodies[i]);
        const started = cpuMs();
        await work(parsed);
        spent += cpuMs() - started;
      }
      // Round 0 warms up.
      if (round > 0) perBody[i].push(spent / calls[i]);
    }
  }
  return perBody;
}

/** How much work each size and round is given, in CPU ms. */
const TARGET_MS = 200;

/**
 * The patient-view service's work per call on the electrolyte-heavy request with each number of
 * results, one list per size, one value per round; measured in a child process.
 */
export function measureWork(results: readonly number[], rounds: number): Promise<number[][]> {
  const child = fork(__filename, ['measure', results.join(','), String(rounds)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as number[][]));
    child.once('exit', (code) => reject(new Error(`the in-process measurement exited with code ${code} before reporting`)));
  });
}

async function main(): Promise<void> {
  const [, , mode, sizes, rounds] = process.argv;
  if (mode !== 'measure' || !process.send) throw new Error('bench/in-process.ts is started by bench/run.ts');
  const bodies = sizes.split(',').map((results) => JSON.stringify(electrolyteHeavyRequest(Number(results))));
  const perCall = await workPerCall(serviceWork(serviceId('patient-view')), bodies, Number(rounds), TARGET_MS);
  process.send(perCall, () => process.exit(0));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench/in-process.ts: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
