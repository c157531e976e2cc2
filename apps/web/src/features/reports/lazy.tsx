/** The report pages, loaded on demand with ECharts (shared/onDemand.tsx). */
import { onDemand } from '../../shared/onDemand.tsx';

export const ReportsDashboardPage = onDemand(() => import('./DashboardPage.tsx').then((m) => m.DashboardPage));
export const ReportsAgentsPage = onDemand(() => import('./AgentsPage.tsx').then((m) => m.AgentsPage));
export const ReportsQuestionsPage = onDemand(() => import('./QuestionsPage.tsx').then((m) => m.QuestionsPage));
