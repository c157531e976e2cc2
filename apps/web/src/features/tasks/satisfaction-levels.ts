/** The words for 1–5 stars of collaboration satisfaction, lowest first. */
export const SATISFACTION_LEVELS = [
  'task.satisfaction.level1',
  'task.satisfaction.level2',
  'task.satisfaction.level3',
  'task.satisfaction.level4',
  'task.satisfaction.level5',
] as const;
