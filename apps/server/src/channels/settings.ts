/** A channel switched on by one setting refuses to start without the others it needs, naming each one missing. */
export function needSettings(setting: string, values: Record<string, string | undefined>): void {
  const missing = Object.entries(values)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) throw new Error(`${setting} is set, so kefu also needs ${missing.join(', ')}`);
}
