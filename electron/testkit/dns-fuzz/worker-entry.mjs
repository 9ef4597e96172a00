// The worker thread's entry: Node's workers do not inherit tsx's loader, so it
// registers tsx itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
