// The Settings draft: the config being edited, checked as you type with the
// engine's own rules (settings-validation.ts), whether it differs from what is
// saved, and saving it whole. Every Settings card edits through this one hook;
// the engine validates again on save and writes atomically.
import { useEffect, useMemo, useState } from 'react';
import type { Bridge, CatalogEntry } from '../../electron/contracts/bridge';
import { checkConfig, type AppEntry, type Config } from '../../electron/contracts/config';
import {
  draftErrors,
  hasFieldErrors,
  labelRowsOf,
  labelsFromRows,
  splitAddresses,
  systemResolversText,
  type DraftErrors,
  type LabelRow,
} from '../settings-validation';

export type SaveStatus =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'problem'; problem: string };

export interface SettingsDraft {
  /** The config as edited so far. */
  config: Config;
  catalog: CatalogEntry[];
  /** The system resolvers as typed; the config keeps the last list that parsed. */
  systemText: string;
  /** export.labels as typed, a row per label; the config keeps the rows that have a name. */
  labelRows: LabelRow[];
  errors: DraftErrors;
  hasFieldErrors: boolean;
  /** Why the engine's own check refuses the whole draft; null when it accepts it. */
  engineProblem: string | null;
  /** The draft differs from the saved config. */
  dirty: boolean;
  canSave: boolean;
  status: SaveStatus;
  /** A watched app's name: the catalog's for a known app, its own for a custom one. */
  nameOf(entry: AppEntry): string;
  update(change: Partial<Config>): void;
  setSystemText(text: string): void;
  setLabelRows(rows: LabelRow[]): void;
  save(): Promise<void>;
  discard(): void;
}

export type SettingsDraftState = { phase: 'loading' } | { phase: 'failed' } | { phase: 'ready'; draft: SettingsDraft };

export function useSettingsDraft(bridge: Bridge, onSaved: (config: Config) => void): SettingsDraftState {
  const [saved, setSaved] = useState<Config | null>(null);
  const [config, setConfig] = useState<Config | null>(null);
  const [catalog, setCatalog] = useState<CatalogEntry[]>([]);
  const [loadFailed, setLoadFailed] = useState(false);
  const [systemText, setSystemTextState] = useState('');
  const [labelRows, setLabelRowsState] = useState<LabelRow[]>([]);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });

  useEffect(() => {
    let active = true;
    Promise.all([bridge.getConfig(), bridge.getCatalog()]).then(
      ([loaded, entries]) => {
        if (!active) return;
        setSaved(loaded);
        setConfig(loaded);
        setCatalog(entries);
        setSystemTextState(systemResolversText(loaded));
        setLabelRowsState(labelRowsOf(loaded));
      },
      () => {
        if (active) setLoadFailed(true);
      },
    );
    return () => {
      active = false;
    };
  }, [bridge]);

  const names = useMemo(() => new Map(catalog.map((entry) => [entry.id, entry.name])), [catalog]);

  if (loadFailed) return { phase: 'failed' };
  if (!config || !saved) return { phase: 'loading' };

  const update = (change: Partial<Config>) => {
    setConfig({ ...config, ...change });
    setStatus({ kind: 'idle' });
  };
  const errors = draftErrors(config, systemText, labelRows);
  const fieldErrors = hasFieldErrors(errors);
  const whole = checkConfig(config);
  const dirty = JSON.stringify(config) !== JSON.stringify(saved);

  return {
    phase: 'ready',
    draft: {
      config,
      catalog,
      systemText,
      labelRows,
      errors,
      hasFieldErrors: fieldErrors,
      engineProblem: whole.ok ? null : whole.problem,
      dirty,
      canSave: dirty && !fieldErrors && whole.ok && status.kind !== 'saving',
      status,
      nameOf: (entry) => (typeof entry === 'string' ? (names.get(entry) ?? entry) : entry.name),
      update,
      setSystemText: (text) => {
        setSystemTextState(text);
        const addresses = splitAddresses(text);
        update({
          resolvers: { ...config.resolvers, system: addresses.length > 0 ? addresses : config.resolvers.system },
        });
      },
      setLabelRows: (rows) => {
        setLabelRowsState(rows);
        update({ export: { ...config.export, labels: labelsFromRows(rows) } });
      },
      save: async () => {
        setStatus({ kind: 'saving' });
        const result = await bridge
          .saveConfig(config)
          .catch((error: Error) => ({ ok: false as const, problem: error.message }));
        if (result.ok) {
          setSaved(result.config);
          setConfig(result.config);
          setLabelRowsState(labelRowsOf(result.config));
          setStatus({ kind: 'saved' });
          onSaved(result.config);
        } else {
          setStatus({ kind: 'problem', problem: result.problem });
        }
      },
      discard: () => {
        setConfig(saved);
        setSystemTextState(systemResolversText(saved));
        setLabelRowsState(labelRowsOf(saved));
        setStatus({ kind: 'idle' });
      },
    },
  };
}
