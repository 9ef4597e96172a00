// Waiting, in a child that runs the stand-in app, for what main does in its
// own time: polled every 50 ms, with a deadline that names what never came.

export async function until<T>(
  read: () => T,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what} never happened (last: ${JSON.stringify(value)?.slice(0, 300)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function present<T>(read: () => T | undefined, what: string): Promise<T> {
  return (await until(read, (value) => value !== undefined, what)) as T;
}
