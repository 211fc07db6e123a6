import { IconListSearch, IconPlug, IconSettings } from '@tabler/icons-react';
import { PlaceholderPage } from '../../components/PlaceholderPage';

export default function RequestsPage() {
  return (
    <PlaceholderPage
      title="Requests"
      icon={IconListSearch}
      issue={7}
      summary="A searchable log of every call through Switchboard, with the attempt chain, timings, tokens and cost."
      features={[
        'A fast, virtualised table with filters: time, status, provider, model, client, route, source, cost and cache hits.',
        'Text search in stored request and response bodies.',
        'A detail drawer: attempts, time to first token, cost breakdown, redacted headers and readable bodies.',
        'Replay a request, open it in Race, or add it to a Compare prompt set.',
      ]}
      next={[
        { page: 'connect', label: 'Connect', icon: IconPlug, description: 'Create a client token and connect a tool; its calls are logged.' },
        { page: 'settings', label: 'Settings', icon: IconSettings, description: 'Choose whether bodies are logged and how long they are kept.' },
      ]}
    />
  );
}
