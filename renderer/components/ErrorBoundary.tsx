import { Component, type ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';

/** Keeps one broken page from taking down the frame. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) {
      return <ErrorAlert title="This page failed to load" error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}
