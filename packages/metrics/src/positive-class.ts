/** The positive class for binary metrics: `explicit`, else PNEUMONIA when present, else 1; null unless 2 classes. */
export function resolvePositiveClass(classNames: readonly string[], explicit?: number): number | null {
  if (classNames.length !== 2) return null;
  if (explicit !== undefined) return explicit;
  const named = classNames.findIndex((c) => c.toUpperCase() === 'PNEUMONIA');
  return named >= 0 ? named : 1;
}
