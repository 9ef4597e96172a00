// One lab per describe() block: started before its tests, reset before each
// one (then `prepare`, if given), removed after them, also when they fail.
import { after, before, beforeEach } from 'node:test';
import { startLab, type Lab } from './lab';

export function sharedLab(prepare?: (lab: Lab) => Promise<void>): () => Lab {
  let lab: Lab | undefined;
  const current = (): Lab => {
    if (!lab) throw new Error('the lab did not start');
    return lab;
  };
  before(async () => {
    lab = await startLab();
  });
  after(async () => {
    await lab?.close();
  });
  beforeEach(async () => {
    await current().reset();
    await prepare?.(current());
  });
  return current;
}
