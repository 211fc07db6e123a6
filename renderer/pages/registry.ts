import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { IconBolt, IconChartBar, IconKey, IconListSearch, IconPlug, IconRoute, IconScale, IconSettings, type Icon } from '@tabler/icons-react';

export interface PageDef {
  id: string;
  label: string;
  icon: Icon;
  /** Second key of the `g` + key shortcut. */
  letter: string;
  group: 'Evaluate' | 'Observe' | 'Configure';
  component: LazyExoticComponent<ComponentType>;
}

/** Every page, in navigation order (Ctrl/⌘+1…8 follows this order). Each page lives in its own folder and chunk. */
export const PAGES: PageDef[] = [
  { id: 'race', label: 'Race', icon: IconBolt, letter: 'r', group: 'Evaluate', component: lazy(() => import('./race')) },
  { id: 'compare', label: 'Compare', icon: IconScale, letter: 'c', group: 'Evaluate', component: lazy(() => import('./compare')) },
  { id: 'costs', label: 'Costs', icon: IconChartBar, letter: 'o', group: 'Observe', component: lazy(() => import('./costs')) },
  { id: 'requests', label: 'Requests', icon: IconListSearch, letter: 'q', group: 'Observe', component: lazy(() => import('./requests')) },
  { id: 'keys', label: 'Keys', icon: IconKey, letter: 'k', group: 'Configure', component: lazy(() => import('./keys')) },
  { id: 'routes', label: 'Routes', icon: IconRoute, letter: 't', group: 'Configure', component: lazy(() => import('./routes')) },
  { id: 'connect', label: 'Connect', icon: IconPlug, letter: 'n', group: 'Configure', component: lazy(() => import('./connect')) },
  { id: 'settings', label: 'Settings', icon: IconSettings, letter: 's', group: 'Configure', component: lazy(() => import('./settings')) },
];

export const DEFAULT_PAGE = 'race';

export function pageById(id: string): PageDef | undefined {
  return PAGES.find((p) => p.id === id);
}
