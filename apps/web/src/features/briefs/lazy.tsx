/** The brief pages, loaded on demand with ECharts (the same chunking as the other report pages). */
import { lazy, Suspense, type ComponentType } from 'react';
import { PageState } from '../../shared/PageState.tsx';

function onDemand(load: () => Promise<ComponentType>) {
  const Page = lazy(async () => ({ default: await load() }));
  return function BriefsPage() {
    return (
      <Suspense fallback={<PageState loading />}>
        <Page />
      </Suspense>
    );
  };
}

export const BriefsListPage = onDemand(() => import('./BriefListPage.tsx').then((m) => m.BriefListPage));
export const BriefDetailPage = onDemand(() => import('./BriefPage.tsx').then((m) => m.BriefPage));
