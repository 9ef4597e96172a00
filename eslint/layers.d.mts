export interface LayerEntry {
  layer: string;
  path: string;
  may: string[];
}
export declare const LAYERS: LayerEntry[];
export declare const PURE_LAYERS: string[];
export declare const ELECTRON_LAYERS: string[];
