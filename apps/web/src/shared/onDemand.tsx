/**
 * A page loaded on demand: heavy pages (the reports with ECharts) come in their own chunks, so the agent's chat page
 * and the other pages do not download them.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { PageState } from './PageState.tsx';

export function onDemand(load: () => Promise<ComponentType>) {
  const Page = lazy(async () => ({ default: await load() }));
  return function OnDemandPage() {
    return (
      <Suspense fallback={<PageState loading />}>
        <Page />
      </Suspense>
    );
  };
}
