// Reading a `/metrics` text exposition in tests: which families it declares
// and which series it carries (name and labels, without the sample values),
// so two front doors' exports can be compared series by series.

export interface ExposedSeries {
  name: string;
  labels: Record<string, string>;
}

/** The families the `# TYPE` lines declare, sorted. */
export function exposedFamilies(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1] ?? '').sort();
}

/** Every sample line's series, in the order served. */
export function exposedSeries(text: string): ExposedSeries[] {
  const series: ExposedSeries[] = [];
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+$/.exec(line);
    if (!sample) continue;
    const labels = Object.fromEntries(
      [...(sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((match) => [
        match[1] ?? '',
        match[2] ?? '',
      ]),
    );
    series.push({ name: sample[1] ?? '', labels });
  }
  return series;
}
