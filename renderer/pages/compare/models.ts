import { useMemo } from 'react';
import { useApiQuery } from '../../api/hooks';

export interface ModelGroup {
  group: string;
  items: string[];
}

/** Candidate / judge choices: `provider/model` for every usable provider's cached model list, then route names. */
export function useModelOptions(): { groups: ModelGroup[]; loading: boolean; error: Error | null; reload: () => void; usableProviders: number } {
  const providers = useApiQuery('providers.list', {});
  const routes = useApiQuery('routes.list', {});
  const groups = useMemo(() => {
    const seen = new Set<string>();
    const out: ModelGroup[] = [];
    const take = (xs: string[]) => xs.filter((x) => !seen.has(x) && (seen.add(x), true));
    for (const p of providers.data ?? []) {
      if (!(p.key?.available || p.local || p.custom) || p.models.length === 0) continue;
      const items = take(p.models.filter((m) => !/embed|whisper|tts|dall-e|moderation/i.test(m)).map((m) => `${p.id}/${m}`));
      if (items.length) out.push({ group: p.label, items });
    }
    const routeNames = take((routes.data ?? []).map((r) => r.name));
    if (routeNames.length) out.push({ group: 'Routes', items: routeNames });
    return out;
  }, [providers.data, routes.data]);
  const usableProviders = (providers.data ?? []).filter((p) => p.key?.available || p.custom).length;
  return {
    groups,
    loading: providers.loading || routes.loading,
    error: providers.error ?? routes.error,
    reload: () => {
      void providers.reload();
      void routes.reload();
    },
    usableProviders,
  };
}
