declare module '@echogarden/espeak-ng-emscripten' {
  /** Emscripten module factory; the module's shape is declared where it is used (espeak-wasm.ts). */
  const createModule: (options?: Record<string, unknown>) => Promise<unknown>;
  export default createModule;
}
