/**
 * The report pages, loaded on demand: ECharts and the pages come in their own chunks, so the agent's chat page and
 * the other pages do not download them.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { PageState } from '../../shared/PageState.tsx';

function onDemand(load: () => Promise<ComponentType>) {
  const Page = lazy(async () => ({ default: await load() }));
  return function ReportPage() {
    return (
      <Suspense fallback={<PageState loading />}>
        <Page />
      </Suspense>
    );
  };
}

export const ReportsDashboardPage = onDemand(() => import('./DashboardPage.tsx').then((m) => m.DashboardPage));
export const ReportsAgentsPage = onDemand(() => import('./AgentsPage.tsx').then((m) => m.AgentsPage));
export const ReportsQuestionsPage = onDemand(() => import('./QuestionsPage.tsx').then((m) => m.QuestionsPage));
