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

/** The view to render (one lazy component per view, made once); wrap it in <Suspense>. */
export function viewOf(view: View): ComponentType {
  let component = views.get(view);
  if (!component) {
    component = lazy(loaders[view]);
    views.set(view, component);
  }
  return component;
}
