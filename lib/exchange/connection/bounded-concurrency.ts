/**
 * `run` over every item with at most `limit` running at once; results in the items' order. Bounded so a
 * large team does not open more simultaneous EWS calls than Exchange's per-account limit tolerates.
 */
export async function mapWithConcurrency<T, R>(input: {
  items: readonly T[];
  limit: number;
  run: (item: T) => Promise<R>;
}): Promise<R[]> {
  const results = new Array<R>(input.items.length);
  let next = 0;
  const worker = async () => {
    while (next < input.items.length) {
      const index = next++;
      results[index] = await input.run(input.items[index] as T);
    }
  };
  const workers = Math.max(1, Math.min(input.limit, input.items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
