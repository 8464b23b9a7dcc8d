/** The value after `--name` on a benchmark's command line, if it was given. */
export function argValue(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

/** A comma list of positive numbers (`--sizes 10,50,200`), or `fallback` when the option is absent. */
export function numberListArg(argv: readonly string[], name: string, fallback: string): number[] {
  return (argValue(argv, name) ?? fallback)
    .split(',')
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 0);
}
