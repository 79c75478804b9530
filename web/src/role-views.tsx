// Each role's view is its own chunk: the sign-in page loads none of them, a console loads only its own, and the
// download starts as soon as the session is known, alongside the live state.
import { type ComponentType, lazy } from 'react';
import type { Role } from '../../src/domain/types.ts';

const loaders: Record<Role | 'reports', () => Promise<{ default: ComponentType }>> = {
  call_taker: () => import('./views/CallTakerView.tsx').then((m) => ({ default: m.CallTakerView })),
  dispatcher: () => import('./views/DispatcherView.tsx').then((m) => ({ default: m.DispatcherView })),
  agency: () => import('./views/AgencyView.tsx').then((m) => ({ default: m.AgencyView })),
  supervisor: () => import('./views/SupervisorView.tsx').then((m) => ({ default: m.SupervisorView })),
  admin: () => import('./views/AdminView.tsx').then((m) => ({ default: m.AdminView })),
  responder: () => import('./views/ResponderView.tsx').then((m) => ({ default: m.ResponderView })),
  reports: () => import('./views/reports/ReportsView.tsx').then((m) => ({ default: m.ReportsView })),
};

type View = keyof typeof loaders;
const views = new Map<View, ComponentType>();

/** Starts downloading a view before it is shown (the module is fetched once, whoever asks first). */
export function preloadView(view: View): void {
  void loaders[view]().catch(() => undefined);
}

/**
 * On the sign-in page, once the browser is idle, fetches and loads the code of every role's console (not the reports):
 * the role is known only from the sign-in's answer, and by then the code is here, so going live waits for the live
 * state alone, not for a chunk's download and parse beside the other consoles signing in. Where the browser cannot
 * say when it is idle, nothing is fetched early (the console's own view still loads with its live state).
 */
export function preloadViewsWhenIdle(): () => void {
  if (typeof window.requestIdleCallback !== 'function') return () => undefined;
  const views = Object.keys(loaders).filter((view): view is View => view !== 'reports');
  const handle = window.requestIdleCallback(() => {
    for (const view of views) preloadView(view);
  });
  return () => window.cancelIdleCallback(handle);
}

/** The view to render (one lazy component per view, made once); wrap it in <Suspense>. */
export function viewOf(view: View): ComponentType {
  let component = views.get(view);
  if (!component) {
    component = lazy(loaders[view]);
    views.set(view, component);
  }
  return component;
}
