// A part of the console whose code could not be downloaded (a lost connection, a release that replaced it) shows
// what it can instead of taking the whole console down with it.
import { Component, type ReactNode } from 'react';

export class LoadFailure extends Component<
  { fallback: ReactNode; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
