export interface LayerEntry {
  layer: string;
  path: string;
  may: string[];
  /** A glob inside path when not every file of it (default: all). */
  files?: string;
}
export declare const LAYERS: LayerEntry[];
export declare const TOOLING: LayerEntry[];
export declare const PURE_LAYERS: string[];
export declare const ELECTRON_LAYERS: string[];
