import { IconKey, IconRoute, IconScale } from '@tabler/icons-react';
import { PlaceholderPage } from '../../components/PlaceholderPage';

export default function ComparePage() {
  return (
    <PlaceholderPage
      title="Compare"
      icon={IconScale}
      issue={6}
      summary="A/B experiments scored by an LLM judge: is model B good enough to replace model A on your own work?"
      features={[
        'Prompt sets pasted, imported (JSONL, CSV), sent from Race, or sampled from your request log.',
        'Pairwise judging in both orders with hidden model names, so position bias cancels out.',
        'Win rates with 95% confidence intervals, and “too close to call” when they overlap.',
        'Cost, latency and tokens beside quality; pause, resume and export.',
      ]}
      next={[
        { page: 'keys', label: 'Keys', icon: IconKey, description: 'Configure the providers for your candidates and the judge.' },
        { page: 'routes', label: 'Routes', icon: IconRoute, description: 'Define named routes that can later be compared as candidates.' },
      ]}
    />
  );
}
