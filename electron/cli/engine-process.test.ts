// Which commands re-execute with the engine's flags, and with what command
// line (the real re-execution is seen in watch.test.ts, through /proc).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENGINE_V8_FLAGS } from '../contracts/engine-runtime';
import { reexecForEngine } from './engine-process';

function recordingProcess(execArgv: string[], execve: boolean) {
  const calls: { file: string; args: readonly string[]; env: NodeJS.ProcessEnv }[] = [];
  const env = { PATH: '/usr/bin', NODE_OPTIONS: '--cpu-prof' };
  const running = {
    execPath: '/opt/node/bin/node',
    execArgv,
    argv: ['/opt/node/bin/node', '/app/bin/outage-watch.mjs', 'watch', '--config', 'c.json'],
    env,
    ...(execve
      ? {
          execve: (file: string, args: readonly string[], to: NodeJS.ProcessEnv) => calls.push({ file, args, env: to }),
        }
      : {}),
  } as unknown as Parameters<typeof reexecForEngine>[1];
  return { running, calls, env };
}

test('watch, serve and demo re-execute once with the flags, keeping the Node options, the command line and the environment', () => {
  for (const command of ['watch', 'serve', 'demo']) {
    const { running, calls, env } = recordingProcess(['--inspect'], true);
    reexecForEngine(command, running);
    assert.equal(calls.length, 1, command);
    assert.equal(calls[0]?.file, '/opt/node/bin/node');
    assert.deepEqual(calls[0]?.args, [
      '/opt/node/bin/node',
      ...ENGINE_V8_FLAGS,
      '--inspect',
      '/app/bin/outage-watch.mjs',
      'watch',
      '--config',
      'c.json',
    ]);
    assert.equal(calls[0]?.env, env);
  }
});

test('short commands, a process already on the flags, and a platform without execve run on as they are', () => {
  for (const [command, execArgv, execve] of [
    ['check', [], true],
    ['catalog', [], true],
    [undefined, [], true],
    ['watch', [...ENGINE_V8_FLAGS], true],
    ['watch', [], false],
  ] as const) {
    const { running, calls } = recordingProcess([...execArgv], execve);
    reexecForEngine(command, running);
    assert.equal(calls.length, 0, `${command} ${execArgv.join(' ')} ${execve}`);
  }
});
