/** The brief pages, loaded on demand with ECharts (shared/onDemand.tsx). */
import { onDemand } from '../../shared/onDemand.tsx';

export const BriefsListPage = onDemand(() => import('./BriefListPage.tsx').then((m) => m.BriefListPage));
export const BriefDetailPage = onDemand(() => import('./BriefPage.tsx').then((m) => m.BriefPage));
