// Retrains every model shipped in packages/nlp/models from the data in ../shared/data.
await import('./train-sentiment.ts');
await import('./train-intent.ts');
