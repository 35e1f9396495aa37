/**
 * galctl's programmatic API (the package's `main`/`exports`): run the CLI in-process, start the Galileo simulator,
 * load a manifest and build a plan. The CLI (`bin/galctl.js`) is the supported interface; these are for tests and
 * tooling that embed galctl.
 */
export { main } from './cli/main.js';
export type { Io } from './cli/io.js';
export { startSimulator, DEFAULT_SIM_API_KEY } from './sim/start-simulator.js';
export type { SimulatorOptions, SimulatorHandle } from './sim/start-simulator.js';
export { loadManifest } from './manifest/load-manifest.js';
export type { LoadManifestOptions, LoadManifestResult } from './manifest/load-manifest.js';
export { buildPlan } from './engine/build-plan.js';
export type { BuildPlanInput } from './engine/build-plan.js';
export type { Plan } from './core/plan-types.js';
