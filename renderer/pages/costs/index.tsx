import { IconChartBar, IconPlug, IconSettings } from '@tabler/icons-react';
import { PlaceholderPage } from '../../components/PlaceholderPage';

export default function CostsPage() {
  return (
    <PlaceholderPage
      title="Costs"
      icon={IconChartBar}
      issue={7}
      summary="Where every dollar goes: spend and tokens over time, by provider, model, client, route or source."
      features={[
        'Spend over time by day, week or month, stacked by provider, model, client token, route or source.',
        'Input, output, cached and reasoning tokens over time; top models, clients and routes.',
        'Cache and auto-routing savings, shown honestly; budget lines and burn rate.',
        'Effective prices with your discounts and overrides; export for invoice reconciliation.',
      ]}
      next={[
        { page: 'settings', label: 'Settings', icon: IconSettings, description: 'Set per-provider discount multipliers now; costs will use them.' },
        { page: 'connect', label: 'Connect', icon: IconPlug, description: 'Send traffic through Switchboard so it is logged and priced.' },
      ]}
    />
  );
}
