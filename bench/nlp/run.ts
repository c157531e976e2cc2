// Runs the text-understanding benchmarks one after the other: review sentiment (5-fold CV) and the FAQ matcher.
await import('./sentiment.ts');
await import('./matcher.ts');
await import('./chat.ts');
await import('./sentiment-contrast.ts');
