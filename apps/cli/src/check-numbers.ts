/**
 * The problems with numeric flags yargs parsed to NaN (`--lr abc`), naming each flag and what was typed, so a
 * command can refuse them with exit code 2 before it does any work. `raw` is the command line as given.
 */
export function nanFlagProblems(argv: Record<string, unknown>, raw: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(argv)) {
    if (/[A-Z]/.test(key) || key === '$0' || key === '_') continue;
    const values = Array.isArray(value) ? value : [value];
    if (!values.some((v) => typeof v === 'number' && Number.isNaN(v))) continue;
    const typed = raw.flatMap((arg, i) => (arg === `--${key}` ? [raw[i + 1] ?? ''] : arg.startsWith(`--${key}=`) ? [arg.slice(key.length + 3)] : []));
    problems.push(`--${key} must be a number; got ${typed.length > 0 ? typed.map((t) => JSON.stringify(t)).join(', ') : 'something else'}`);
  }
  return problems;
}
