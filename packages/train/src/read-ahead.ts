/**
 * The items of `source` in order, with the next one always requested before the current one is handed out: its
 * production (decoding, augmentation, batching) runs while the consumer awaits work off the main thread (an
 * onnxruntime run). A failure surfaces where its item is awaited.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let pending = it.next();
  for (;;) {
    const next = await pending;
    if (next.done === true) return;
    pending = it.next();
    pending.catch(() => undefined); // surfaces at its await above, not as an unhandled rejection
    yield next.value;
  }
}
