// Node flags for the web processes (scripts/serve.mjs), given by `npm start`,
// by serve.mjs to its cluster workers, and by the load benchmark.
//
// Rendering a page allocates many short-lived objects (React's element trees,
// the RSC payload, HTML chunks). V8's young generation (16 MB semi-spaces by
// default on Node 20 and 22) fills every few requests, and each scavenge stops
// the process. With 32 MB the Exposed accounts table took about 5% less CPU
// per view under 10 connections (docs/benchmarks.md, pages under load); 64 MB gave no
// more. It costs up to about 50 MB more memory per web process.
export const WEB_NODE_FLAGS = ["--max-semi-space-size=32"];
