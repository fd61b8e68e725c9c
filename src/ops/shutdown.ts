/**
 * Shutting down without dropping a call: readiness fails first (the load balancer stops sending),
 * the listener closes, calls in flight finish within the grace period, and only then are the
 * connections still open closed.
 */
import type { Server } from 'node:http';

/** Read by the app on every call: once draining, readiness fails and new calls are refused. */
export interface ServingState {
  draining: boolean;
}

export function servingState(): ServingState {
  return { draining: false };
}

export type DrainOutcome = 'drained' | 'grace expired';

/** How often connections kept alive between calls are closed while draining. */
const IDLE_SWEEP_MS = 50;

export async function drain(server: Server, state: ServingState, graceMs: number): Promise<DrainOutcome> {
  state.draining = true;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A connection kept alive after its call would hold the server open until the client lets go.
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<DrainOutcome>((resolve) => {
    timer = setTimeout(() => resolve('grace expired'), graceMs);
  });
  const outcome = await Promise.race([closed.then((): DrainOutcome => 'drained'), expired]);
  clearInterval(sweep);
  clearTimeout(timer);
  if (outcome === 'grace expired') {
    server.closeAllConnections();
    await closed;
  }
  return outcome;
}
