// How a child that runs the stand-in app reports to its test: the report as
// JSON in the file the test named, or the error's stack; exit 0 or 1.
import { writeFileSync } from 'node:fs';

export function reportTo(file: string, work: Promise<unknown>): void {
  work.then(
    (report) => {
      writeFileSync(file, JSON.stringify(report, null, 2));
      process.exit(0);
    },
    (error: Error) => {
      writeFileSync(file, JSON.stringify({ error: error.stack ?? String(error) }));
      process.exit(1);
    },
  );
}
