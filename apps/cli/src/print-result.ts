/** Prints a command's result: one JSON line with --json, else the lines `text` makes. */
export function printResult(json: boolean, result: unknown, text: () => string[]): void {
  process.stdout.write(json ? JSON.stringify(result) + '\n' : text().join('\n') + '\n');
}

/** Op counts of a converted graph as `Op=n Op=n ...` (freeze, export-onnx). */
export function opCountsText(opCounts: Record<string, number>): string {
  return Object.entries(opCounts)
    .map(([op, n]) => `${op}=${n}`)
    .join(' ');
}
