/**
 * For tests that must prove nothing is fetched: every global fetch made during each test is
 * recorded by URL and refused, and the real fetch is put back afterwards. Call it inside a
 * `describe`; the hooks it registers apply to that block.
 */
export function refuseNetwork(): { readonly fetched: string[] } {
  const recorded = { fetched: [] as string[] };
  let realFetch: typeof fetch;
  beforeEach(() => {
    recorded.fetched = [];
    realFetch = globalThis.fetch;
    globalThis.fetch = (input: string | URL | Request) => {
      recorded.fetched.push(String(input instanceof Request ? input.url : input));
      return Promise.reject(new Error('no network in this test'));
    };
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });
  return recorded;
}
