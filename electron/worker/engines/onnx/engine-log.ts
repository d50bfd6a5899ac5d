/** How ONNX engines report what they noticed (the worker forwards it to the host as `log` messages). */
export type EngineLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type EngineLog = (level: EngineLogLevel, message: string) => void;

export const silentEngineLog: EngineLog = () => {};
