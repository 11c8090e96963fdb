/**
 * A single self-overwriting progress line on stderr when it is a TTY (and not CI); silent otherwise,
 * so logs in CI and pipes stay clean. `done()` ends the line.
 */
export interface ProgressLine {
  update(text: string): void;
  done(): void;
}

export function createProgressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  const enabled = Boolean(stream.isTTY) && !process.env['CI'];
  let shown = false;
  let last = 0;
  return {
    update(text) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const width = stream.columns ?? 100;
      stream.write(`\r${text.slice(0, width - 1).padEnd(width - 1)}`);
      shown = true;
    },
    done() {
      if (enabled && shown) stream.write('\n');
      shown = false;
    },
  };
}
