// Types of build-compiled-cli.mjs for the TypeScript that imports it (tests, benchmarks).
export type BuildResult = { built: true; dir: string; ms: number } | { built: false; reason: string };
export declare function buildCompiledToolkit(options: {
  root: string;
  cacheDir: string;
  name: string;
  esbuildVersion: string;
  now?: () => number;
}): Promise<BuildResult>;
export declare function publishToolkit(temporary: string, target: string): void;
export declare function opaqueDynamicImports(text: string): number[];
