import { useMemo } from 'react';
import { MultiSelect } from '@mantine/core';
import type { MethodOutput } from '../../../shared/contract';

export type DimLists = { providers?: string[]; models?: string[]; tokens?: string[]; routes?: string[]; sources?: string[] };
type ListKey = keyof DimLists;

/** `''` means "none" (no client token, no route) in the API; Mantine's pickers need a real value. */
const NONE = '__none__';
const toUi = (v: string[] | undefined) => (v ?? []).map((x) => (x === '' ? NONE : x));
const fromUi = (v: string[]) => (v.length ? v.map((x) => (x === NONE ? '' : x)) : undefined);

export const DIM_PICKERS: Array<{ key: ListKey; label: string; none?: string }> = [
  { key: 'providers', label: 'Provider' },
  { key: 'models', label: 'Model' },
  { key: 'tokens', label: 'Client', none: '(no token)' },
  { key: 'routes', label: 'Route', none: '(no route)' },
  { key: 'sources', label: 'Source' },
];

export function facetOptions(facets: MethodOutput<'requests.facets'> | undefined): Record<ListKey, Array<{ value: string; label: string }>> {
  const opt = (v: string, none: string) => (v === '' ? { value: NONE, label: none } : { value: v, label: v });
  return {
    providers: (facets?.providers ?? []).map((v) => opt(v, '(none)')),
    models: [...new Set((facets?.models ?? []).map((m) => m.model))].sort().map((v) => opt(v, '(none)')),
    tokens: (facets?.tokens ?? []).map((v) => opt(v, '(no token)')),
    routes: (facets?.routes ?? []).map((v) => opt(v, '(no route)')),
    sources: (facets?.sources ?? []).map((v) => opt(v, '(none)')),
  };
}

/** Provider / model / client / route / source multi-selects. */
export function DimPickers<T extends DimLists>({
  value,
  onChange,
  facets,
  only,
  w = 150,
}: {
  value: T;
  onChange: (next: T) => void;
  facets: MethodOutput<'requests.facets'> | undefined;
  only?: ListKey[];
  w?: number;
}) {
  const options = useMemo(() => facetOptions(facets), [facets]);
  return (
    <>
      {DIM_PICKERS.filter((p) => !only || only.includes(p.key)).map((p) => {
        const selected = toUi(value[p.key]);
        return (
          <MultiSelect
            key={p.key}
            size="xs"
            w={w}
            aria-label={`Filter by ${p.label.toLowerCase()}`}
            placeholder={selected.length ? undefined : `${p.label}: all`}
            data={options[p.key]}
            value={selected}
            onChange={(v) => onChange({ ...value, [p.key]: fromUi(v) })}
            searchable
            clearable
            maxValues={200}
            comboboxProps={{ withinPortal: true, width: 260, position: 'bottom-start' }}
            data-testid={`filter-${p.key}`}
            styles={{ pillsList: { flexWrap: 'nowrap', overflow: 'hidden' } }}
          />
        );
      })}
    </>
  );
}
