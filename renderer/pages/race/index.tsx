import { IconBolt, IconKey, IconPlug } from '@tabler/icons-react';
import { PlaceholderPage } from '../../components/PlaceholderPage';

export default function RacePage() {
  return (
    <PlaceholderPage
      title="Race"
      icon={IconBolt}
      issue={5}
      summary="Send one prompt to several models and watch them answer side by side, live, with speed and cost per model."
      features={[
        'Pick 2 to 6 contestants (any model reachable with your keys, or a route) and stream them side by side.',
        'Time to first token, tokens per second, latency, tokens and cost for every column.',
        'Stop one column or all; errors stay in their own column.',
        'Vote for the best answer, follow up in each column’s own conversation, and keep every race in history.',
      ]}
      next={[
        { page: 'keys', label: 'Keys', icon: IconKey, description: 'Add the provider keys your contestants will use, and test them.' },
        { page: 'connect', label: 'Connect', icon: IconPlug, description: 'Point your tools at the local endpoint with a client token.' },
      ]}
    />
  );
}
