/**
 * The service's own work on a hook call (as built in dist/), measured in this process: what the paired runs see as
 * "the service's extra CPU over the floor" (validation, loading, facts, rules and cards), without
 * HTTP and without the body's parse, whose cost (tens of milliseconds at 5 MB, and its noise on a
 * shared machine) hides a few microseconds per result in the paired difference.
 *
 * Each call parses the body afresh, as a call does (the parsed body is new in memory, not warm in
 * the cache), and only the work after the parse is timed; rounds alternate the sizes, so drift
 * hurts every size alike.
 */
import { builtService } from './built';

/** CPU ms of this process so far. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** What one call does once its body is parsed, as the hook route does it; the number of cards. */
export type ServiceWork = (body: unknown) => Promise<number>;

export function serviceWork(serviceId: string): ServiceWork {
  const built = builtService();
  const { validateHookRequest } = built.validate;
  const { KNOWLEDGE_VERSION, SERVICE_VERSION } = built.version;
  const config = built.config.loadConfig({});
  const { registry, loader } = built.app.appDeps(config, { logger: built.logger.createLogger('silent') });
  const registered = registry.byId.get(serviceId);
  if (!registered) throw new Error(`no service ${serviceId}`);
  const { entry, implementation } = registered;
  const settings = { lookbackDays: config.lookbackDays, persistentAfterDays: config.persistentTwitchDays, mriStrainWindowDays: config.mriStrainWindowDays };
  const needs = { templates: entry.prefetch ?? {}, required: implementation.required };
  return async (body) => {
    const request = validateHookRequest(body, implementation.hook, entry.id);
    implementation.checkContext?.(request);
    const data = await loader.load(request, needs);
    const now = new Date();
    const { patientId, encounterId, userId } = request.context;
    const render = { patientId, encounterId, userId, now, settings, approachUrl: 'http://127.0.0.1/approach', serviceVersion: SERVICE_VERSION, knowledgeVersion: KNOWLEDGE_VERSION };
    return implementation.evaluate({ request, data, now, settings, render }).length;
  };
}

/** CPU ms of the work alone on each body, per call: one list per body, one value per round. */
export async function workPerCall(work: ServiceWork, bodies: readonly string[], rounds: number, targetMs = 150): Promise<number[][]> {
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
      // Let this process see its sockets in between: a keep-alive connection the server closed
      // while the loop ran must leave the pool before the bench sends on it again.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return perBody;
}
