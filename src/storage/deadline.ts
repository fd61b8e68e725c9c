/** A wait with an end: past it the caller hears StoreUnavailableError, whatever the database does. */
import { StoreUnavailableError } from './errors';

/**
 * Settles with `work`, or rejects after `ms`. A frozen database never settles `work`; when it
 * settles after all, the late value goes to `onLate` (e.g. a connection to give back).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string, onLate?: (value: T) => void): Promise<T> {
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(new StoreUnavailableError(`the database did not answer ${what} within ${ms} ms`));
    }, ms);
  });
  work.then(
    (value) => {
      if (expired) onLate?.(value);
    },
    // A late failure has nobody left to hear it.
    () => undefined,
  );
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
