// `outage-watch demo [--port N]`: fake upstreams on 127.0.0.1, a real monitor
// pointed only at them, and the window with a scenario switch. Offline-safe.
import { resolveLanguage, systemLocale } from '../i18n/translate';
import { startDemoSession } from '../serve/demo/demo-session';
import { EXIT_OK, type CliIo } from './io';
import { parseCommandArgs } from './options';
import { parsePort, serveUntilStopped } from './serve';

export async function runDemoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('demo', argv, { port: { type: 'string' } });
  const locale = systemLocale();
  const language = resolveLanguage('auto', locale);
  const port = parsePort(values.port, language);
  const session = await startDemoSession({ systemLocale: locale });
  try {
    await serveUntilStopped(io, { engine: session.engine, port, language, demo: session.demo });
  } finally {
    await session.close();
  }
  return EXIT_OK;
}
