// Types of compiled-cli.mjs for the TypeScript that imports it (tests, benchmarks).
export declare const FINGERPRINT_TREES: readonly string[];
export declare const FINGERPRINT_FILES: readonly string[];
export declare const MANIFEST_FILE: string;
export declare const MAIN_FILE: string;
export declare function defaultCacheDir(root: string): string;
export declare function installedEsbuildVersion(root: string): string | undefined;
export declare function compiledToolkitName(options: {
  root: string;
  esbuildVersion: string | undefined;
  nodeVersion?: string;
}): string;
export declare function rootKey(root: string): string;
export declare function completeToolkit(cacheDir: string, name: string): { dir: string; main: string } | undefined;
export declare function loadCompiledMain(options: {
  root: string;
  env: Readonly<Record<string, string | undefined>>;
  debug: boolean;
  log: (line: string) => void;
  cacheDir?: string;
}): Promise<((argv: readonly string[]) => Promise<number>) | undefined>;
