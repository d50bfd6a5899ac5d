/** The resource watchdog's public surface (see resource-watchdog.ts for how the pieces fit). */
export { ResourceWatchdog } from './resource-watchdog';
export { WatchdogHookError } from './watchdog-types';
export type {
  PeakWindow,
  ResourceWatchdogEvents,
  ResourceWatchdogOptions,
  WatchdogActionHooks,
  WatchdogDetails,
} from './watchdog-types';
export { EstimateStore, DEFAULT_CHARS_PER_SECOND, DEFAULT_PER_CHAR_BYTES } from './estimates';
export type { EstimateBasis, MemoryEstimate, ModelFigures, Observation } from './estimates';
export { Admission, DEFAULT_RESERVE, isGpuProvider, reserveFor } from './admission';
export type { AdmissionDecision, Availability, MemoryView, ReservePolicy } from './admission';
export type { PlanChange, PlanRenderInput, RenderPlan } from './render-plan';
export { ACTION_LADDER, PressurePolicy } from './pressure';
export type { LadderAction, PolicyStep, PressureChange, PressureLevel, PressureSample } from './pressure';
export { DEFAULT_THRESHOLDS } from './hysteresis';
export type { PressureThresholds } from './hysteresis';
export { buildDoctorReport, DoctorReportSchema } from './doctor-report';
export type { DoctorModel, DoctorOptions, DoctorReport } from './doctor-report';
export { formatDoctorReport } from './doctor-text';
export { detectExecutionProviders } from './execution-providers';
export { locateNvidiaSmi, NVIDIA_SMI_ENV } from './nvidia-smi-locate';
export type { GpuProbe, GpuReading } from './gpu-probe';
export type { SidecarMemory, SidecarPeakWindow, WatchedSidecar } from './watched-sidecars';
