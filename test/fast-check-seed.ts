import fc from "fast-check";

// Property tests start from a fixed seed so that a CI run is reproducible: the same
// thousands of generated inputs every time. `FC_SEED=<n> npm run test:unit` explores
// other inputs; a failure prints the seed and path that reproduce it.
const seed = process.env.FC_SEED === undefined ? 20191113 : Number(process.env.FC_SEED);
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got "${process.env.FC_SEED}"`);
fc.configureGlobal({ seed });
