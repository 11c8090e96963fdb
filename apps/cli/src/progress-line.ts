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

/** Seconds as m:ss or h:mm:ss (ETA on progress lines); `--:--` when unknown. */
export function clock(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(r).padStart(2, '0')}`;
}
